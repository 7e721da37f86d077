import { didYouMean } from '@kubenode/core';
import { parseDocument } from 'yaml';
import {
  K3OS_CONFIG_FIELDS,
  K3OS_FILE_ENCODINGS,
  type K3osField,
  type K3osFieldType,
} from './k3os-config-fields.js';

/** One problem in a k3OS config, located by its path as written (`k3os.sysctl."kernel.printk"`). */
export interface K3osConfigIssue {
  readonly path: string;
  readonly message: string;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function join(path: string, key: string): string {
  const segment = /^[A-Za-z0-9_]+$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? segment : `${path}.${segment}`;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a timestamp';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

/** Resolves the key spellings of one level: exact struct key, README name, aliases, struct key in any case. */
function fieldFor(key: string, fields: readonly K3osField[]): K3osField | undefined {
  return (
    fields.find((field) => field.name === key || field.structKey === key || field.aliases.includes(key)) ??
    fields.find((field) => field.structKey.toLowerCase() === key.toLowerCase())
  );
}

function checkValue(value: unknown, type: K3osFieldType, path: string, issues: K3osConfigIssue[]): void {
  const fail = (message: string): void => {
    issues.push({ path, message });
  };
  if (value === null) return; // an empty key decodes to the zero value
  if (type === 'string') {
    if (typeof value !== 'string') {
      fail(
        `expected a string, found ${kind(value)} (quote it: YAML 1.1 reads 0755, yes, on as numbers and booleans)`,
      );
    }
  } else if (type === 'string-list') {
    if (typeof value === 'string') return;
    if (!Array.isArray(value))
      return fail(`expected a list of strings (or one string), found ${kind(value)}`);
    value.forEach((item, index) => {
      if (typeof item !== 'string')
        issues.push({ path: `${path}[${index}]`, message: `expected a string, found ${kind(item)}` });
    });
  } else if (type === 'string-map') {
    if (!isMap(value)) return fail(`expected a mapping of strings, found ${kind(value)}`);
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && typeof item === 'object') {
        issues.push({ path: join(path, key), message: `expected a scalar value, found ${kind(item)}` });
      }
    }
  } else if (type === 'bool') {
    if (typeof value === 'string') {
      if (value !== 'true' && value !== 'false')
        fail('k3OS reads any string other than "true" as false; write true or false');
    } else if (typeof value !== 'boolean') fail(`expected true or false, found ${kind(value)}`);
  } else if ('table' in type) {
    if (!isMap(value)) return fail(`expected a mapping, found ${kind(value)}`);
    checkLevel(value, type.table, path, issues);
  } else {
    if (!Array.isArray(value))
      return fail(`expected a list of mappings, found ${kind(value)} (k3OS does not wrap a single mapping)`);
    value.forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      if (!isMap(item)) issues.push({ path: itemPath, message: `expected a mapping, found ${kind(item)}` });
      else checkLevel(item, type.tableList, itemPath, issues);
    });
  }
}

function checkLevel(
  map: Record<string, unknown>,
  fields: readonly K3osField[],
  path: string,
  issues: K3osConfigIssue[],
): void {
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(map)) {
    const keyPath = join(path, key);
    const field = fieldFor(key, fields);
    if (!field) {
      const suggestion = didYouMean(
        key,
        fields.flatMap((candidate) => [candidate.name, ...candidate.aliases]),
      );
      issues.push({
        path: keyPath,
        message: `unknown key (k3OS ignores it silently)${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      });
      continue;
    }
    const earlier = seen.get(field.name);
    if (earlier !== undefined) {
      issues.push({
        path: keyPath,
        message: `sets ${field.name} again (already set as '${earlier}'); k3OS keeps only one of them`,
      });
    }
    seen.set(field.name, key);
    checkValue(value, field.type, keyPath, issues);
    if (field.name === 'encoding' && typeof value === 'string' && !K3OS_FILE_ENCODINGS.includes(value)) {
      issues.push({
        path: keyPath,
        message: `expected one of ${K3OS_FILE_ENCODINGS.map((e) => JSON.stringify(e)).join(', ')}`,
      });
    }
    if (
      field.name === 'permissions' &&
      typeof value === 'string' &&
      value !== '' &&
      !/^[0-7]{1,4}$/.test(value)
    ) {
      issues.push({ path: keyPath, message: 'expected octal permissions such as "0644"' });
    }
  }
}

/**
 * Checks a parsed k3OS config against the keys k3OS reads (pkg/config): every spelling its
 * FuzzyNames mapper accepts (README snake_case, struct keys, singular and lower-case aliases),
 * value types with k3OS's coercions, `write_files` encodings and permissions. Unknown keys are
 * errors here although k3OS ignores them, because an ignored key is a silent misconfiguration.
 */
export function validateK3osConfig(config: unknown): K3osConfigIssue[] {
  if (config === null || config === undefined) return [];
  if (!isMap(config)) return [{ path: '(root)', message: `expected a mapping, found ${kind(config)}` }];
  const issues: K3osConfigIssue[] = [];
  checkLevel(config, K3OS_CONFIG_FIELDS, '', issues);
  return issues;
}

/**
 * Parses k3OS `config.yaml` text the way k3OS (Go yaml.v2) reads it: YAML 1.1, so unquoted
 * `0755` is octal 493 and `yes`/`on` are booleans. Syntax errors become issues with a line.
 */
export function parseK3osConfig(text: string): {
  readonly config: unknown;
  readonly issues: K3osConfigIssue[];
} {
  if (text.startsWith('#!')) {
    return {
      config: undefined,
      issues: [{ path: '(root)', message: 'a user data script (#!), not a config' }],
    };
  }
  const document = parseDocument(text, { version: '1.1', uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      config: undefined,
      issues: document.errors.map((error) => ({
        path: '(yaml)',
        message: `not valid YAML${error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : ''}: ${error.code}`,
      })),
    };
  }
  return { config: document.toJS({ maxAliasCount: 100 }), issues: [] };
}

/** Parses and validates k3OS `config.yaml` text (see {@link parseK3osConfig}, {@link validateK3osConfig}). */
export function validateK3osConfigText(text: string): K3osConfigIssue[] {
  const parsed = parseK3osConfig(text);
  return parsed.issues.length > 0 ? parsed.issues : validateK3osConfig(parsed.config);
}
