// The serializer as it was before it used JSON.stringify: a string-building emitter, kept as
// the reference the current serializer is compared with (serialize-ignition-config.test.ts).
import { IGNITION_FIELD_ORDER, type IgnitionObjectKind } from '../serialize-ignition-config.js';

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

const NEEDS_GO_ESCAPE = /[<>&\u2028\u2029]|\\[bf]/;

/** A JSON string literal escaped as Go's encoding/json writes it (what Ignition and Butane emit). */
function goString(value: string): string {
  let json = JSON.stringify(value);
  if (!NEEDS_GO_ESCAPE.test(json)) return json;
  if (/[<>&\u2028\u2029]/.test(json)) json = json.replace(/[<>&\u2028\u2029]/g, (c) => ESCAPES[c]!);
  if (json.includes('\\b') || json.includes('\\f')) {
    json = json.replace(
      /(?<!\\)((?:\\\\)*)\\([bf])/g,
      (_m, slashes: string, c: string) => `${slashes}\\u000${c === 'b' ? '8' : 'c'}`,
    );
  }
  return json;
}

/**
 * Emits a value; undefined means "leave the field out" (unset, null, an empty list, or an object
 * whose fields are all left out). Inside lists an empty object is still written as `{}`.
 */
function emit(
  value: unknown,
  kind: IgnitionObjectKind | null,
  indent: string,
  step: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  const nl = step === '' ? '' : '\n';
  const inner = indent + step;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    let out = `[${nl}`;
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += `,${nl}`;
      out += inner + (emit(value[i], kind, inner, step) ?? (typeof value[i] === 'object' ? '{}' : 'null'));
    }
    return `${out}${nl}${indent}]`;
  }
  if (kind === null) throw new TypeError('unexpected object in a scalar field');
  const order = IGNITION_FIELD_ORDER[kind] as Record<string, IgnitionObjectKind | null>;
  const record = value as Record<string, unknown>;
  const colon = step === '' ? ':' : ': ';
  let out = '';
  for (const key in order) {
    const field = record[key];
    if (field === undefined || field === null) continue;
    const text = emit(field, order[key] ?? null, inner, step);
    if (text === undefined) continue;
    out += `${out === '' ? '' : ','}${nl}${inner}"${key}"${colon}${text}`;
  }
  if (out === '') return undefined;
  return `{${out}${nl}${indent}}`;
}

/** The reference serialisation of a config (compact, or two-space indent with `pretty`). */
export function referenceSerializeIgnitionConfig(config: unknown, pretty = false): string {
  return emit(config, 'config', '', pretty ? '  ' : '') ?? '{}';
}
