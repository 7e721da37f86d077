import type { CapabilitiesV1 } from '@kubenode/core';

/**
 * What this example supports, as data. An adapter declares what *it* does: Fedora CoreOS could
 * configure chrony, but this example does not, so the feature is declared unsupported and a
 * pool that sets it is refused instead of being rendered without it.
 */
export const fedoraCoreOsCapabilities: CapabilitiesV1 = {
  provisioningFormats: ['ignition'],
  features: {
    'kubernetes.nodeLabels': {
      level: 'native',
      how: 'kubeadm JoinConfiguration kubeletExtraArgs node-labels',
    },
    'kubernetes.nodeTaints': { level: 'native', how: 'kubeadm JoinConfiguration nodeRegistration.taints' },
    'kubernetes.maxPods': { level: 'emulated', how: 'kubeadm kubelet configuration patch' },
    'kubernetes.clusterDNS': { level: 'emulated', how: 'kubeadm kubelet configuration patch' },
    'kubernetes.kubelet': { level: 'emulated', how: 'kubeadm kubelet configuration patch' },
    'runtime.registryMirrors': { level: 'emulated', how: '/etc/containerd/certs.d/<host>/hosts.toml' },
    'runtime.sandboxImage': { level: 'emulated', how: '/etc/containerd/config.toml sandbox_image' },
    'os.hostname': { level: 'emulated', how: '/etc/hostname' },
    'os.users': { level: 'native', how: 'Ignition passwd.users' },
    'os.users.passwordHash': { level: 'native', how: 'Ignition passwd.users[].passwordHash' },
    'os.files': {
      level: 'native',
      how: 'Ignition storage.files',
      restrictions:
        'no setuid, setgid or sticky bits (Ignition 3.3.0 ignores them); not where a unit or drop-in is written',
    },
    'os.units': {
      level: 'native',
      how: 'Ignition systemd.units',
      restrictions: 'contents must be unit files Ignition can parse',
    },
    'os.sysctls': { level: 'emulated', how: '/etc/sysctl.d/90-kubenode.conf' },
    'os.kernelModules': { level: 'emulated', how: '/etc/modules-load.d/90-kubenode.conf' },
    'os.kernelArgs': { level: 'native', how: 'Ignition kernelArguments.shouldExist' },
    'os.ntpServers': {
      level: 'unsupported',
      reason: 'this example adapter does not render chrony configuration',
      alternative: 'write /etc/chrony.conf with spec.os.files',
    },
    'os.proxy': { level: 'emulated', how: 'systemd drop-ins for containerd, kubelet and rpm-ostreed' },
    'os.caCerts': {
      level: 'emulated',
      how: '/etc/pki/ca-trust/source/anchors (update-ca-trust runs at boot)',
    },
    'os.rootDisk': {
      level: 'unsupported',
      reason: 'Fedora CoreOS always grows the root file system on first boot',
      alternative: 'partition the disk yourself with an Ignition storage section in a merged config',
    },
    'os.packages': {
      level: 'emulated',
      how: 'rpm-ostree install --apply-live at first boot (package layering)',
    },
  },
  updateStrategies: ['in-place', 'replace'],
  build: 'recipe',
};
