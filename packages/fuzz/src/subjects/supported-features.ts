import { NODE_POOL_FEATURES, type CapabilitiesV1, type NodePoolFeature } from '@kubenode/core';

/** The features an adapter declares supported (natively or emulated). */
export function supportedFeatures(capabilities: CapabilitiesV1): ReadonlySet<NodePoolFeature> {
  return new Set(
    NODE_POOL_FEATURES.filter((feature) => capabilities.features[feature].level !== 'unsupported'),
  );
}
