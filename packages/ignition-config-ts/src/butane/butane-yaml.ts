import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { IgnitionIssue } from '../ignition-issue.js';

/**
 * A plain (unquoted) YAML scalar whose type is decided by the field it lands in, as Butane's YAML
 * decoder (go-yaml v3) does: `mode: 0644` into an integer field is octal 420, `enabled: yes` into
 * a boolean field is true, `inline: yes` into a string field stays the text `yes`.
 */
export class PlainScalar {
  constructor(
    /** The scalar exactly as written. */
    readonly text: string,
  ) {}
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const TRUE = new Set(['true', 'True', 'TRUE', 'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const FALSE = new Set(['false', 'False', 'FALSE', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/** The integer a plain scalar means in an integer field (YAML 1.1 rules: `0644` is octal), or undefined. */
export function plainInteger(text: string): number | undefined {
  const cleaned = text.replace(/_/g, '');
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(cleaned);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  const digits = match[2]!;
  let value: number;
  if (/^0[xX]/.test(digits)) value = Number.parseInt(digits.slice(2), 16);
  else if (/^0[oO]/.test(digits)) value = Number.parseInt(digits.slice(2), 8);
  else if (/^0[bB]/.test(digits)) value = Number.parseInt(digits.slice(2), 2);
  else if (digits.length > 1 && digits.startsWith('0')) value = Number.parseInt(digits.slice(1), 8);
  else value = Number.parseInt(digits, 10);
  return Number.isSafeInteger(value) ? sign * value : undefined;
}

/** The boolean a plain scalar means in a boolean field (true/false and YAML 1.1 yes/no/on/off), or undefined. */
export function plainBoolean(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

function toValue(node: Node | null, document: Document, depth: number): unknown {
  if (depth > 64) throw new RangeError('YAML nesting is too deep');
  if (node === null) return null;
  if (isAlias(node)) return toValue(node.resolve(document) ?? null, document, depth + 1);
  if (isScalar(node)) {
    const text = String(node.value ?? '');
    if (node.type === 'PLAIN') return NULLS.has(text) ? null : new PlainScalar(text);
    return text;
  }
  if (isSeq(node)) return node.items.map((item) => toValue(item as Node, document, depth + 1));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = toValue(pair.key as Node, document, depth + 1);
      const name = key instanceof PlainScalar ? key.text : String(key);
      out[name] = toValue(pair.value as Node | null, document, depth + 1);
    }
    return out;
  }
  return null;
}

/**
 * Reads Butane YAML into plain values whose plain scalars are kept as {@link PlainScalar} until a
 * schema decides their type. Quoted and block scalars are strings; `~`, `null` and empty values
 * are null; anchors and aliases are resolved.
 */
export function readButaneYaml(text: string): { value: unknown; issues: IgnitionIssue[] } {
  const document = parseDocument(text, {
    version: '1.1',
    schema: 'failsafe',
    uniqueKeys: true,
    prettyErrors: false,
  });
  const issues: IgnitionIssue[] = document.errors.map((error) => ({
    severity: 'error' as const,
    path: [],
    code: 'yaml-syntax',
    message: `YAML ${error.code}${error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : ''}: ${error.message.split('\n')[0]}`,
  }));
  if (issues.length > 0) return { value: undefined, issues };
  return { value: toValue(document.contents as Node | null, document, 0), issues };
}
