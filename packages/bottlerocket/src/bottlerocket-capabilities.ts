import type { CapabilitiesV1 } from '@kubenode/core';

const BOOTSTRAP_CONTAINER =
  'a bootstrap container (spec.adapterOptions.bottlerocket.settings.bootstrap-containers.<name>: an image that runs once at boot with the host root at /.bottlerocket/rootfs)';

/**
 * What the Bottlerocket adapter supports, as data. Bottlerocket is configured only through its
 * settings API: no files, units or packages on the host; host and bootstrap containers or
 * static pods take their place.
 */
export const BOTTLEROCKET_CAPABILITIES: CapabilitiesV1 = {
  provisioningFormats: ['bottlerocket-settings-toml'],
  updateStrategies: ['in-place', 'replace'],
  build: 'recipe',
  features: {
    'kubernetes.nodeLabels': { level: 'native', how: 'settings.kubernetes.node-labels' },
    'kubernetes.nodeTaints': {
      level: 'native',
      how: 'settings.kubernetes.node-taints (key → list of "value:Effect")',
    },
    'kubernetes.maxPods': { level: 'native', how: 'settings.kubernetes.max-pods' },
    'kubernetes.clusterDNS': { level: 'native', how: 'settings.kubernetes.cluster-dns-ip' },
    'kubernetes.kubelet': {
      level: 'native',
      how: 'the KubeletConfiguration fields Bottlerocket models map to settings.kubernetes.* (systemReserved → system-reserved, evictionHard → eviction-hard, ...)',
      restrictions:
        'fields without a Bottlerocket setting are refused (spec.kubernetes.kubelet.<field>), and so are other values for fields its kubelet configuration fixes (serializeImagePulls: false, cgroupDriver: systemd, ...)',
    },
    'runtime.registryMirrors': {
      level: 'native',
      how: 'settings.container-registry.mirrors (registry, endpoint list; "*" for every registry)',
    },
    'runtime.sandboxImage': {
      level: 'unsupported',
      reason:
        'Bottlerocket ships its pause image; settings.kubernetes.pod-infra-container-image is deprecated and has no effect since Bottlerocket 1.21',
      alternative:
        'drop spec.runtime.sandboxImage; to pull through a mirror, list the registry under spec.runtime.registryMirrors',
    },
    'os.hostname': { level: 'native', how: 'settings.network.hostname' },
    'os.users': {
      level: 'emulated',
      how: "the user becomes the admin host container's login user and its SSH keys the authorized keys (settings.host-containers.admin.user-data JSON {user, ssh.authorized-keys}, enabled = true)",
      restrictions:
        "exactly one user (the admin container's only login user, with sudo), without groups or a shell; a second user, groups and shells are refused",
    },
    'os.users.passwordHash': {
      level: 'unsupported',
      reason: 'Bottlerocket has no local passwords; the admin container only accepts SSH keys',
      alternative: 'use SSH keys (spec.os.users[0].sshAuthorizedKeys) or the control container (SSM)',
    },
    'os.files': {
      level: 'unsupported',
      reason: 'Bottlerocket has no way to write host files from user data; the root filesystem is read-only',
      alternative: `${BOOTSTRAP_CONTAINER}, or settings for what the file would configure`,
    },
    'os.units': {
      level: 'unsupported',
      reason: 'Bottlerocket does not take systemd units from user data',
      alternative: `a host container (settings.host-containers.<name>) for long-running services, ${BOOTSTRAP_CONTAINER} for one-shot setup, or a static pod (settings.kubernetes.static-pods.<name>)`,
    },
    'os.sysctls': { level: 'native', how: 'settings.kernel.sysctl (string values)' },
    'os.kernelModules': {
      level: 'native',
      how: 'settings.kernel.modules.<name> with allowed = true and autoload = true',
    },
    'os.kernelArgs': {
      level: 'native',
      how: 'settings.boot.kernel-parameters (name → values) with settings.boot.reboot-to-reconcile = true (one extra reboot at first boot)',
    },
    'os.ntpServers': { level: 'native', how: 'settings.ntp.time-servers' },
    'os.proxy': {
      level: 'native',
      how: 'settings.network.https-proxy and no-proxy (used by containerd, host-containerd and the kubelet)',
      restrictions:
        'Bottlerocket has one proxy setting: spec.os.proxy.http must be null or equal to spec.os.proxy.https',
    },
    'os.caCerts': {
      level: 'native',
      how: 'settings.pki.kubenode-<sha256>.data (base64 PEM) with trusted = true',
    },
    'os.rootDisk': {
      level: 'unsupported',
      reason: "Bottlerocket's OS disk has a fixed layout and its data volume always grows to fill the disk",
      alternative: 'size the data volume instead of turning growth off',
    },
    'os.packages': {
      level: 'unsupported',
      reason: 'Bottlerocket has no package manager; the OS image is read-only and dm-verity protected',
      alternative:
        'run the software in a host container or as a DaemonSet, or build a custom variant with the packages (kubenode build: a Twoliter variant recipe)',
    },
  },
};
