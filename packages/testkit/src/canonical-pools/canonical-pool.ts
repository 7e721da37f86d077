import { validateNodePool, type NodePool } from '@kubenode/core';
import { CANONICAL_POOLS } from './canonical-pools.js';

/**
 * A canonical pool, validated, for the given distro.
 *
 * @throws {Error} for an unknown id (a test bug).
 */
export function canonicalPool(id: string, distro: string): NodePool {
  const entry = CANONICAL_POOLS.find((candidate) => candidate.id === id);
  if (!entry)
    throw new Error(`no canonical pool '${id}'; known: ${CANONICAL_POOLS.map((p) => p.id).join(', ')}`);
  return validateNodePool(
    { ...entry.input, spec: { ...entry.input.spec, distro } },
    { source: `canonical pool ${id}` },
  );
}
