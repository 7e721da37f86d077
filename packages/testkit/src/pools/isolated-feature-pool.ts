import type { NodePoolFeature, NodePoolInput } from '@kubenode/core';
import { CANONICAL_POOLS, type CanonicalPool } from '../canonical-pools/canonical-pools.js';

/** The fields a feature's value lives in, below `spec` (a password hash lives in its user). */
function fieldOf(feature: NodePoolFeature): readonly string[] {
  return feature === 'os.users.passwordHash' ? ['os', 'users'] : feature.split('.');
}

/**
 * The minimal canonical pool plus one feature, with the value the first canonical pool that uses
 * the feature gives it: the input of the `feature:<feature>` cases. A password hash comes with
 * its user (`os.users`), which is what it belongs to.
 */
export function isolatedFeaturePool(feature: NodePoolFeature): Pick<CanonicalPool, 'id' | 'input'> {
  const minimal = CANONICAL_POOLS.find((entry) => entry.id === 'minimal');
  const source = CANONICAL_POOLS.find((entry) => entry.features.includes(feature));
  if (!minimal || !source) throw new Error(`testkit bug: no canonical pool uses ${feature}`);
  const [section, ...rest] = fieldOf(feature);
  const sourceSpec = source.input.spec as unknown as Record<string, Record<string, unknown> | undefined>;
  let value: unknown = sourceSpec[section!];
  for (const key of rest) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined)
    throw new Error(`testkit bug: canonical pool ${source.id} has no value for ${feature}`);
  const spec = structuredClone(minimal.input.spec) as unknown as Record<string, Record<string, unknown>>;
  let target = (spec[section!] ??= {});
  for (const key of rest.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
  target[rest[rest.length - 1]!] = structuredClone(value);
  return {
    id: `feature:${feature}`,
    input: {
      ...minimal.input,
      metadata: { name: `feature-${feature.replaceAll('.', '-').toLowerCase()}` },
      spec: spec as unknown as NodePoolInput['spec'],
    },
  };
}
