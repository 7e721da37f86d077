import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';

/**
 * Small readers for the text formats nodes read, written from the formats' documentation
 * (sysctl.d(5), systemd.syntax(7), systemd.exec(5), RFC 2397, Go's encoding/base64), so the
 * tests never read kubenode's output with kubenode's own code.
 */

/** Every string leaf replaced by '' and the given keys dropped: the structure of a parsed document. */
export function blankShape(value: unknown, ignoreKeys: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === 'string') return '';
  if (Array.isArray(value)) return value.map((item) => blankShape(item, ignoreKeys));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !ignoreKeys.has(key))
        .map(([key, item]) => [key, blankShape(item, ignoreKeys)]),
    );
  }
  return value;
}

/** sysctl.d(5): `key = value` lines; `#`/`;` comments; a leading `-` on the key ignores failures. Last one wins. */
export function parseSysctlConf(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const equals = line.indexOf('=');
    if (equals < 0) {
      values[`<no '=' in line: ${line}>`] = '';
      continue;
    }
    const key = line.slice(0, equals).trim().replace(/^-/, '');
    values[key] = line.slice(equals + 1).trim();
  }
  return values;
}

/** One `key=value` assignment of a systemd unit file, in its section. */
export interface UnitAssignment {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

/** systemd.syntax(7): sections, `Key=Value` lines, `#`/`;` comments, backslash line continuation. */
export function parseUnitFile(text: string): UnitAssignment[] {
  const assignments: UnitAssignment[] = [];
  let section = '';
  let pending = '';
  for (const raw of text.split('\n')) {
    let line = raw.replace(/\r$/, '');
    if (pending === '' && /^\s*[#;]/.test(line)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    line = pending + line;
    pending = '';
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      section = header[1]!;
      continue;
    }
    const equals = trimmed.indexOf('=');
    if (equals < 0) {
      assignments.push({ section, key: `<invalid line>`, value: trimmed });
      continue;
    }
    assignments.push({
      section,
      key: trimmed.slice(0, equals).trim(),
      value: trimmed.slice(equals + 1).trim(),
    });
  }
  return assignments;
}

const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
};

/**
 * systemd's `Environment=` value: words split on whitespace, single or double quotes removed,
 * C escapes resolved, then specifiers (`%%` → `%`; any other `%x` would be expanded by systemd,
 * which is reported). Returns the assignments and the problems.
 */
export function parseSystemdEnvironment(value: string): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  const words: string[] = [];
  let index = 0;
  while (index < value.length) {
    while (index < value.length && /\s/.test(value[index]!)) index++;
    if (index >= value.length) break;
    let word = '';
    let quote: string | undefined;
    while (index < value.length) {
      const char = value[index]!;
      if (quote === undefined && /\s/.test(char)) break;
      if (quote === undefined && (char === '"' || char === "'")) {
        quote = char;
        index++;
        continue;
      }
      if (quote !== undefined && char === quote) {
        quote = undefined;
        index++;
        continue;
      }
      if (char === '\\') {
        const next = value[index + 1];
        if (next === undefined) {
          problems.push('a trailing backslash');
          index++;
          continue;
        }
        if (next === 'x') {
          word += String.fromCharCode(Number.parseInt(value.slice(index + 2, index + 4), 16));
          index += 4;
          continue;
        }
        const escaped = C_ESCAPES[next];
        if (escaped === undefined) problems.push(`an unknown escape \\${next}`);
        word += escaped ?? next;
        index += 2;
        continue;
      }
      word += char;
      index++;
    }
    if (quote !== undefined) problems.push('an unterminated quote');
    words.push(word);
  }
  for (const word of words) {
    let resolved = '';
    for (let at = 0; at < word.length; at++) {
      if (word[at] === '%') {
        if (word[at + 1] === '%') {
          resolved += '%';
          at++;
        } else {
          problems.push(`a specifier %${word[at + 1] ?? ''} that systemd would expand`);
          resolved += '%';
        }
      } else resolved += word[at];
    }
    const equals = resolved.indexOf('=');
    if (equals <= 0) problems.push(`an Environment word without '=': ${JSON.stringify(resolved)}`);
    else env[resolved.slice(0, equals)] = resolved.slice(equals + 1);
  }
  return { env, problems };
}

/**
 * Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` ignored, anything else
 * outside the alphabet is an error (undefined).
 */
export function decodeGoBase64(text: string): Buffer | undefined {
  const stripped = text.replace(/[\r\n]/g, '');
  if (stripped.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(stripped)) return undefined;
  return Buffer.from(stripped, 'base64');
}

/** RFC 2397 `data:` URL as Ignition decodes it (vincent-petithory/dataurl): percent-decoded, or base64. */
export function decodeDataUrl(url: string): Buffer | undefined {
  const match = /^data:([^,]*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const meta = match[1] ?? '';
  const payload = match[2] ?? '';
  if (/;base64$/i.test(meta)) return decodeGoBase64(payload);
  const bytes: number[] = [];
  for (let index = 0; index < payload.length; index++) {
    const char = payload[index]!;
    if (char === '%') {
      const hex = payload.slice(index + 1, index + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** gunzip, or undefined when the bytes are not gzip. */
export function gunzip(bytes: Buffer): Buffer | undefined {
  try {
    return gunzipSync(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Reads a YAML document with YAML 1.1 semantics (`yes` is true, `0644` octal, `1:20` sexagesimal),
 * as the Go readers of kubeadm (sigs.k8s.io/yaml), k3OS and Talos resolve plain scalars.
 */
export function readYaml11(text: string): { value?: unknown; error?: string } {
  const documents = parseAllDocuments(text, { version: '1.1', uniqueKeys: true });
  if (!Array.isArray(documents)) return { value: null };
  const errors = documents.flatMap((document) =>
    document.errors.map((error) => error.message.split('\n')[0]!),
  );
  if (errors.length > 0) return { error: errors.join('; ') };
  const values = documents.map((document) => document.toJS({ maxAliasCount: 0 }));
  return { value: values.length === 1 ? values[0] : values };
}

/** Line count of a text (the generated files' structure, when it is not a YAML document). */
export function lineCount(text: string): number {
  return text.split('\n').length;
}
