/**
 * Serialises a JSON value canonically, in the manner of RFC 8785 (JSON Canonicalization Scheme):
 * object keys sorted by UTF-16 code units, no insignificant whitespace, numbers and strings as
 * ECMAScript's `JSON.stringify` writes them. Equal values always give identical text, which makes
 * the text fit for content addressing.
 *
 * @throws {TypeError} for values JSON cannot represent without loss: `undefined` inside arrays,
 *   non-finite numbers, bigints, functions, symbols, and objects that are not plain (Date, Map, ...).
 *   Object properties whose value is `undefined` are omitted, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${where}: ${value} has no JSON representation`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value
          .map((item, index) => {
            if (item === undefined)
              throw new TypeError(`${where}[${index}]: undefined has no JSON representation`);
            return serialise(item, `${where}[${index}]`);
          })
          .join(',')}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError(`${where}: only plain objects can be serialised canonically`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${serialise(record[key], `${where}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`${where}: a ${typeof value} has no JSON representation`);
  }
}
