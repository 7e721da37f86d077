/**
 * A deep copy with the keys of every object in reverse order; arrays keep their order (list order
 * can be meaningful, e.g. mirrors are tried in order). Rendering it must give the same bytes.
 */
export function reverseKeyOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => reverseKeyOrder(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).reverse())
      out[key] = reverseKeyOrder((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}
