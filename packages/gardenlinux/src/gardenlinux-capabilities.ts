import type { CapabilitiesV1, FeatureSupportV1, NodePoolFeature } from '@kubenode/core';
import { GARDENER_KUBELET_FIELDS } from './gardener-kubelet-config.js';
import { JOIN_UNIT } from './gardenlinux-node-plan.js';
import type { GardenLinuxTarget } from './gardenlinux-target.js';

type Features = { -readonly [F in NodePoolFeature]: FeatureSupportV1 };

const KERNEL_ARGS: FeatureSupportV1 = {
  level: 'unsupported',
  reason:
    'Garden Linux assembles the kernel command line when the image is built (/etc/kernel/cmdline.d, part of the UKI or boot entry); neither cloud-init, Garden Linux’s Ignition nor Gardener changes it on a running node',
  alternative:
    'bake the arguments into the image: kubenode build writes them to features/kubenode/file.include/etc/kernel/cmdline.d/90-kubenode.cfg',
};

const ROOT_DISK: FeatureSupportV1 = {
  level: 'unsupported',
  reason:
    'Garden Linux sizes its root file system itself: cloud flavours grow it in the initramfs (growroot), _prod roots are dm-verity images sized to their content, PXE roots live in memory',
  alternative: 'size the disk (under Gardener: spec.provider.workers[].volume.size)',
};

function packagesFeature(target: GardenLinuxTarget): FeatureSupportV1 {
  const bake =
    'bake them into the image: kubenode build adds spec.os.packages to the kubenode feature’s pkg.include, then boot that image (under Gardener: add it to the CloudProfile)';
  if (target.mode === 'gardener') {
    return {
      level: 'unsupported',
      reason:
        target.flavor.packageManager === null
          ? `${target.flavor.name} has no package manager (_prod includes _nopkg, which removes dpkg and apt), and Gardener nodes are not changed by package installs`
          : 'Gardener replaces or re-images nodes and does not install packages on them',
      alternative: bake,
    };
  }
  if (target.flavor.packageManager === null) {
    return {
      level: 'unsupported',
      reason: `${target.flavor.name} has no package manager: _prod includes _nopkg, which removes dpkg and apt from the image`,
      alternative: `${bake}, or use a flavour without _prod`,
    };
  }
  return target.format === 'cloud-init'
    ? { level: 'native', how: 'cloud-init packages (apt-get install after package_update)' }
    : {
        level: 'emulated',
        how: 'oneshot kubenode-install-packages.service: apt-get update && apt-get install, before the join',
      };
}

