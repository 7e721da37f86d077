/** Kubernetes and OS naming rules used by the NodePool schema. */

const dnsLabel = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const qualifiedName = '[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?';

/** RFC 1123 DNS label: lower-case alphanumerics and '-', at most 63 characters. */
export const DNS_LABEL = new RegExp(`^${dnsLabel}$`);
/** RFC 1123 DNS subdomain: dot-separated DNS labels, at most 253 characters. */
export const DNS_SUBDOMAIN = new RegExp(`^${dnsLabel}(\\.${dnsLabel})*$`);
/** The name part of a label key or a label value (value may also be empty). */
export const QUALIFIED_NAME = new RegExp(`^${qualifiedName}$`);

/** Checks a Kubernetes label key (`[prefix/]name`); returns an explanation or undefined if valid. */
export function checkLabelKey(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return 'the prefix before "/" must be a DNS subdomain (lower-case, at most 253 characters)';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'the name must be 1-63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric';
  }
  return undefined;
}

/** Checks a Kubernetes label value; returns an explanation or undefined if valid. */
export function checkLabelValue(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > 63 || !QUALIFIED_NAME.test(value)) {
    return 'a label value must be empty or 1-63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric';
  }
  return undefined;
}

const kubeletAllowedKubernetesLabels = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.kubernetes.io/zone',
  'failure-domain.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
]);

/**
 * The kubelet refuses to start with `--node-labels` in the kubernetes.io / k8s.io namespaces
 * except a fixed set and the `kubelet.kubernetes.io` / `node.kubernetes.io` sub-namespaces
 * (NodeRestriction). Returns an explanation when the kubelet would refuse the key.
 */
export function checkKubeletSettableLabel(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash);
  const restricted = /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix);
  if (!restricted) return undefined;
  if (kubeletAllowedKubernetesLabels.has(key)) return undefined;
  if (/(^|\.)(kubelet\.kubernetes\.io|node\.kubernetes\.io)$/.test(prefix)) return undefined;
  return `the kubelet cannot set labels under '${prefix}/' (NodeRestriction admission); set it from the control plane, or use your own prefix such as 'node.example.com/'`;
}

/** A POSIX user or group name as useradd accepts it by default. */
export const POSIX_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** systemd unit name with a valid unit type suffix. */
export const SYSTEMD_UNIT_NAME =
  /^[A-Za-z0-9:_.\\@-]+\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$/;

/** An OpenSSH public key line: type, base64 body, optional comment, no newline. */
export const SSH_PUBLIC_KEY =
  /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n\0]*)?$/;

/** True when a string contains a control character other than tab (newlines included). */
export function hasControlCharacter(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
}
