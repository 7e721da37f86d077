import { UnsupportedFeatureError } from '../../errors/unsupported-feature-error.js';
import type { NodePool } from '../../node-pool/node-pool-schema.js';
import { NODE_POOL_FEATURES, type CapabilitiesV1 } from './capabilities-v1.js';
import { featureInUse } from './feature-in-use.js';

/**
 * Throws for the first feature the pool uses that the adapter declares unsupported, so what an
 * adapter declares and what it does cannot drift apart. Adapters call it first in `provision`.
 *
 * @throws {UnsupportedFeatureError} naming the field (`spec.<feature>`), the distro and the alternative.
 */
export function assertFeaturesSupported(
  pool: NodePool,
  adapter: { readonly id: string; readonly capabilities: CapabilitiesV1 },
): void {
  for (const feature of NODE_POOL_FEATURES) {
    const support = adapter.capabilities.features[feature];
    if (support.level === 'unsupported' && featureInUse(pool, feature)) {
      throw new UnsupportedFeatureError({
        field: `spec.${feature}`,
        distro: adapter.id,
        reason: support.reason,
        alternative: support.alternative,
      });
    }
  }
}
