import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';

/** Kernel parameters every Kubernetes node needs for pod networking. */
export const KUBERNETES_NODE_SYSCTLS: Readonly<Record<string, string>> = {
  'net.bridge.bridge-nf-call-ip6tables': '1',
  'net.bridge.bridge-nf-call-iptables': '1',
  'net.ipv4.ip_forward': '1',
};

/** Kernel modules every Kubernetes node with containerd and a bridge CNI needs. */
export const KUBERNETES_NODE_MODULES: readonly string[] = ['br_netfilter', 'overlay'];

/**
 * `/etc/sysctl.d/<name>`: one `key = value` line per parameter, sorted. Undefined when empty.
 * Values were checked by the NodePool schema (no newlines, no '#').
 */
export function renderSysctlFile(
  sysctls: Readonly<Record<string, string>>,
  path = '/etc/sysctl.d/90-kubenode.conf',
): OsFileV1 | undefined {
  const keys = Object.keys(sysctls).sort();
  if (keys.length === 0) return undefined;
  return osFile(path, `# Written by kubenode\n${keys.map((key) => `${key} = ${sysctls[key]}`).join('\n')}\n`);
}

/** `/etc/modules-load.d/<name>`: one module per line, sorted and de-duplicated. Undefined when empty. */
export function renderModulesLoadFile(
  modules: readonly string[],
  path = '/etc/modules-load.d/90-kubenode.conf',
): OsFileV1 | undefined {
  const unique = [...new Set(modules)].sort();
  if (unique.length === 0) return undefined;
  return osFile(path, `# Written by kubenode\n${unique.join('\n')}\n`);
}

/** Merges required kernel settings under the user's: the user's values win. */
export function withKubernetesSysctls(user: Readonly<Record<string, string>>): Record<string, string> {
  return { ...KUBERNETES_NODE_SYSCTLS, ...user };
}
