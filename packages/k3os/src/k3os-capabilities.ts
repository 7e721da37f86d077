import type { CapabilitiesV1 } from '@kubenode/core';

/** What the k3OS adapter supports, as data. k3OS is OpenRC-based, has no package manager and is end of life. */
export const K3OS_CAPABILITIES: CapabilitiesV1 = {
  provisioningFormats: ['k3os-config-yaml'],
  updateStrategies: ['in-place', 'replace'],
  build: 'real',
  features: {
    'kubernetes.nodeLabels': {
      level: 'native',
      how: 'k3os.labels (k3OS passes them as --kubelet-arg node-labels=...)',
    },
    'kubernetes.nodeTaints': {
      level: 'native',
      how: 'k3os.taints "key=value:Effect" (--kubelet-arg register-with-taints; applied at first registration only)',
    },
    'kubernetes.maxPods': { level: 'native', how: 'k3os.k3s_args --kubelet-arg=max-pods=N' },
    'kubernetes.clusterDNS': { level: 'native', how: 'k3os.k3s_args --kubelet-arg=cluster-dns=<ips>' },
    'kubernetes.kubelet': {
      level: 'emulated',
      how: 'a KubeletConfiguration file (write_files, /etc/rancher/k3s/kubenode-kubelet.yaml) passed with --kubelet-arg=config=...; kubelet flags k3s sets still win over the file',
    },
    'runtime.registryMirrors': {
      level: 'emulated',
      how: 'write_files /etc/rancher/k3s/registries.yaml (mirrors.<registry>.endpoint)',
      restrictions:
        'the "*" (every registry) mirror is refused: the k3s versions k3OS ships (<= 1.22) do not support wildcard mirrors',
    },
    'runtime.sandboxImage': { level: 'native', how: 'k3os.k3s_args --pause-image=<image>' },
    'os.hostname': { level: 'native', how: 'hostname' },
    'os.users': {
      level: 'native',
      how: 'ssh_authorized_keys (keys of the k3OS login user rancher)',
      restrictions: 'one user named rancher (k3OS has no other login user), without groups or a shell',
    },
    'os.users.passwordHash': {
      level: 'native',
      how: "k3os.password (rancher's password; crypt hashes are accepted)",
    },
    'os.files': {
      level: 'native',
      how: 'write_files (path, content, encoding "" or b64, owner user:group, permissions as a quoted octal string)',
    },
    'os.units': {
      level: 'unsupported',
      reason: 'k3OS runs OpenRC, not systemd',
      alternative:
        'an OpenRC service: write /etc/init.d/<name> with spec.os.files and start it from boot_cmd, or a /etc/local.d/<name>.start script (spec.os.files, mode 0755)',
    },
    'os.sysctls': { level: 'native', how: 'k3os.sysctls (string values)' },
    'os.kernelModules': { level: 'native', how: 'k3os.modules' },
    'os.kernelArgs': {
      level: 'unsupported',
      reason: 'config.yaml cannot change the kernel command line of an installed k3OS',
      alternative: 'remaster the installer ISO with the arguments in its grub.cfg (kubenode build for k3os)',
    },
    'os.ntpServers': { level: 'native', how: 'k3os.ntp_servers (connman fallback time servers)' },
    'os.proxy': {
      level: 'native',
      how: 'k3os.environment HTTP_PROXY/HTTPS_PROXY/NO_PROXY (upper and lower case)',
    },
    'os.caCerts': {
      level: 'emulated',
      how: 'write_files /usr/local/share/ca-certificates/kubenode-<sha256>.crt and boot_cmd update-ca-certificates',
    },
    'os.rootDisk': {
      level: 'unsupported',
      reason: 'k3OS has no setting for root partition growth',
      alternative: 'size the K3OS_STATE partition at install time (k3os.install.device / takeover install)',
    },
    'os.packages': {
      level: 'unsupported',
      reason: 'k3OS has no package manager; /usr is read-only and replaced as a whole on upgrade',
      alternative:
        'run the software as containers (a DaemonSet), or ship static binaries under /usr/local or /opt with spec.os.files',
    },
  },
};
