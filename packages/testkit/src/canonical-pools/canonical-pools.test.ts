import { featureInUse, NODE_POOL_FEATURES } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { canonicalPool } from './canonical-pool.js';
import { CANONICAL_POOLS } from './canonical-pools.js';

describe('canonical pools', () => {
  it.each(CANONICAL_POOLS.map((entry) => [entry.id, entry] as const))(
    '%s is valid and uses exactly the features it declares',
    (id, entry) => {
      const pool = canonicalPool(id, 'acme.os');
      expect(pool.spec.distro).toBe('acme.os');
      const used = NODE_POOL_FEATURES.filter((feature) => featureInUse(pool, feature));
      expect(used.sort()).toEqual([...entry.features].sort());
    },
  );

  it('has unique ids and covers every feature', () => {
    expect(new Set(CANONICAL_POOLS.map((entry) => entry.id)).size).toBe(CANONICAL_POOLS.length);
    const covered = new Set(CANONICAL_POOLS.flatMap((entry) => entry.features));
    expect(NODE_POOL_FEATURES.filter((feature) => !covered.has(feature))).toEqual([]);
  });
});
