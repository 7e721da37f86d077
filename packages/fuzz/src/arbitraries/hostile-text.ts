import fc from 'fast-check';

/**
 * Fragments that break naive renderers of the formats kubenode writes: line breaks of every
 * kind, quoting and escaping characters, comment markers, YAML/TOML/INI/shell/systemd/MIME/
 * cloud-init syntax, heredoc markers, document markers, specifiers, and unicode that changes
 * how text is shown or read (RTL override, zero-width, BOM, line/paragraph separators, NEL,
 * astral characters, combining marks). NUL is not here: {@link withNul} adds it where a test
 * expects it to be refused.
 */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '\t',
  ' ',
  '  ',
  '"',
  "'",
  '`',
  '\\',
  '\\n',
  '\\"',
  '\\\\',
  '#',
  ' # comment',
  ':',
  ': ',
  '- ',
  '? ',
  '|',
  '>-',
  '&anchor ',
  '*alias',
  '!!binary ',
  '!!python/object:os.system ',
  '!tag ',
  '{a: 1}',
  '[1, 2]',
  '---',
  '\n---\n',
  '...',
  '\n...\n',
  '%YAML 1.1\n',
  '%TAG ! tag:example.com:\n',
  'yes',
  'no',
  'on',
  'off',
  'null',
  '~',
  '0644',
  '0o755',
  '0x1F',
  '1e3',
  '.inf',
  '.NaN',
  '2001-01-01',
  '12:30:00',
  '=',
  'key = "value"',
  'key = """multi',
  '"""',
  "'''",
  '[section]',
  '[[array]]',
  '[settings.kubernetes]',
  'settings.motd = "x"',
  '[Service]',
  '[Unit]',
  'ExecStart=/bin/sh -c id',
  '\nExecStartPre=/bin/false\n',
  'Environment="A=1"',
  '%',
  '%h',
  '%i',
  '%%',
  '%n%t',
  '$',
  '$HOME',
  '${X}',
  '$(id)',
  '`id`',
  ';',
  '&&',
  '||',
  '|',
  '>',
  '<',
  '2>&1',
  'EOF',
  "<<'EOF'\n",
  '<<EOF\n',
  '\nEOF\n',
  "'EOF'",
  '#cloud-config',
  '\n#cloud-config\n',
  '#!/bin/sh\n',
  '#include https://example.com/x\n',
  '## template: jinja\n',
  '{{ ds.meta_data.secret }}',
  '{% if x %}',
  'Content-Type: multipart/mixed; boundary="==BOUNDARY=="\n',
  'MIME-Version: 1.0\n',
  '--==BOUNDARY==\n',
  'runcmd:\n- id\n',
  'write_files:\n',
  'data:,x%0A',
  ',',
  '@',
  '/',
  '..',
  '*',
  '?',
  '!',
  '-----BEGIN CERTIFICATE-----',
  '\u202e',
  '\u202d',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u2028',
  '\u2029',
  '\u0085',
  '\u00a0',
  '\u000b',
  '\u000c',
  '\u001b[31m',
  '\u0007',
  '\u007f',
  '\u009b',
  'é',
  'e\u0301',
  'ß',
  'İ',
  '日本語',
  'עברית',
  'العربية',
  '🚀',
  '𝄞',
  '👩‍👩‍👧',
  '\ud83d\ude00',
  '\uffff',
  '\ufffd',
];

/** Very long values: past line-length limits (2048 bytes), folding thresholds and read buffers (4096 bytes). */
export const LONG_VALUES: readonly string[] = [
  'a'.repeat(2049),
  'x '.repeat(1100),
  `${'long line '.repeat(420)}\n${'another '.repeat(300)}`,
  'é'.repeat(1100),
  'fedcba9876543210'.repeat(300),
];

const fragment = fc.constantFrom(...HOSTILE_FRAGMENTS);

/**
 * Hostile free-form text: fragments interleaved with arbitrary unicode, sometimes very long.
 * Never contains NUL or unpaired surrogates (see {@link withNul}, {@link withLoneSurrogate}).
 */
export function hostileText(options: { maxParts?: number } = {}): fc.Arbitrary<string> {
  const maxParts = options.maxParts ?? 12;
  const part = fc.oneof(
    { weight: 6, arbitrary: fragment },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9 _.-]{0,15}$/) },
  );
  const text = fc
    .array(part, { maxLength: maxParts })
    .map((parts) => parts.join(''))
    .map((value) => value.replaceAll('\u0000', '\u2400'));
  return fc.oneof(
    { weight: 60, arbitrary: text },
    { weight: 1, arbitrary: fc.constantFrom(...LONG_VALUES) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...LONG_VALUES), text)
        .map(([long, tail]) => `${tail}${long}${tail}`),
    },
  );
}

/** Hostile text on one line: no line breaks of any kind (YAML 1.1, Unicode or ASCII), no control characters. */
export function hostileLine(options: { maxParts?: number } = {}): fc.Arbitrary<string> {
  return hostileText(options).map((value) =>
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, '')
      .replace(/[\ud800-\udfff]/g, (char, index, all) => (isPairedSurrogate(all, index) ? char : '')),
  );
}

function isPairedSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(index + 1);
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const previous = text.charCodeAt(index - 1);
  return previous >= 0xd800 && previous <= 0xdbff;
}

/** Inserts a NUL character somewhere in a value. */
export function withNul(value: string, at: number): string {
  const index = value.length === 0 ? 0 : at % (value.length + 1);
  return `${value.slice(0, index)}\u0000${value.slice(index)}`;
}
