import { redactSecrets } from '@kubenode/core';

/**
 * A copy of a JSON-like value with every known secret replaced by `[redacted]` in each string,
 * for reports printed on stdout (a build plan, a validation report) that end up in CI logs.
 * Redacting before serializing also catches multi-line secrets (private keys) that JSON would
 * escape.
 */
export function redactData<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redactSecrets(item, secrets);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, walk(child)]));
    }
    return item;
  };
  return walk(value) as T;
}
