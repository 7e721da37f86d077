import {
  featureInUse,
  NODE_POOL_FEATURES,
  validateNodePool,
  type NodePool,
  type NodePoolFeature,
  type NodePoolInput,
} from '@kubenode/core';
import type { CanonicalPool } from '../canonical-pools/canonical-pools.js';

/** A pool as the conformance suite hands it to an adapter. */
export interface ConformancePool {
  /** The pool id (a canonical pool id, an adapter-supplied pool id, or `feature:<feature>`). */
  readonly id: string;
  /** The features the pool uses, as computed by `featureInUse`. */
  readonly features: readonly NodePoolFeature[];
  /** The input document, for re-validation in another key order. */
  readonly input: NodePoolInput;
  /** The validated pool. */
  readonly pool: NodePool;
}

/**
 * Prepares a canonical (or adapter-supplied) pool for one adapter: `spec.distro` set to the
 * adapter id and, when given, `spec.adapterOptions[<id>]` set to what the adapter needs that a
 * neutral NodePool does not carry (e.g. Talos PKI material). Pools that carry their own options
 * for the adapter keep them.
 */
export function conformancePool(
  entry: Pick<CanonicalPool, 'id' | 'input'>,
  adapterId: string,
  adapterOptions?: Readonly<Record<string, unknown>>,
): ConformancePool {
  const spec = entry.input.spec;
  const ownOptions = spec.adapterOptions ?? {};
  const options =
    adapterOptions === undefined || adapterId in ownOptions
      ? ownOptions
      : { ...ownOptions, [adapterId]: adapterOptions };
  const input: NodePoolInput = {
    ...entry.input,
    spec: {
      ...spec,
      distro: adapterId,
      ...(Object.keys(options).length > 0 ? { adapterOptions: options } : {}),
    },
  };
  const pool = validateNodePool(structuredClone(input), { source: `conformance pool ${entry.id}` });
  return {
    id: entry.id,
    features: NODE_POOL_FEATURES.filter((feature) => featureInUse(pool, feature)),
    input,
    pool,
  };
}