function standaloneFeatures(target: GardenLinuxTarget): Features {
  const cloudInit = target.format === 'cloud-init';
  return {
    'kubernetes.nodeLabels': {
      level: 'emulated',
      how: 'kubeadm JoinConfiguration nodeRegistration.kubeletExtraArgs node-labels (/etc/kubeadm/join-configuration.yaml)',
    },
    'kubernetes.nodeTaints': {
      level: 'emulated',
      how: 'kubeadm JoinConfiguration nodeRegistration.taints',
    },
    'kubernetes.maxPods': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch (maxPods)' },
    'kubernetes.clusterDNS': {
      level: 'emulated',
      how: 'kubeadm kubeletconfiguration patch (clusterDNS)',
    },
    'kubernetes.kubelet': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch' },
    'runtime.registryMirrors': {
      level: 'emulated',
      how: '/etc/containerd/certs.d/<host>/hosts.toml (config_path in /etc/containerd/config.toml)',
    },
    'runtime.sandboxImage': { level: 'emulated', how: '/etc/containerd/config.toml' },
    'os.hostname': cloudInit
      ? { level: 'native', how: 'cloud-init hostname (+ fqdn when the name has dots)' }
      : { level: 'emulated', how: '/etc/hostname' },
    'os.users': cloudInit
      ? {
          level: 'native',
          how: 'cloud-init users (the image’s default user is kept; groups, shell, ssh_authorized_keys)',
        }
      : { level: 'native', how: 'Ignition passwd.users (sshAuthorizedKeys, groups, shell)' },
    'os.users.passwordHash': cloudInit
      ? { level: 'native', how: 'cloud-init users[].hashed_passwd with lock_passwd: false' }
      : { level: 'native', how: 'Ignition passwd.users[].passwordHash' },
    'os.files': cloudInit
      ? {
          level: 'native',
          how: 'cloud-init write_files (b64 where YAML cannot carry the text; deferred when owned by a user other than root)',
        }
      : { level: 'native', how: 'Ignition storage.files (data: URLs, decimal modes, owners)' },
    'os.units': cloudInit
      ? {
          level: 'emulated',
          how: 'write_files /etc/systemd/system/<unit> and <unit>.d/<drop-in>; runcmd systemctl daemon-reload, enable/disable/mask',
          restrictions: `containerd.service, kubelet.service and ${JOIN_UNIT} cannot be masked or disabled`,
        }
      : {
          level: 'native',
          how: 'Ignition systemd.units (contents, enabled, mask, dropins)',
          restrictions: `containerd.service, kubelet.service and ${JOIN_UNIT} cannot be masked or disabled`,
        },
    'os.sysctls': {
      level: 'emulated',
      how: '/etc/sysctl.d/90-kubenode.conf, applied by systemd-sysctl before the join',
    },
    'os.kernelModules': {
      level: 'emulated',
      how: '/etc/modules-load.d/90-kubenode.conf, loaded by systemd-modules-load before the join',
    },
    'os.kernelArgs': KERNEL_ARGS,
    'os.ntpServers': {
      level: 'emulated',
      how:
        target.flavor.platform === 'azure'
          ? '/etc/chrony/conf.d/90-kubenode.conf (chrony, as Garden Linux uses on Azure)'
          : '/etc/systemd/timesyncd.conf.d/90-kubenode.conf (systemd-timesyncd)',
    },
    'os.proxy': {
      level: 'emulated',
      how: 'Environment drop-ins for containerd.service, kubelet.service and kubenode-kubeadm-join.service',
    },
    'os.caCerts': {
      level: 'emulated',
      how: '/var/lib/ca-certificates-local/*.crt + update-ca-certificates --localcertsdir (the directory Gardener uses on Garden Linux)',
    },
    'os.rootDisk': ROOT_DISK,
    'os.packages': packagesFeature(target),
  };
}

