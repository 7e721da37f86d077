import type { Command } from 'cloud-init-yaml';
import type { SystemdUnitV1 } from '../adapter/v1/systemd-unit-v1.js';
import type { NodePool } from '../node-pool/node-pool-schema.js';
import { KUBERNETES_NODE_MODULES } from '../renderers/kernel-config-files.js';
import type { KubernetesPackages } from './cloud-init-node-options.js';
import {
  KUBERNETES_APT_KEYRING,
  KUBERNETES_APT_PACKAGES,
  type KubernetesAptRepository,
} from './kubernetes-apt-repository.js';

/** The kubeadm JoinConfiguration, where Cluster API's kubeadm bootstrap puts it (mode 0600: it holds the token). */
export const KUBEADM_JOIN_CONFIG_PATH = '/run/kubeadm/kubeadm-join-config.yaml';
/** Written when `kubeadm join` succeeded, as Cluster API does. */
export const BOOTSTRAP_SUCCESS_SENTINEL = '/run/cluster-api/bootstrap-success.complete';

/** The shell function that runs one OS configuration step and remembers its failure. */
const OS_STEP = 'kubenode_os';
const OS_FAILED = 'kubenode_os_failed';

/** What {@link renderKubeadmNodeRuncmd} needs besides the pool. */
export interface KubeadmNodeRuncmdOptions {
  /** Where kubelet, kubeadm and kubectl come from (`install`). */
  readonly repository: KubernetesAptRepository;
  /** Install the Kubernetes packages at first boot, or use the image's. */
  readonly kubernetesPackages: KubernetesPackages;
  /** Every unit the node gets (runtime, updates, the pool's), for enable/disable/mask. */
  readonly units: readonly SystemdUnitV1[];
  /** The command (argv) that writes `spec.os.kernelArgs` for the next boot, when there are any. */
  readonly kernelArgsCommand: readonly string[] | undefined;
}

function keyDownload(pool: NodePool, repository: KubernetesAptRepository): Command {
  const { proxy } = pool.spec.os;
  const viaProxy = proxy.https ?? proxy.http;
  return [
    'curl',
    '-fsSL',
    '--retry',
    '5',
    ...(viaProxy ? ['--proxy', viaProxy] : []),
    ...(viaProxy && proxy.noProxy.length > 0 ? ['--noproxy', proxy.noProxy.join(',')] : []),
    '--create-dirs',
    '-o',
    KUBERNETES_APT_KEYRING,
    repository.releaseKeyUrl,
  ];
}

/** `install`: the repository key, then kubelet, kubeadm and kubectl at exactly the pool's version, held. */
function installKubernetesPackages(pool: NodePool, repository: KubernetesAptRepository): Command[] {
  return [
    ...(repository.key === undefined ? [keyDownload(pool, repository)] : []),
    ['apt-get', 'update', '-q'],
    [
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '-q',
      '-o',
      'Dpkg::Options::=--force-confold',
      ...KUBERNETES_APT_PACKAGES.map((name) => `${name}=${repository.packageVersion}`),
    ],
    ['apt-mark', 'hold', ...KUBERNETES_APT_PACKAGES],
  ];
}

/**
 * `preinstalled`: the image's kubelet and kubeadm must be the pool's version (a node never joins
 * with other ones); those dpkg knows are held, so that no apt upgrade replaces them.
 */
function checkPreinstalledKubernetes(version: string): Command[] {
  return [
    [
      'kubenode_kubelet=$(kubelet --version 2>/dev/null || true)',
      'kubenode_kubeadm=$(kubeadm version -o short 2>/dev/null || true)',
      `if [ "$kubenode_kubelet" != "Kubernetes v${version}" ] || [ "$kubenode_kubeadm" != "v${version}" ]; then`,
      `  echo "kubenode: the image must carry kubelet and kubeadm v${version} (kubernetesPackages: preinstalled); it has kubelet \${kubenode_kubelet:-none}, kubeadm \${kubenode_kubeadm:-none}" >&2`,
      '  exit 1',
      'fi',
    ].join('\n'),
    `dpkg-query -W -f='\${db:Status-Abbrev} \${Package}\\n' ${KUBERNETES_APT_PACKAGES.join(' ')} 2>/dev/null | awk '$1 == "ii" { print $2 }' | xargs -r apt-mark hold`,
  ];
}

