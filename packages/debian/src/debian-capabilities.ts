import { CLOUD_INIT_NODE_FEATURES, type CapabilitiesV1 } from '@kubenode/core';

/** What the Debian adapter supports, per NodePool feature (checked by the conformance testkit). */
export const DEBIAN_CAPABILITIES: CapabilitiesV1 = {
  provisioningFormats: ['cloud-config'],
  features: CLOUD_INIT_NODE_FEATURES,
  updateStrategies: ['in-place', 'replace'],
  build: 'real',
};
