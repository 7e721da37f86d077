import { type CloudConfig, type CloudInitDialect, type WriteFile } from 'cloud-init-yaml';
import { assertManagedUnitsKept } from '../adapter/v1/assert-managed-units-kept.js';
import { assertPoolFilesClear } from '../adapter/v1/assert-pool-files-clear.js';
import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';
import type { WarningV1 } from '../adapter/v1/provisioning-result-v1.js';
import type { RuntimeConfigurationV1 } from '../adapter/v1/runtime-v1.js';
import { systemdUnitPaths } from '../adapter/v1/systemd-unit-paths.js';
import type { SystemdUnitV1 } from '../adapter/v1/systemd-unit-v1.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import type { NodePool } from '../node-pool/node-pool-schema.js';
import { splitPemBlocks } from '../node-pool/pem.js';
import {
  KUBERNETES_NODE_MODULES,
  renderModulesLoadFile,
  renderSysctlFile,
  withKubernetesSysctls,
} from '../renderers/kernel-config-files.js';
import { cloudInitUser, cloudInitWriteFile, systemdUnitFiles } from '../renderers/cloud-init-node-items.js';
import { renderJoinConfiguration } from '../renderers/kubeadm-join-configuration.js';
import { poolOsFiles } from '../renderers/pool-os-files.js';
import { renderProxyUnits } from '../renderers/proxy-dropins.js';
import type { KubernetesPackages } from './cloud-init-node-options.js';
import {
  BOOTSTRAP_SUCCESS_SENTINEL,
  KUBEADM_JOIN_CONFIG_PATH,
  renderKubeadmNodeRuncmd,
} from './kubeadm-node-runcmd.js';
import {
  kubernetesAptPreferences,
  KUBERNETES_APT_KEYRING,
  KUBERNETES_APT_PREFERENCES_FILE,
  KUBERNETES_APT_SOURCE_FILE,
  type KubernetesAptRepository,
} from './kubernetes-apt-repository.js';
import { renderNodeKernelArgs, type NodeBootLoader } from './node-kernel-args.js';

export { BOOTSTRAP_SUCCESS_SENTINEL, KUBEADM_JOIN_CONFIG_PATH } from './kubeadm-node-runcmd.js';
export { GRUB_KERNEL_ARGS_FILE } from './node-kernel-args.js';

/** The kubeadm patches directory (the kubelet configuration patch). */
export const KUBEADM_PATCHES_DIRECTORY = '/run/kubeadm/patches';
/** Cluster API's placeholder that creates /run/cluster-api. */
export const CLUSTER_API_PLACEHOLDER = '/run/cluster-api/placeholder';

/** What {@link renderKubeadmNodeCloudConfig} needs to know about the distribution. */
export interface KubeadmNodeCloudConfigOptions {
  /** The adapter id its refusals name (`UnsupportedFeatureError.distro`; default `cloud-init`). */
  readonly distro?: string;
  /** The cloud-init release of the image. */
  readonly dialect: CloudInitDialect;
  /** The container runtime configuration (the adapter's `runtime.render(pool)`). */
  readonly runtime: RuntimeConfigurationV1;
  /** The update configuration (the adapter's `updates.nodeConfiguration(pool)`). */
  readonly updates: { readonly files: readonly OsFileV1[]; readonly units: readonly SystemdUnitV1[] };
  /** Where kubelet, kubeadm and kubectl come from (with `kubernetesPackages: install`). */
  readonly repository: KubernetesAptRepository;
  /**
   * `install` (default): the distribution packages and kubelet/kubeadm/kubectl are installed at
   * first boot. `preinstalled`: the image carries them; only `spec.os.packages` are installed,
   * and the image's kubelet and kubeadm are checked against the pool's version, then held.
   */
  readonly kubernetesPackages?: KubernetesPackages;
  /** The image's boot loader, for `spec.os.kernelArgs` (default `grub`). */
  readonly bootLoader?: NodeBootLoader;
  /** Distribution packages the node needs besides the pool's (e.g. `containerd`), installed first (`install` only). */
  readonly osPackages: readonly string[];
  /** Keep the image's default user (`debian`, `ubuntu`), which receives the cloud's SSH keys. */
  readonly keepDefaultUser: boolean;
  /** cloud-init's `ntp.ntp_client` (`auto` lets cloud-init pick the distribution's preferred client). */
  readonly ntpClient: string;
  /** Set `create_hostname_file: true` with a static host name (Ubuntu 24.04 has no /etc/hostname by default; `current` dialect only). */
  readonly createHostnameFile: boolean;
  /** Distribution-specific top-level keys (e.g. `ubuntu_pro`), validated by cloud-init's schema. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The cloud-config of a kubeadm worker and what the user should know about it. */
export interface KubeadmNodeCloudConfig {
  readonly config: CloudConfig;
  readonly warnings: readonly WarningV1[];
}

function trustedCertificates(caCerts: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const bundle of caCerts)
    for (const block of splitPemBlocks(bundle)) seen.add(`${block.text.trim()}\n`);
  return [...seen];
}

