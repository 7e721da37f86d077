import {
  CLOUD_INIT_NODE_FEATURES,
  CONTAINERD_1_KUBERNETES_VERSIONS,
  type CapabilitiesV1,
} from '@kubenode/core';

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
  // The archive's containerd is 1.x: Kubernetes 1.36 no longer supports it.
  kubernetesVersions: CONTAINERD_1_KUBERNETES_VERSIONS,
};
