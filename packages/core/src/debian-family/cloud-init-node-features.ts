import type { CapabilitiesV1 } from '../adapter/v1/capabilities-v1.js';

/**
 * How a kubeadm node provisioned with cloud-init (Debian, Ubuntu) expresses each NodePool
 * feature: what {@link renderKubeadmNodeCloudConfig} does, as capability data.
 */
export const CLOUD_INIT_NODE_FEATURES: CapabilitiesV1['features'] = {
  'kubernetes.nodeLabels': {
    level: 'emulated',
    how: 'kubeadm JoinConfiguration nodeRegistration.kubeletExtraArgs node-labels (/run/kubeadm/kubeadm-join-config.yaml)',
  },
  'kubernetes.nodeTaints': { level: 'emulated', how: 'kubeadm JoinConfiguration nodeRegistration.taints' },
  'kubernetes.maxPods': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch (maxPods)' },
  'kubernetes.clusterDNS': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch (clusterDNS)' },
  'kubernetes.kubelet': { level: 'emulated', how: 'kubeadm kubeletconfiguration patch' },
  'runtime.registryMirrors': {
    level: 'emulated',
    how: 'write_files /etc/containerd/certs.d/<host>/hosts.toml',
  },
  'runtime.sandboxImage': { level: 'emulated', how: 'write_files /etc/containerd/config.toml' },
  'os.hostname': {
    level: 'native',
    how: 'cloud-init hostname (+ fqdn when the name has dots), manage_etc_hosts',
  },
  'os.users': {
    level: 'native',
    how: 'cloud-init users (groups, shell, ssh_authorized_keys; the distro default user is kept unless the keepDefaultUser option is false)',
  },
  'os.users.passwordHash': {
    level: 'native',
    how: 'cloud-init users[].hashed_passwd with lock_passwd: false',
  },
  'os.files': {
    level: 'native',
    how: 'cloud-init write_files (b64 where text is unsafe for YAML; deferred to the final stage when owned by a user other than root)',
    restrictions:
      'not at the JoinConfiguration path (/run/kubeadm/kubeadm-join-config.yaml) or where one of the pool units, masks or drop-ins is written',
  },
  'os.units': {
    level: 'emulated',
    how: 'write_files /etc/systemd/system/<unit> and <unit>.d/<drop-in>, then runcmd systemctl daemon-reload, enable/disable/mask --now',
    restrictions:
      "containerd.service and kubelet.service cannot be masked or disabled; no unit file or drop-in where kubenode writes its own (the proxy drop-ins 50-kubenode-proxy.conf, the runtime's and update units)",
  },
  'os.sysctls': {
    level: 'emulated',
    how: 'write_files /etc/sysctl.d/90-kubenode.conf + runcmd sysctl --system',
  },
  'os.kernelModules': {
    level: 'emulated',
    how: 'write_files /etc/modules-load.d/90-kubenode.conf + runcmd modprobe -a',
  },
  'os.kernelArgs': {
    level: 'emulated',
    how: 'write_files /etc/default/grub.d/90-kubenode.cfg + runcmd update-grub; power_state reboot after the join when the running kernel lacks one of them',
  },
  'os.ntpServers': { level: 'native', how: 'cloud-init ntp.servers' },
  'os.proxy': {
    level: 'emulated',
    how: 'apt.http_proxy/https_proxy for apt; Environment drop-ins for containerd and kubelet; curl --proxy for the repository key',
  },
  'os.caCerts': { level: 'native', how: 'cloud-init ca_certs.trusted (update-ca-certificates)' },
  'os.rootDisk': {
    level: 'native',
    how: 'cloud-init growpart (mode auto, devices ["/"]) + resize_rootfs; both off when growth is off',
  },
  'os.packages': { level: 'native', how: 'cloud-init packages (apt-get install, after package_update)' },
};

/**
 * The Kubernetes minors a cloud-init node with the distribution's containerd 1.x (Debian 12 and
 * 13, Ubuntu 22.04 and 24.04) can run: from the oldest minor pkgs.k8s.io publishes to 1.35, the
 * last minor that supports containerd 1.x (Kubernetes 1.36 removes it).
 */
export const CONTAINERD_1_KUBERNETES_VERSIONS = { min: '1.24', max: '1.35' } as const;
