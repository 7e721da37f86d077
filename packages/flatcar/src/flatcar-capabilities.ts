import type { CapabilitiesV1 } from '@kubenode/core';

/** What the Flatcar adapter supports, per NodePool feature (checked by the conformance testkit). */
export const FLATCAR_CAPABILITIES: CapabilitiesV1 = {
  provisioningFormats: ['ignition'],
  features: {
    'kubernetes.nodeLabels': {
      level: 'emulated',
      how: 'kubeadm JoinConfiguration nodeRegistration.kubeletExtraArgs node-labels',
    },
    'kubernetes.nodeTaints': { level: 'emulated', how: 'kubeadm JoinConfiguration nodeRegistration.taints' },
    'kubernetes.maxPods': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch (maxPods)' },
    'kubernetes.clusterDNS': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch (clusterDNS)' },
    'kubernetes.kubelet': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch' },
    'runtime.registryMirrors': { level: 'emulated', how: '/etc/containerd/certs.d/<host>/hosts.toml' },
    'runtime.sandboxImage': {
      level: 'emulated',
      how: '/etc/containerd/config.toml (with a containerd.service drop-in that selects it)',
    },
    'os.hostname': { level: 'emulated', how: '/etc/hostname' },
    'os.users': { level: 'native', how: 'Ignition passwd.users (sshAuthorizedKeys, groups, shell)' },
    'os.users.passwordHash': { level: 'native', how: 'Ignition passwd.users[].passwordHash' },
    'os.files': {
      level: 'native',
      how: 'Ignition storage.files (data: URLs, decimal modes, owners)',
      restrictions:
        'no setuid, setgid or sticky bits (Ignition honours them only from spec 3.6.0); not at the JoinConfiguration path or where a systemd unit or drop-in is written',
    },
    'os.units': {
      level: 'native',
      how: 'Ignition systemd.units (contents, enabled, mask, dropins)',
      restrictions:
        'contents must be unit files Ignition can parse ([Section] headers, lines of at most 2048 bytes); containerd.service, kubelet.service and kubeadm.service cannot be masked or disabled',
    },
    'os.sysctls': { level: 'emulated', how: '/etc/sysctl.d/90-kubenode.conf' },
    'os.kernelModules': { level: 'emulated', how: '/etc/modules-load.d/90-kubenode.conf' },
    'os.kernelArgs': {
      level: 'native',
      how: 'Ignition kernelArguments.shouldExist (first boot reboots once)',
    },
    'os.ntpServers': {
      level: 'emulated',
      how: '/etc/systemd/timesyncd.conf.d/90-kubenode.conf (systemd-timesyncd)',
    },
    'os.proxy': {
      level: 'emulated',
      how: 'Environment drop-ins for containerd, kubelet, kubeadm, systemd-sysupdate; ALL_PROXY for update-engine; ignition.proxy for first-boot downloads',
    },
    'os.caCerts': { level: 'emulated', how: '/etc/ssl/certs/*.pem + update-ca-certificates oneshot unit' },
    'os.rootDisk': {
      level: 'unsupported',
      reason: 'Flatcar always grows its ROOT partition and filesystem to fill the disk on first boot',
      alternative:
        'size the disk to the node, or keep data on separate partitions declared with Ignition storage.disks',
    },
    'os.packages': {
      level: 'unsupported',
      reason: 'Flatcar has no package manager and /usr is read-only',
      alternative:
        'ship the software as a systemd-sysext image (/etc/extensions/<name>.raw, or an official extension listed in /etc/flatcar/enabled-sysext.conf)',
    },
  },
  updateStrategies: ['in-place', 'replace'],
  build: 'sysext',
};