function gardenerFeatures(target: GardenLinuxTarget): Features {
  return {
    'kubernetes.nodeLabels': {
      level: 'native',
      how: 'Shoot spec.provider.workers[].labels (shoot-patch.yaml)',
    },
    'kubernetes.nodeTaints': {
      level: 'native',
      how: 'Shoot spec.provider.workers[].taints (shoot-patch.yaml)',
    },
    'kubernetes.maxPods': {
      level: 'native',
      how: 'Shoot spec.provider.workers[].kubernetes.kubelet.maxPods (shoot-patch.yaml)',
    },
    'kubernetes.clusterDNS': {
      level: 'unsupported',
      reason: 'Gardener points every kubelet at the Shoot’s CoreDNS service (or node-local DNS) itself',
      alternative:
        'choose the service range with the Shoot’s spec.networking.services; enable node-local DNS with spec.systemComponents.nodeLocalDNS.enabled',
    },
    'kubernetes.kubelet': {
      level: 'native',
      how: 'Shoot spec.provider.workers[].kubernetes.kubelet (shoot-patch.yaml)',
      restrictions: `only the KubeletConfiguration fields Gardener's KubeletConfig models with the same name and shape: ${GARDENER_KUBELET_FIELDS.join(', ')} (systemReserved only below Kubernetes 1.31)`,
    },
    'runtime.registryMirrors': {
      level: 'native',
      how: 'Shoot spec.extensions[type=registry-mirror] MirrorConfig (gardener-extension-registry-cache), shoot-patch.yaml',
      restrictions: 'named registries only: the registry-mirror extension has no catch-all (*) upstream',
    },
    'runtime.sandboxImage': {
      level: 'unsupported',
      reason:
        'gardenlet sets the OperatingSystemConfig’s criConfig.containerd.sandboxImage to the pause image of the Shoot’s Kubernetes version',
      alternative:
        'nothing to do for a matched pause image; a different one only through an OperatingSystemConfig mutating webhook of a Gardener extension',
    },
    'os.hostname': {
      level: 'unsupported',
      reason: 'machine-controller-manager names the machines; a node’s host name is its machine name',
      alternative: 'select nodes by label instead (spec.kubernetes.nodeLabels → workers[].labels)',
    },
    'os.users': {
      level: 'unsupported',
      reason:
        'Gardener manages node access: the Shoot’s ssh-keypair is the only login, and sshd runs only when SSH access is enabled',
      alternative:
        'enable spec.provider.workersSettings.sshAccess in the Shoot and log in with gardenctl ssh (the Shoot’s ssh-keypair secret)',
    },
    'os.users.passwordHash': {
      level: 'unsupported',
      reason: 'Gardener nodes have no password logins; access is the Shoot’s ssh-keypair',
      alternative: 'gardenctl ssh with the Shoot’s ssh-keypair (spec.provider.workersSettings.sshAccess)',
    },
    'os.files': {
      level: 'native',
      how: 'OperatingSystemConfig files[] (content.inline, encoding b64, permissions)',
      restrictions: 'owned by root:root: OperatingSystemConfig files carry permissions but no owner or group',
    },
    'os.units': {
      level: 'native',
      how: 'OperatingSystemConfig units[] (content, enable, command, dropIns); a masked unit is an empty unit file',
      restrictions:
        'containerd.service and kubelet.service (Gardener runs them) cannot be masked or disabled',
    },
    'os.sysctls': {
      level: 'native',
      how: 'Shoot spec.provider.workers[].sysctls (shoot-patch.yaml)',
    },
    'os.kernelModules': {
      level: 'emulated',
      how: 'OperatingSystemConfig file /etc/modules-load.d/90-kubenode.conf; systemd-modules-load.service restarted when it changes (filePaths)',
    },
    'os.kernelArgs': KERNEL_ARGS,
    'os.ntpServers': {
      level: 'emulated',
      how:
        target.flavor.platform === 'azure'
          ? 'OperatingSystemConfig file /etc/chrony/conf.d/90-kubenode.conf; chrony.service restarted when it changes'
          : 'OperatingSystemConfig file /etc/systemd/timesyncd.conf.d/90-kubenode.conf; systemd-timesyncd.service restarted when it changes',
    },
    'os.proxy': {
      level: 'emulated',
      how: 'OperatingSystemConfig drop-ins with Environment= for containerd.service and kubelet.service',
    },
    'os.caCerts': {
      level: 'native',
      how: 'Shoot spec.provider.workers[].caBundle (shoot-patch.yaml)',
    },
    'os.rootDisk': ROOT_DISK,
    'os.packages': packagesFeature(target),
  };
}

/** Whether the target updates in place: standalone `_usi` flavours with gardenlinux-update. */
export function updatesInPlace(target: GardenLinuxTarget): boolean {
  return target.mode === 'standalone' && target.flavor.usi;
}

/** The provisioning formats per target format. */
const FORMATS: Readonly<Record<GardenLinuxTarget['format'], readonly string[]>> = {
  gardener: ['gardener-operatingsystemconfig', 'gardener-shoot-patch'],
  'cloud-init': ['cloud-config'],
  ignition: ['ignition'],
};

/**
 * What the Garden Linux adapter supports for a target, per NodePool feature (checked by the
 * conformance testkit). Gardener mode maps pool fields to the OperatingSystemConfig (files,
 * units) or to the Shoot worker (labels, taints, kubelet, sysctls, CA bundle, registry mirror
 * extension); what Gardener owns (join, host name, users, pause image, cluster DNS) is refused
 * with the Shoot field to use instead.
 */
export function gardenLinuxCapabilities(target: GardenLinuxTarget): CapabilitiesV1 {
  return {
    provisioningFormats: FORMATS[target.format],
    features: target.mode === 'gardener' ? gardenerFeatures(target) : standaloneFeatures(target),
    updateStrategies: updatesInPlace(target) ? ['in-place', 'replace'] : ['replace'],
    build: 'recipe',
  };
}
