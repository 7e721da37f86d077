import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedByKey } from './sorted-by-key.js';

const RUNS = Number(process.env.KUBENODE_PROPERTY_RUNS ?? 500);

/** The order it replaces: a stable Array.prototype.sort comparing the keys with < and >. */
function reference<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

describe('sortedByKey', () => {
  it('orders exactly as the stable Array.prototype.sort does, equal keys in input order', () => {
    // Short keys from a few characters (with non-BMP ones) make many ties; lengths cross the
    // insertion-sort limit.
    const key = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '/', 'é', '😀'), maxLength: 3 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 80 }), (keys) => {
        const items = keys.map((name, index) => ({ name, index }));
        const sorted = sortedByKey(items, (item) => item.name);
        expect(sorted).toEqual(reference(items, (item) => item.name));
        for (let i = 0; i < sorted.length; i++) expect(sorted[i]).toBe(reference(items, (x) => x.name)[i]);
      }),
      { numRuns: RUNS },
    );
  });

  it('returns a new list and leaves the input alone', () => {
    const items = ['c', 'a', 'b'];
    const sorted = sortedByKey(items, (item) => item);
    expect(sorted).toEqual(['a', 'b', 'c']);
    expect(items).toEqual(['c', 'a', 'b']);
    expect(sortedByKey([], (item: string) => item)).toEqual([]);
  });
});
