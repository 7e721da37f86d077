import {
  kubernetesMinor,
  KUBERNETES_NODE_MODULES,
  osFile,
  poolOsFiles,
  renderJoinConfiguration,
  renderModulesLoadFile,
  renderProxyUnits,
  renderSysctlFile,
  withKubernetesSysctls,
  type NodePool,
  type OsFileV1,
  type OsUser,
  type RuntimeV1,
  type SystemdUnitV1,
  type UpdateStrategyV1,
  type WarningV1,
} from '@kubenode/core';
import type { GardenLinuxAdapterOptions } from './gardenlinux-adapter-options.js';
import { caCertificates, ntpFile, timeService, UPDATE_CA_UNIT } from './gardenlinux-node-files.js';
import type { GardenLinuxTarget } from './gardenlinux-target.js';

/** Where the kubeadm JoinConfiguration is written (mode 0600: it holds the bootstrap token); removed after the join. */
export const JOIN_CONFIGURATION_PATH = '/etc/kubeadm/join-configuration.yaml';
/** The kubeadm patches directory (the kubelet configuration patch). */
export const KUBEADM_PATCHES_DIRECTORY = '/etc/kubeadm/patches';
/** The oneshot unit that joins the node. */
export const JOIN_UNIT = 'kubenode-kubeadm-join.service';
/** The oneshot unit that installs `spec.os.packages` on flavours with apt (Ignition only). */
export const PACKAGES_UNIT = 'kubenode-install-packages.service';

/** A standalone node in format-neutral terms, serialised as cloud-init or Ignition. */
export interface GardenLinuxNodePlan {
  /** Files by path, kubenode's (sorted) then the pool's (which replace kubenode's of the same path). */
  readonly files: readonly OsFileV1[];
  /** Units merged by name: kubenode's, then the pool's (fields and drop-ins of later ones win). */
  readonly units: readonly SystemdUnitV1[];
  /** Units to start, in order, once the files are written (cloud-init's runcmd; Ignition enables them). */
  readonly start: readonly string[];
  /** Services to restart after the files are written, because they read them at boot. */
  readonly restart: readonly string[];
  /** The pool's users. */
  readonly users: readonly OsUser[];
  /** The static host name, or null for the platform's. */
  readonly hostname: string | null;
  /** Packages to install (only on flavours with apt). */
  readonly packages: readonly string[];
  /** Pool files that replace generated ones, or are ignored. */
  readonly warnings: readonly WarningV1[];
}

/** What {@link planGardenLinuxNode} needs from the adapter. */
export interface NodePlanDependencies {
  /** The adapter's container runtime. */
  readonly runtime: RuntimeV1;
  /** The adapter's update strategy (its node configuration is part of the plan). */
  readonly updates: UpdateStrategyV1;
}

/**
 * The oneshot unit that joins the node with the kubeadm of the image (kubelet, kubeadm and
 * kubectl are baked in by `kubenode build`, as Garden Linux's khost feature does): it loads the
 * kernel settings written at first boot, refuses an image built for another Kubernetes minor,
 * joins, and deletes the JoinConfiguration (and with it the bootstrap token).
 */
