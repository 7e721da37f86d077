/**
 * Freezes a value and everything reachable from it, so an adapter that mutates its input fails
 * loudly (ES modules run in strict mode: writing to a frozen object throws a TypeError).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
