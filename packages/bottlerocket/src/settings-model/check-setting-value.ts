import { checkStringFormat, type SettingType } from './setting-type.js';

/** One problem in Bottlerocket settings, located by its dotted TOML path. */
export interface SettingsIssue {
  /** e.g. `settings.kubernetes.max-pods`, `settings.container-registry.mirrors[0].endpoint`. */
  readonly path: string;
  readonly message: string;
}

/** Appends a key to a dotted path, quoting it as TOML does when it is not a bare key. */
export function joinPath(path: string, key: string): string {
  return `${path}.${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a table';
  if (typeof value === 'bigint') return 'an integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a float';
  return `a ${typeof value}`;
}

function describeType(type: SettingType): string {
  switch (type.kind) {
    case 'string':
      return type.enum ? `one of ${type.enum.map((v) => JSON.stringify(v)).join(', ')}` : 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer from ${type.min} to ${type.max}`;
    case 'number':
      return `a number from ${type.min} to ${type.max}`;
    case 'list':
      return 'an array';
    case 'tuple':
      return `an array of ${type.items.length} items`;
    case 'map':
    case 'table':
      return 'a table';
    case 'one-of':
      return type.expected;
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Checks a value against a setting type, appending every problem found. Values are never quoted
 * in messages (settings can hold secrets such as the bootstrap token or registry credentials).
 */
export function checkSettingValue(
  value: unknown,
  type: SettingType,
  path: string,
  issues: SettingsIssue[],
): void {
  const fail = (message: string): void => {
    issues.push({ path, message });
  };
  switch (type.kind) {
    case 'string': {
      if (typeof value !== 'string')
        return fail(`expected ${describeType(type)}, found ${describeValue(value)}`);
      if (type.enum && !type.enum.includes(value)) return fail(`expected ${describeType(type)}`);
      if (type.format) {
        const expected = checkStringFormat(value, type.format);
        if (expected) fail(`expected ${expected}`);
      }
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(`expected true or false, found ${describeValue(value)}`);
      return;
    case 'integer': {
      const number = typeof value === 'bigint' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number)) {
        return fail(`expected ${describeType(type)}, found ${describeValue(value)}`);
      }
      if (number < type.min || number > type.max) fail(`expected ${describeType(type)}`);
      return;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < type.min || value > type.max) {
        fail(`expected ${describeType(type)}, found ${describeValue(value)}`);
      }
      return;
    case 'list':
      if (!Array.isArray(value)) return fail(`expected an array, found ${describeValue(value)}`);
      if (type.minItems !== undefined && value.length < type.minItems) {
        fail(`expected at least ${type.minItems} item${type.minItems === 1 ? '' : 's'}`);
      }
      value.forEach((item, index) => checkSettingValue(item, type.of, `${path}[${index}]`, issues));
      return;
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.items.length) {
        return fail(`expected an array of ${type.items.length} items, found ${describeValue(value)}`);
      }
      type.items.forEach((item, index) => checkSettingValue(value[index], item, `${path}[${index}]`, issues));
      return;
    case 'map':
      if (!isTable(value)) return fail(`expected a table, found ${describeValue(value)}`);
      for (const [key, item] of Object.entries(value)) {
        const expected = checkStringFormat(key, type.key);
        const itemPath = joinPath(path, key);
        if (expected) issues.push({ path: itemPath, message: `invalid key: expected ${expected}` });
        checkSettingValue(item, type.value, itemPath, issues);
      }
      return;
    case 'table': {
      if (!isTable(value)) return fail(`expected a table, found ${describeValue(value)}`);
      for (const [key, item] of Object.entries(value)) {
        const field = type.fields[key];
        if (!field) {
          issues.push({
            path: joinPath(path, key),
            message: `unknown key; expected one of ${Object.keys(type.fields).join(', ')}`,
          });
        } else checkSettingValue(item, field, joinPath(path, key), issues);
      }
      for (const key of type.required ?? []) {
        if (!(key in value)) issues.push({ path: joinPath(path, key), message: 'required key is missing' });
      }
      return;
    }
    case 'one-of': {
      for (const option of type.options) {
        const attempt: SettingsIssue[] = [];
        checkSettingValue(value, option, path, attempt);
        if (attempt.length === 0) return;
      }
      fail(`expected ${type.expected}`);
      return;
    }
  }
}