/** The units kubenode enables on a cloud-init node and the node cannot run without. */
const MANAGED_UNITS = ['containerd.service', 'kubelet.service'];

/**
 * Refuses a pool unit whose contents or drop-in would be written where kubenode writes one of its
 * own unit files (the runtime's and update units, the proxy drop-ins), naming the pool's field:
 * one would silently replace the other.
 */
function assertPoolUnitFilesClear(
  pool: NodePool,
  distro: string,
  kubenodeUnits: readonly SystemdUnitV1[],
): void {
  const kubenodePaths = new Set(systemdUnitFiles(kubenodeUnits).map((file) => file.path));
  const refuse = (field: string, path: string) =>
    new UnsupportedFeatureError({
      field,
      distro,
      reason: `kubenode writes ${path} itself (its runtime, update or proxy configuration)`,
      alternative:
        'give the drop-in another name (drop-ins of one unit apply in name order), or set the proxy through spec.os.proxy',
    });
  pool.spec.os.units.forEach((unit, index) => {
    const path = `/etc/systemd/system/${unit.name}`;
    if (unit.contents !== undefined && kubenodePaths.has(path)) {
      throw refuse(`spec.os.units[${index}].contents`, path);
    }
    unit.dropins.forEach((dropin, dropinIndex) => {
      const dropinPath = `${path}.d/${dropin.name}`;
      if (kubenodePaths.has(dropinPath))
        throw refuse(`spec.os.units[${index}].dropins[${dropinIndex}].name`, dropinPath);
    });
  });
}

/**
 * The cloud-config of a kubeadm worker on Debian or Ubuntu: everything a NodePool asks for,
 * expressed with cloud-init modules where one exists and with files plus commands where not,
 * joined in Cluster API's file layout.
 *
 * Stages (cloud-init runs them in this order):
 * - init: `write_files` (containerd config and registry hosts, sysctl and module files, units and
 *   drop-ins, the GRUB drop-in, update configuration, the pool's files, the kubelet patch, and the
 *   JoinConfiguration at {@link KUBEADM_JOIN_CONFIG_PATH}, mode 0600); `growpart` and
 *   `resize_rootfs`; `hostname`/`fqdn`; `ca_certs`; `users`;
 * - config: `apt` proxies; `ntp`;
 * - final: `packages` (with `install`: containerd, the update tooling and the pool's, after
 *   `apt-get update`; with `preinstalled`: the pool's only, and no apt run at all without them);
 *   deferred files (the Kubernetes apt source, pin and key, and files owned by other users); then
 *   `runcmd` ({@link renderKubeadmNodeRuncmd}): the OS configuration step by step, then the
 *   Kubernetes packages, then `kubeadm join --config ...` and the success sentinel;
 *   `power_state` reboots once after a successful join when the running kernel lacks one of
 *   `spec.os.kernelArgs` ({@link renderNodeKernelArgs}: GRUB or systemd-boot).
 *
 * Pure: the same pool gives the same config.
 *
 * @throws {UnsupportedFeatureError} for a pool file at the JoinConfiguration's path or at one of
 *   the pool's unit files, a pool unit file or drop-in where kubenode writes its own, and a pool
 *   unit that masks or disables containerd.service or kubelet.service.
 */
