/**
 * The annotations the node agent records for Debian and Ubuntu nodes, from the
 * `KUBENODE-<KEY>: <value>` lines the update steps print (see {@link readAptStepReport}).
 */
export const APT_NODE_ANNOTATIONS = {
  /** `sha256:<hex>` of the sorted `package=version` list of installed packages. */
  packageState: 'kubenode.dev/package-state',
  /** The OS point release: `/etc/debian_version` (Debian), `VERSION` of os-release without the codename (Ubuntu). */
  osVersion: 'kubenode.dev/os-version',
  /** The kernel the node boots after the update (`uname -r` form), recorded by the apply step. */
  expectedKernel: 'kubenode.dev/expected-kernel',
  /** `true` while /var/run/reboot-required exists or the running kernel is not the newest installed one. */
  rebootRequired: 'kubenode.dev/reboot-required',
} as const;

const KEYS: Readonly<Record<string, string>> = {
  'PACKAGE-STATE': APT_NODE_ANNOTATIONS.packageState,
  'OS-VERSION': APT_NODE_ANNOTATIONS.osVersion,
  'EXPECTED-KERNEL': APT_NODE_ANNOTATIONS.expectedKernel,
  'REBOOT-REQUIRED': APT_NODE_ANNOTATIONS.rebootRequired,
};

/**
 * The annotations a Debian/Ubuntu update step reports: each `KUBENODE-<KEY>: <value>` line of its
 * stdout whose key is one of {@link APT_NODE_ANNOTATIONS} becomes `kubenode.dev/<key>: <value>`
 * (the last line wins). The node agent writes them to the Node; `verify` reads them back.
 */
export function readAptStepReport(stdout: string): Record<string, string> {
  const annotations: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^KUBENODE-([A-Z-]+): (.*)$/.exec(line.trimEnd());
    const annotation = match ? KEYS[match[1]!] : undefined;
    if (match && annotation) annotations[annotation] = match[2]!.trim();
  }
  return annotations;
}
