/**
 * Characters PyYAML (cloud-init's YAML reader) refuses in a stream, or reads as line breaks, plus
 * a byte-order mark: every string holding one is written double-quoted with escapes.
 * PyYAML's printable set is `\t \n \r \x20-\x7E \x85 \xA0-\uD7FF \uE000-\uFFFD` and astral
 * characters; it reads `\r`, `\x85`, `\u2028`, `\u2029` as line breaks (YAML 1.1).
 */
const NEEDS_ESCAPES =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Plain scalars a YAML 1.1 reader (PyYAML, Go yaml.v2) or a YAML 1.2 reader (yaml, js-yaml,
 * yaml.v3) would resolve to something other than a string: booleans in every spelling YAML 1.1
 * knows, null, numbers in every base and form (including sexagesimal and `0o`), timestamps,
 * infinities, `=` (PyYAML's value tag) and `<<` (the merge key). Deliberately broader than
 * either spec: anything that starts like a number is quoted.
 */
const AMBIGUOUS_PLAIN = /^(?:[-+.]?[0-9].*|[-+]?\.(?:inf|nan)|~|null|y|yes|n|no|true|false|on|off|=|<<|)$/i;

/** True when a string cannot be written as-is in YAML without being misread (numbers, booleans and nulls in YAML 1.1 or 1.2, `~`, `=`, `<<`, or empty). */
export function isAmbiguousPlainScalar(value: string): boolean {
  return AMBIGUOUS_PLAIN.test(value);
}

/** True when a string holds characters that must be escaped (double-quoted) for PyYAML. */
export function needsEscapes(value: string): boolean {
  return NEEDS_ESCAPES.test(value);
}

/**
 * True when text survives a YAML round trip through cloud-init as-is (no escapes needed): the
 * test adapters use to choose between plain `content` and `encoding: b64` for file contents.
 */
export function isYamlSafeText(value: string): boolean {
  return !needsEscapes(value) && !value.includes('\r');
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\u000b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\u001b': '\\e',
  '"': '\\"',
  '\\': '\\\\',
  '\u0085': '\\N',
  '\u00a0': '\\_',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

function isPrintable(codePoint: number): boolean {
  return (
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa1 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd && codePoint !== 0xfeff) ||
    codePoint >= 0x10000
  );
}

/**
 * A YAML double-quoted scalar that PyYAML and YAML 1.2 readers both read back exactly: every
 * character outside PyYAML's printable set (and every line break) is escaped.
 */
export function doubleQuoted(value: string): string {
  let out = '"';
  for (const character of value) {
    const named = NAMED_ESCAPES[character];
    if (named !== undefined) {
      out += named;
      continue;
    }
    const codePoint = character.codePointAt(0)!;
    if (isPrintable(codePoint)) out += character;
    else if (codePoint <= 0xff) out += `\\x${codePoint.toString(16).padStart(2, '0')}`;
    else if (codePoint <= 0xffff) out += `\\u${codePoint.toString(16).padStart(4, '0')}`;
    else out += `\\U${codePoint.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A YAML single-quoted scalar (only `'` is escaped, as `''`); for single-line text without escapes. */
export function singleQuoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * True when a multi-line string can be written as a literal block (`|`) that PyYAML and YAML 1.2
 * readers read alike: a literal block detects its indentation from the first line with content,
 * and PyYAML counts the spaces of space-only lines before it as indentation.
 */
export function isLiteralBlockSafe(value: string): boolean {
  const lines = value.split('\n');
  const firstContent = lines.findIndex((line) => /[^ ]/.test(line));
  const leading = firstContent === -1 ? lines : lines.slice(0, firstContent);
  return !leading.some((line) => line.includes(' '));
}

/**
 * How a string must be written so that YAML 1.1 readers (PyYAML; Go's yaml.v2 and yaml.v3, whose
 * scanners treat U+0085, U+2028 and U+2029 as line breaks and refuse characters outside the
 * printable set) read it back exactly, where an emitter following YAML 1.2 alone would not:
 * double-quoted with escapes for such characters, for multi-line text that cannot be a literal
 * block (or sits in a key or a flow collection), and for `=` and `<<` (PyYAML's value tag, the
 * merge key). Undefined when the emitter's own choice is safe. For custom string tags of the
 * `yaml` library (`customTags`) outside cloud-config too.
 */
export function yaml11SafeScalar(
  value: string,
  context: { readonly implicitKey?: boolean; readonly inFlow?: boolean | null } = {},
): string | undefined {
  if (needsEscapes(value) || value === '=' || value === '<<') return doubleQuoted(value);
  if (value.includes('\n') && (context.implicitKey || context.inFlow || !isLiteralBlockSafe(value))) {
    return doubleQuoted(value);
  }
  return undefined;
}