export function renderKubeadmNodeCloudConfig(
  pool: NodePool,
  options: KubeadmNodeCloudConfigOptions,
): KubeadmNodeCloudConfig {
  const { os } = pool.spec;
  const warnings: WarningV1[] = [];
  const repository = options.repository;
  const kubernetesPackages = options.kubernetesPackages ?? 'install';
  const distro = options.distro ?? 'cloud-init';
  const kubenodeUnits = [...options.runtime.units, ...options.updates.units, ...renderProxyUnits(os.proxy)];
  assertManagedUnitsKept(pool, distro, MANAGED_UNITS);
  assertPoolUnitFilesClear(pool, distro, kubenodeUnits);
  assertPoolFilesClear(pool, distro, {
    joinConfiguration: KUBEADM_JOIN_CONFIG_PATH,
    unitPaths: systemdUnitPaths(os.units),
  });

  // Files the node needs, by path; the pool's own files come last and win on a clash.
  const generated: OsFileV1[] = [
    ...options.runtime.files,
    ...options.updates.files,
    ...systemdUnitFiles(kubenodeUnits),
    ...systemdUnitFiles(os.units),
  ];
  const sysctl = renderSysctlFile(withKubernetesSysctls(os.sysctls));
  if (sysctl) generated.push(sysctl);
  const modules = renderModulesLoadFile([...KUBERNETES_NODE_MODULES, ...os.kernelModules]);
  if (modules) generated.push(modules);
  const kernelArgs = renderNodeKernelArgs(
    os.kernelArgs,
    options.bootLoader ?? 'grub',
    BOOTSTRAP_SUCCESS_SENTINEL,
  );
  if (kernelArgs) generated.push(...kernelArgs.files);
  // The kubelet patch sorts KubeletConfiguration keys at every depth (renderKubeletConfiguration).
  const join = renderJoinConfiguration(pool, { patchesDirectory: KUBEADM_PATCHES_DIRECTORY });
  generated.push(
    osFile(KUBEADM_JOIN_CONFIG_PATH, join.joinConfiguration, { mode: 0o600, containsSecret: true }),
  );
  if (join.kubeletPatch) {
    generated.push(
      osFile(`${KUBEADM_PATCHES_DIRECTORY}/${join.kubeletPatch.fileName}`, join.kubeletPatch.contents),
    );
  }
  generated.push(
    osFile(
      CLUSTER_API_PLACEHOLDER,
      'This placeholder file creates the /run/cluster-api directory (Cluster API layout).\n',
    ),
  );
  // Written after the first `apt-get update` (final stage), so that one never meets the
  // repository before its key is there. Preinstalled packages keep the pin (on the pool's version,
  // whatever the image's Debian revision), and the node gets no repository to install from.
  const deferred: OsFileV1[] =
    kubernetesPackages === 'preinstalled'
      ? [
          osFile(
            KUBERNETES_APT_PREFERENCES_FILE,
            kubernetesAptPreferences(`${pool.spec.kubernetes.version}-*`),
          ),
        ]
      : [
          osFile(KUBERNETES_APT_SOURCE_FILE, repository.sourceLine),
          osFile(KUBERNETES_APT_PREFERENCES_FILE, repository.preferences),
          ...(repository.key === undefined ? [] : [osFile(KUBERNETES_APT_KEYRING, repository.key)]),
        ];

  const seen = new Map<string, OsFileV1>();
  for (const file of [...generated, ...deferred]) {
    if (seen.has(file.path)) throw new RangeError(`two generated files write ${file.path}`);
    seen.set(file.path, file);
  }
  const poolFiles = poolOsFiles(pool);
  for (const [index, file] of poolFiles.entries()) {
    if (seen.has(file.path)) {
      warnings.push({
        code: 'file-overrides-generated',
        path: `spec.os.files[${index}].path`,
        message: `${file.path} replaces the file kubenode writes there; the node may not work as configured`,
      });
    }
  }
  const overridden = new Set(poolFiles.map((file) => file.path));
  const byPath = (a: OsFileV1, b: OsFileV1) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const writeFiles: WriteFile[] = [
    ...generated
      .filter((file) => !overridden.has(file.path))
      .sort(byPath)
      .map((file) => cloudInitWriteFile(file)),
    ...deferred
      .filter((file) => !overridden.has(file.path))
      .sort(byPath)
      .map((file) => cloudInitWriteFile(file, { defer: true })),
    ...poolFiles.map((file) => cloudInitWriteFile(file)),
  ];

  const runcmd = renderKubeadmNodeRuncmd(pool, {
    repository,
    kubernetesPackages,
    units: [...options.runtime.units, ...options.updates.units, ...os.units],
    kernelArgsCommand: kernelArgs?.command,
  });

  const config: Record<string, unknown> = { write_files: writeFiles };
  if (os.rootDisk.grow) {
    config.growpart = { mode: 'auto', devices: ['/'], ignore_growroot_disabled: false };
    config.resize_rootfs = true;
  } else {
    config.growpart = { mode: 'off' };
    config.resize_rootfs = false;
  }
  if (os.hostname !== null) {
    const short = os.hostname.split('.')[0]!;
    config.hostname = short;
    if (short !== os.hostname) {
      config.fqdn = os.hostname;
      config.prefer_fqdn_over_hostname = false;
    }
    if (options.createHostnameFile && options.dialect !== '22.4') config.create_hostname_file = true;
    config.manage_etc_hosts = true;
  }
  const trusted = trustedCertificates(os.caCerts);
  if (trusted.length > 0) config.ca_certs = { trusted };
  if (os.users.length > 0) {
    config.users = [...(options.keepDefaultUser ? ['default'] : []), ...os.users.map(cloudInitUser)];
  }
  const apt: Record<string, string> = {};
  if (os.proxy.http) apt.http_proxy = os.proxy.http;
  if (os.proxy.https) apt.https_proxy = os.proxy.https;
  if (Object.keys(apt).length > 0) config.apt = apt;
  if (os.ntpServers.length > 0) {
    config.ntp = { enabled: true, ntp_client: options.ntpClient, servers: [...new Set(os.ntpServers)] };
  }
  const packages = [
    ...new Set([...(kubernetesPackages === 'install' ? options.osPackages : []), ...os.packages]),
  ];
  if (packages.length > 0 || kubernetesPackages === 'install') {
    config.package_update = true;
    config.packages = packages;
  }
  config.runcmd = runcmd;
  if (kernelArgs) {
    config.power_state = {
      mode: 'reboot',
      message: 'kubenode: rebooting once to apply spec.os.kernelArgs',
      condition: kernelArgs.rebootCondition,
    };
  }
  for (const [key, value] of Object.entries(options.extra ?? {})) {
    if (key in config) throw new RangeError(`extra key ${key} would replace a key kubenode writes`);
    config[key] = value;
  }
  return { config: config as CloudConfig, warnings };
}
