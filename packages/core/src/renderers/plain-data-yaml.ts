import { Document } from 'yaml';
import { yaml11SafeString } from './yaml11-safe-string.js';

// This emitter reproduces, for plain data, what `libraryToYaml` (the `yaml` library with
// kubenode's options) writes, byte for byte; `plain-data-yaml.test.ts` proves it with property
// tests. It declines (returns undefined) wherever it does not reproduce the library exactly,
// and `toYaml` then asks the library.

/** Plain scalars the library quotes: indicators, `: `, ` #`, leading/trailing blanks, `-`, `?`… */
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** A line that a YAML 1.1 reader could take for a directive or a document marker. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** Runs of line breaks inside the trailing blanks of a block scalar (not the final one). */
const INNER_LINE_BREAKS = /(^|(?<!\n))\n+(?!\n|$)/g;
const LINE_BREAKS = /\n+/g;
/** Longer implicit keys become explicit (`? key`) in the library: left to it. */
const MAX_IMPLICIT_KEY = 1024;
/** Deeper values (or cycles) are left to the library. */
const MAX_DEPTH = 100;

/**
 * Matches a plain scalar exactly when the library would read it back as something other than a
 * string (null, a YAML 1.1 boolean, integer, float, sexagesimal number or timestamp) and
 * therefore quotes it. Built from the library's own YAML 1.1 schema, so it cannot drift.
 */
const NON_STRING_SCALAR: RegExp = (() => {
  const tags = new Document(null, { version: '1.1' }).schema.tags as ReadonlyArray<{
    readonly default?: unknown;
    readonly tag: string;
    readonly test?: RegExp;
  }>;
  const tests = tags
    .filter(
      (tag) =>
        tag.default &&
        tag.tag !== 'tag:yaml.org,2002:str' &&
        tag.tag !== 'tag:yaml.org,2002:merge' &&
        tag.test !== undefined,
    )
    .map((tag) => tag.test!);
  if (tests.length === 0 || tests.some((test) => test.flags !== '')) {
    throw new Error('unexpected YAML 1.1 schema in the yaml library');
  }
  return new RegExp(tests.map((test) => `(?:${test.source})`).join('|'));
})();

/**
 * Letters first, then letters, digits, `_`, `.`, `/` or `-`: plain in every position, unless it
 * is one of YAML 1.1's booleans or nulls (yes, No, ON, null, ~…), which are at most 5 long. The
 * common case (field names, kinds, names, paths) is decided by this one test.
 */
const SIMPLE = /^[A-Za-z][\w./-]*$/;
const LONGEST_WORD_SCALAR = 5;

/** Thrown internally when a value is outside what this emitter reproduces exactly. */
const DECLINE = Symbol('decline');

/**
 * A single-line string in double quotes, as the library writes it: JSON's escapes (only `"` and
 * `\\` here: strings with control characters or lone surrogates get {@link yaml11SafeString}).
 */
function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}

/** A multi-line string as a literal block scalar (`|`, `|-`, `|+`, with `2` when it starts with a space). */
function literalBlock(value: string, indent: string): string {
  // Blanks after the last line break (a blank-only line) never get here: yaml11SafeString quotes them.
  let endStart = value.length;
  while (endStart > 0) {
    const c = value.charCodeAt(endStart - 1);
    if (c !== 0x0a && c !== 0x09 && c !== 0x20) break;
    endStart--;
  }
  let end = value.slice(endStart);
  const endBreak = end.indexOf('\n');
  const chomp = endBreak === -1 ? '-' : value === end || endBreak !== end.length - 1 ? '+' : '';
  let body = value;
  if (end !== '') {
    body = value.slice(0, endStart);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(INNER_LINE_BREAKS, `$&${indent}`);
  }
  let startsWithSpace = false;
  let lastLeadingBreak = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x20) startsWithSpace = true;
    else if (c === 0x0a) lastLeadingBreak = i;
    else break;
  }
  let start = body.slice(0, lastLeadingBreak + 1);
  if (start !== '') {
    body = body.slice(start.length);
    start = start.replace(LINE_BREAKS, `$&${indent}`);
  }
  const header = `${startsWithSpace ? '2' : ''}${chomp}`;
  return `|${header}\n${indent}${start}${body.replace(LINE_BREAKS, `$&${indent}`)}${end}`;
}

