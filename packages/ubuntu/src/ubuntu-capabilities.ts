import { CLOUD_INIT_NODE_FEATURES, type CapabilitiesV1 } from '@kubenode/core';

/** What the Ubuntu adapter supports, per NodePool feature (checked by the conformance testkit). */
export const UBUNTU_CAPABILITIES: CapabilitiesV1 = {
  provisioningFormats: ['cloud-config'],
  features: {
    ...CLOUD_INIT_NODE_FEATURES,
    'os.hostname': {
      level: 'native',
      how: 'cloud-init hostname (+ fqdn when the name has dots), create_hostname_file (Ubuntu 24.04 has no /etc/hostname by default), manage_etc_hosts',
    },
  },
  updateStrategies: ['in-place', 'replace'],
  build: 'recipe',
};