function joinUnit(pool: NodePool, after: readonly string[]): SystemdUnitV1 {
  const version = pool.spec.kubernetes.version;
  const minor = kubernetesMinor(version);
  const check = [
    'v=$$(/usr/bin/kubeadm version -o short) || exit 1;',
    `case "$$v" in v${minor}.*) ;; *) echo "kubenode: this image has kubeadm $$v, the pool asks for Kubernetes ${version}: boot an image built for it (kubenode build)" >&2; exit 1 ;; esac`,
  ].join(' ');
  return {
    name: JOIN_UNIT,
    enabled: true,
    mask: false,
    dropins: [],
    contents: [
      '[Unit]',
      'Description=Join the Kubernetes cluster with kubeadm (kubenode)',
      'Wants=network-online.target',
      'Requires=containerd.service',
      `After=${['network-online.target', 'containerd.service', ...after].join(' ')}`,
      'ConditionPathExists=!/etc/kubernetes/kubelet.conf',
      `ConditionPathExists=${JOIN_CONFIGURATION_PATH}`,
      '',
      '[Service]',
      'Type=oneshot',
      'RemainAfterExit=yes',
      'ExecStartPre=/usr/bin/systemctl restart systemd-modules-load.service systemd-sysctl.service',
      `ExecStartPre=/bin/sh -c '${check}'`,
      `ExecStart=/usr/bin/kubeadm join --config ${JOIN_CONFIGURATION_PATH}`,
      '# The bootstrap token is no longer needed once the node has joined.',
      `ExecStartPost=/usr/bin/rm -f ${JOIN_CONFIGURATION_PATH}`,
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  };
}

function packagesUnit(packages: readonly string[]): SystemdUnitV1 {
  return {
    name: PACKAGES_UNIT,
    enabled: true,
    mask: false,
    dropins: [],
    contents: [
      '[Unit]',
      'Description=Install the packages of the NodePool (kubenode)',
      'Wants=network-online.target',
      'After=network-online.target',
      `Before=${JOIN_UNIT}`,
      'ConditionPathExists=!/var/lib/kubenode/packages-installed',
      '',
      '[Service]',
      'Type=oneshot',
      'RemainAfterExit=yes',
      'Environment=DEBIAN_FRONTEND=noninteractive',
      'ExecStart=/usr/bin/apt-get update -q',
      `ExecStart=/usr/bin/apt-get install -y -q -o Dpkg::Options::=--force-confold ${packages.join(' ')}`,
      'ExecStartPost=/usr/bin/mkdir -p /var/lib/kubenode',
      'ExecStartPost=/usr/bin/touch /var/lib/kubenode/packages-installed',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
  };
}

/** Merges units by name: later definitions win field by field; drop-ins merge by name (later wins), in first-seen order. */
export function mergeUnits(units: readonly SystemdUnitV1[]): SystemdUnitV1[] {
  const byName = new Map<
    string,
    { contents?: string; enabled?: boolean; mask: boolean; dropins: Map<string, string> }
  >();
  for (const unit of units) {
    const existing = byName.get(unit.name) ?? { mask: false, dropins: new Map<string, string>() };
    if (unit.contents !== undefined) existing.contents = unit.contents;
    if (unit.enabled !== undefined) existing.enabled = unit.enabled;
    if (unit.mask) existing.mask = true;
    for (const dropin of unit.dropins) existing.dropins.set(dropin.name, dropin.contents);
    byName.set(unit.name, existing);
  }
  return [...byName].map(([name, unit]) => ({
    name,
    ...(unit.contents !== undefined ? { contents: unit.contents } : {}),
    ...(unit.enabled !== undefined ? { enabled: unit.enabled } : {}),
    mask: unit.mask,
    dropins: [...unit.dropins].map(([dropinName, contents]) => ({ name: dropinName, contents })),
  }));
}

/**
 * Plans a standalone Garden Linux node: containerd configured and enabled (the `gardener`
 * feature ships it disabled), the pool's kernel, time, proxy, trust, files and units, and a
 * kubeadm join by the oneshot {@link JOIN_UNIT}. Pure and deterministic.
 */
export function planGardenLinuxNode(
  deps: NodePlanDependencies,
  pool: NodePool,
  target: GardenLinuxTarget,
  options: GardenLinuxAdapterOptions,
): GardenLinuxNodePlan {
  const { os } = pool.spec;
  const warnings: WarningV1[] = [];
  const files: OsFileV1[] = [];
  const units: SystemdUnitV1[] = [];
  const restart: string[] = [];

  const runtime = deps.runtime.render(pool);
  files.push(...runtime.files);
  units.push(...runtime.units);
  const updates = deps.updates.nodeConfiguration(pool);
  files.push(...updates.files);
  units.push(...updates.units);

  const sysctl = renderSysctlFile(withKubernetesSysctls(os.sysctls));
  if (sysctl) files.push(sysctl);
  const modules = renderModulesLoadFile([...KUBERNETES_NODE_MODULES, ...os.kernelModules]);
  if (modules) files.push(modules);
  const ntp = ntpFile(target.flavor, os.ntpServers);
  if (ntp) {
    files.push(ntp);
    restart.push(timeService(target.flavor).unit);
  }
  const trust = caCertificates(os.caCerts);
  files.push(...trust.files);
  units.push(...trust.units);

  const join = renderJoinConfiguration(pool, {
    patchesDirectory: KUBEADM_PATCHES_DIRECTORY,
    nodeName: options.nodeName,
  });
  const joinFile = osFile(JOIN_CONFIGURATION_PATH, join.joinConfiguration, {
    mode: 0o600,
    containsSecret: true,
  });
  if (join.kubeletPatch) {
    files.push(
      osFile(`${KUBEADM_PATCHES_DIRECTORY}/${join.kubeletPatch.fileName}`, join.kubeletPatch.contents),
    );
  }
  const packages = target.flavor.packageManager === 'apt' ? [...new Set(os.packages)] : [];
  const after: string[] = [];
  if (trust.units.length > 0) after.push(UPDATE_CA_UNIT);
  if (packages.length > 0 && target.format === 'ignition') {
    units.push(packagesUnit(packages));
    after.push(PACKAGES_UNIT);
  }
  units.push({ name: 'kubelet.service', enabled: true, mask: false, dropins: [] });
  units.push(joinUnit(pool, after));
  units.push(...renderProxyUnits(os.proxy, ['containerd.service', 'kubelet.service', JOIN_UNIT]));
  if (target.format === 'ignition' && os.hostname !== null) {
    files.push(osFile('/etc/hostname', `${os.hostname}\n`));
  }

  // kubenode's files sorted by path; the pool's replace them (a pool file at the JoinConfiguration's
  // path is refused before planning: assertGardenLinuxPoolExpressible).
  const byPath = new Map<string, OsFileV1>();
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (byPath.has(file.path)) throw new RangeError(`two generated files write ${file.path}`);
    byPath.set(file.path, file);
  }
  for (const [index, file] of poolOsFiles(pool).entries()) {
    if (byPath.has(file.path)) {
      warnings.push({
        code: 'file-overrides-generated',
        path: `spec.os.files[${index}].path`,
        message: `${file.path} replaces the file kubenode writes there; the node may not work as configured`,
      });
      byPath.delete(file.path);
    }
    byPath.set(file.path, file);
  }
  byPath.set(joinFile.path, joinFile);

  const merged = mergeUnits([
    ...units,
    ...os.units.map((unit) => ({
      name: unit.name,
      contents: unit.contents,
      enabled: unit.enabled,
      mask: unit.mask,
      dropins: unit.dropins,
    })),
  ]);
  const start = [...(trust.units.length > 0 ? [UPDATE_CA_UNIT] : []), 'containerd.service'];
  return {
    files: [...byPath.values()],
    units: merged,
    start,
    restart,
    users: os.users,
    hostname: os.hostname,
    packages,
    warnings,
  };
}
