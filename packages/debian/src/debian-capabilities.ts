import {
  CLOUD_INIT_NODE_FEATURES,
  CONTAINERD_1_KUBERNETES_VERSIONS,
  type CapabilitiesV1,
} from '@kubenode/core';

/** What the Debian adapter supports, per NodePool feature (checked by the conformance testkit). */
export const DEBIAN_CAPABILITIES: CapabilitiesV1 = {
  provisioningFormats: ['cloud-config'],
  features: {
    ...CLOUD_INIT_NODE_FEATURES,
    'os.kernelArgs': {
      level: 'emulated',
      how: 'per adapterOptions.debian.bootLoader: grub (Debian cloud images, the default) writes /etc/default/grub.d/90-kubenode.cfg + runcmd update-grub; systemd-boot (images built by kubenode build) adds the missing ones to /etc/kernel/cmdline and the Boot Loader Specification entries (runcmd /run/kubenode/systemd-boot-kernel-args.sh); power_state reboot after the join when the running kernel lacks one of them',
    },
  },
  updateStrategies: ['in-place', 'replace'],
  build: 'real',
  // Debian's containerd is 1.x (1.6 on bookworm, 1.7 on trixie): Kubernetes 1.36 no longer supports it.
  kubernetesVersions: CONTAINERD_1_KUBERNETES_VERSIONS,
};
