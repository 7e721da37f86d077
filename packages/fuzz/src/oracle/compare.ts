/** JSON with object keys sorted at every depth: equal values give equal strings. `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof Map) return Object.fromEntries(item);
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const record = item as Record<string, unknown>;
        return Object.fromEntries(
          Object.keys(record)
            .sort()
            .map((key) => [key, record[key]]),
        );
      }
      return item;
    }) ?? 'undefined'
  );
}

/** Escapes everything outside printable ASCII, so invisible and line-breaking characters show in messages. */
export function visible(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (char) =>
    [...char].map((unit) => `\\u{${unit.codePointAt(0)!.toString(16)}}`).join(''),
  );
}

function show(value: unknown): string {
  const text = visible(canonicalJson(value));
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** Where two values first differ (`a.b[2]: x vs y`), or undefined when they are equal. */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (canonicalJson(actual) === canonicalJson(expected)) return undefined;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length)
      return `${path}: ${actual.length} items vs ${expected.length} (${show(actual)} vs ${show(expected)})`;
    for (let index = 0; index < actual.length; index++) {
      const difference = firstDifference(actual[index], expected[index], `${path}[${index}]`);
      if (difference !== undefined) return difference;
    }
  }
  const isRecord = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isRecord(actual) && isRecord(expected)) {
    const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
    for (const key of keys) {
      if (!(key in actual)) return `${path}.${key}: missing vs ${show(expected[key])}`;
      if (!(key in expected)) return `${path}.${key}: ${show(actual[key])} vs missing`;
      const difference = firstDifference(actual[key], expected[key], `${path}.${key}`);
      if (difference !== undefined) return difference;
    }
  }
  return `${path}: ${show(actual)} vs ${show(expected)}`;
}
