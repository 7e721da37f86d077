import type { CapabilitiesV1 } from '@kubenode/core';
import { TALOS_KUBERNETES_VERSIONS } from './talos-version.js';
import { TALOS_PROTECTED_KUBELET_FIELDS } from './talos-machine-config.js';

const NO_USERS = {
  level: 'unsupported',
  reason: 'Talos has no users, no shell and no SSH: the node is managed only through its mTLS API',
  alternative:
    'use talosctl with the cluster talosconfig (logs, dmesg, containers, files under /var) or a privileged debug pod (kubectl debug node/...)',
} as const;

/** What the Talos adapter supports, as data. */
export const talosCapabilities: CapabilitiesV1 = {
  provisioningFormats: ['talos-machine-config'],
  features: {
    'kubernetes.nodeLabels': { level: 'native', how: 'machine.nodeLabels' },
    'kubernetes.nodeTaints': {
      level: 'native',
      how: 'machine.kubelet.extraConfig.registerWithTaints (set at registration: NodeRestriction keeps worker nodes from changing machine.nodeTaints later)',
    },
    'kubernetes.maxPods': { level: 'native', how: 'machine.kubelet.extraConfig.maxPods' },
    'kubernetes.clusterDNS': { level: 'native', how: 'machine.kubelet.clusterDNS' },
    'kubernetes.kubelet': {
      level: 'native',
      how: 'machine.kubelet.extraConfig',
      restrictions: `Talos refuses the fields it manages itself: ${TALOS_PROTECTED_KUBELET_FIELDS.join(', ')}`,
    },
    'runtime.registryMirrors': {
      level: 'native',
      how: 'one RegistryMirrorConfig document per registry ("*" for every registry)',
    },
    'runtime.sandboxImage': {
      level: 'emulated',
      how: 'the CRI customization part /etc/cri/conf.d/20-customization.part (pinned_images.sandbox)',
    },
    'os.hostname': { level: 'native', how: 'HostnameConfig.hostname' },
    'os.users': NO_USERS,
    'os.users.passwordHash': NO_USERS,
    'os.files': {
      level: 'native',
      how: 'machine.files (op: create)',
      restrictions:
        'only files below /var (the root file system is read-only), owned by root:root, with UTF-8 contents',
    },
    'os.units': {
      level: 'unsupported',
      reason: 'Talos runs no systemd: machined supervises its own services',
      alternative:
        'run the workload as a DaemonSet or a static pod, or as an extension service (ExtensionServiceConfig) shipped in a system extension',
    },
    'os.sysctls': { level: 'native', how: 'machine.sysctls' },
    'os.kernelModules': { level: 'native', how: 'machine.kernel.modules' },
    'os.kernelArgs': {
      level: 'native',
      how: 'Image Factory schematic customization.extraKernelArgs (boot assets and the installer image)',
    },
    'os.ntpServers': { level: 'native', how: 'TimeSyncConfig.ntp.servers' },
    'os.proxy': { level: 'native', how: 'EnvironmentConfig variables http_proxy, https_proxy, no_proxy' },
    'os.caCerts': { level: 'native', how: 'TrustedRootsConfig document' },
    'os.rootDisk': { level: 'native', how: 'VolumeConfig EPHEMERAL with provisioning.grow: false' },
    'os.packages': {
      level: 'unsupported',
      reason: 'Talos has no package manager: its root file system is an immutable image',
      alternative:
        'add official system extensions to the Image Factory schematic (spec.adapterOptions.talos.systemExtensions)',
    },
  },
  updateStrategies: ['in-place', 'replace'],
  build: 'recipe',
  kubernetesVersions: TALOS_KUBERNETES_VERSIONS,
};
