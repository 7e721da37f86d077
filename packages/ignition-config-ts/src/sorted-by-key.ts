/** Lists up to this long are insertion-sorted (a config's files, units and users usually are). */
const INSERTION_SORT_MAX = 32;

/**
 * A copy of `items` in ascending order of `key(item)`, strings compared as `<` compares them
 * (UTF-16 code units); items with equal keys keep their order, as with the stable
 * `Array.prototype.sort`. Each key is computed once, and short lists are insertion-sorted,
 * which spares the per-call allocations of `Array.prototype.sort`.
 */
export function sortedByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const out = items.slice();
  const keys = out.map(key);
  const n = out.length;
  if (n > INSERTION_SORT_MAX) {
    const order = keys.map((_, i) => i);
    order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    return order.map((i) => out[i]!);
  }
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    const item = out[i]!;
    let j = i - 1;
    // Strictly greater: an equal key stays ahead of the item, so the sort is stable.
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      out[j + 1] = out[j]!;
      j--;
    }
    keys[j + 1] = k;
    out[j + 1] = item;
  }
  return out;
}