/**
 * The `runcmd` of a kubeadm worker: one shell script (cloud-init writes the list into one file
 * and runs it once per instance) in three phases, so that the OS is configured even when the
 * Kubernetes packages cannot be installed (no network, a mirror outage):
 *
 * 1. **OS configuration**, each step on its own: load the kernel modules, apply the sysctls,
 *    reload systemd (units, drop-ins, proxy environment), restart containerd (its configuration
 *    and proxy), enable/disable/mask the units with `--now`, write the kernel arguments for the
 *    next boot. A failing step is reported on stderr and remembered; the next step still runs.
 * 2. **Kubernetes packages**, in order under `set -e`: the first failure ends the script (later
 *    steps need the earlier ones). `install`: the repository key (unless given), `apt-get update`,
 *    kubelet/kubeadm/kubectl at exactly `<version>-<revision>`, `apt-mark hold`. `preinstalled`:
 *    check that the image's kubelet and kubeadm are the pool's version, hold them. Then
 *    `systemctl enable kubelet.service`.
 * 3. **Join**, only when phases 1 and 2 succeeded: `kubeadm join --config ...` followed by the
 *    success sentinel, as Cluster API writes them.
 *
 * Any failure makes the script exit non-zero: cloud-final.service fails and cloud-init's
 * result.json names `runcmd`, and the node never joins half-configured. CA certificates, users,
 * files, the host name, NTP and the apt proxy are cloud-init modules of earlier stages and do not
 * depend on this script at all.
 */
export function renderKubeadmNodeRuncmd(pool: NodePool, options: KubeadmNodeRuncmdOptions): Command[] {
  const { os, kubernetes } = pool.spec;
  const step = (...command: string[]): Command => [OS_STEP, ...command];
  const runcmd: Command[] = [
    'set -e',
    `${OS_FAILED}=0`,
    `${OS_STEP}() { "$@" || { printf "kubenode: OS configuration step failed with exit code %s: %s\\n" "$?" "$*" >&2; ${OS_FAILED}=1; }; }`,
    step('modprobe', '-a', ...[...new Set([...KUBERNETES_NODE_MODULES, ...os.kernelModules])].sort()),
    step('sysctl', '--system'),
    step('systemctl', 'daemon-reload'),
    step('systemctl', 'restart', 'containerd.service'),
  ];
  // `--` ends systemctl's options: a unit name may start with '-' (`-.mount`, `-.slice`).
  for (const unit of options.units) {
    if (unit.mask) runcmd.push(step('systemctl', 'mask', '--now', '--', unit.name));
    else if (unit.enabled === true) runcmd.push(step('systemctl', 'enable', '--now', '--', unit.name));
    else if (unit.enabled === false) runcmd.push(step('systemctl', 'disable', '--now', '--', unit.name));
  }
  if (options.kernelArgsCommand !== undefined) runcmd.push(step(...options.kernelArgsCommand));
  runcmd.push(
    ...(options.kubernetesPackages === 'preinstalled'
      ? checkPreinstalledKubernetes(kubernetes.version)
      : installKubernetesPackages(pool, options.repository)),
    ['systemctl', 'enable', 'kubelet.service'],
    `if [ "$${OS_FAILED}" != 0 ]; then echo "kubenode: not joining the cluster: the OS configuration failed (see above)" >&2; exit 1; fi`,
    `kubeadm join --config ${KUBEADM_JOIN_CONFIG_PATH} && echo success > ${BOOTSTRAP_SUCCESS_SENTINEL}`,
  );
  return runcmd;
}