/** A string in value position (a map value or a sequence item) at `indent`. */
function stringValue(value: string, indent: string): string {
  if (SIMPLE.test(value) && (value.length > LONGEST_WORD_SCALAR || !NON_STRING_SCALAR.test(value)))
    return value;
  // Strings YAML 1.1 readers would misread (escapes, `=`, `<<`, unsafe literal blocks), as the
  // library's YAML 1.1 safety layer writes them.
  const safe = yaml11SafeString(value);
  if (safe !== undefined) return safe;
  if (value.includes('\n')) return literalBlock(value, indent);
  return NEEDS_QUOTES.test(value) || NON_STRING_SCALAR.test(value) ? doubleQuoted(value) : value;
}

/** A map key at `indent` (the indent of the pair's value). */
function keyString(key: string, indent: string): string {
  if (
    key.length <= MAX_IMPLICIT_KEY &&
    SIMPLE.test(key) &&
    (key.length > LONGEST_WORD_SCALAR || !NON_STRING_SCALAR.test(key))
  ) {
    return key;
  }
  if (key.includes('\n')) throw DECLINE;
  const text =
    yaml11SafeString(key, { implicitKey: true }) ??
    (NEEDS_QUOTES.test(key) ||
    (indent.length === 2 && DOCUMENT_MARKER.test(key)) ||
    NON_STRING_SCALAR.test(key)
      ? doubleQuoted(key)
      : key);
  if (text.length > MAX_IMPLICIT_KEY) throw DECLINE;
  return text;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

type Kind = 'scalar' | 'seq' | 'map';

function kindOf(value: unknown): Kind {
  if (value === null) return 'scalar';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return 'scalar';
    case 'object': {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (Array.isArray(value)) {
        if (proto !== Array.prototype) throw DECLINE;
        return 'seq';
      }
      if (proto !== Object.prototype && proto !== null) throw DECLINE;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw DECLINE;
      return 'map';
    }
    default:
      // undefined is handled by the callers; bigint, symbol, function: left to the library.
      throw DECLINE;
  }
}

function scalarText(value: unknown, indent: string): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringValue(value, indent);
  if (typeof value === 'number') return numberText(value);
  return value ? 'true' : 'false';
}

function seqText(items: readonly unknown[], indent: string, depth: number): string {
  if (items.length === 0) return '[]';
  if (depth > MAX_DEPTH) throw DECLINE;
  const inner = `${indent}  `;
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (i > 0) out += `\n${indent}`;
    out += '- ';
    if (item === undefined) {
      out += 'null';
      continue;
    }
    const kind = kindOf(item);
    out +=
      kind === 'scalar'
        ? scalarText(item, inner)
        : kind === 'seq'
          ? seqText(item as unknown[], inner, depth + 1)
          : mapText(item as Record<string, unknown>, inner, depth + 1);
  }
  return out;
}

function mapText(record: Readonly<Record<string, unknown>>, indent: string, depth: number): string {
  if (depth > MAX_DEPTH) throw DECLINE;
  const inner = `${indent}  `;
  let out = '';
  let empty = true;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value === undefined) continue;
    if (empty) empty = false;
    else out += `\n${indent}`;
    out += `${keyString(key, inner)}:`;
    const kind = kindOf(value);
    if (kind === 'scalar') {
      out += ` ${scalarText(value, inner)}`;
    } else {
      const text =
        kind === 'seq'
          ? seqText(value as unknown[], inner, depth + 1)
          : mapText(value as Record<string, unknown>, inner, depth + 1);
      // Empty collections stay on the key's line as `[]` / `{}`.
      out += text === '[]' || text === '{}' ? ` ${text}` : `\n${inner}${text}`;
    }
  }
  return empty ? '{}' : out;
}

/**
 * Serialises plain data (objects, arrays, strings, numbers, booleans, null) exactly as
 * `libraryToYaml` does, several times faster, or returns undefined for anything it does not
 * reproduce byte for byte (top-level scalars, class instances, `toJSON`, bigint, multi-line
 * or very long keys,
 * nesting deeper than 100), so that the caller falls back to the library.
 */
export function plainDataYaml(value: unknown): string | undefined {
  try {
    const kind = value === undefined ? 'scalar' : kindOf(value);
    if (kind === 'seq') return `${seqText(value as unknown[], '', 0)}\n`;
    if (kind === 'map') return `${mapText(value as Record<string, unknown>, '', 0)}\n`;
    return undefined;
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}
