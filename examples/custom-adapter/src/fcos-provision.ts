import {
  assertFeaturesSupported,
  KUBERNETES_NODE_MODULES,
  parseAdapterOptions,
  poolOsFiles,
  renderCaCertFiles,
  renderJoinConfiguration,
  renderModulesLoadFile,
  renderSysctlFile,
  withKubernetesSysctls,
  osFile,
  type CapabilitiesV1,
  type NodePool,
  type OsFileV1,
  type ProvisioningResultV1,
  type SystemdUnitV1,
} from '@kubenode/core';
import {
  buildIgnitionConfig,
  ignitionDropin,
  ignitionFile,
  ignitionKernelArguments,
  ignitionUnit,
  ignitionUser,
  serializeIgnitionConfig,
} from 'ignition-config-ts';
import { z } from 'zod';
import { kubernetesRepository, layeredPackages } from './fcos-kubernetes-packages.js';
import { assertIgnitionCanApply } from './fcos-ignition-restrictions.js';
import { fedoraCoreOsRuntime } from './fcos-runtime.js';
import { zincatiConfiguration } from './fcos-update-strategy.js';

/** The artifact Fedora CoreOS boots with. */
export const FCOS_CONFIG_ARTIFACT = 'config.ign';

const JOIN_CONFIG = '/etc/kubernetes/kubeadm-join.yaml';
const PATCHES = '/etc/kubernetes/patches';

/** `spec.adapterOptions.example.fcos`: nothing yet, but read strictly so a typo is an error. */
export const fedoraCoreOsOptionsSchema = z.strictObject({});

function installUnit(pool: NodePool): SystemdUnitV1 {
  return {
    name: 'kubenode-install.service',
    contents: [
      '[Unit]',
      `Description=Layer Kubernetes ${pool.spec.kubernetes.version} packages onto Fedora CoreOS`,
      'Wants=network-online.target',
      'After=network-online.target',
      'ConditionPathExists=!/usr/bin/kubeadm',
      '',
      '[Service]',
      'Type=oneshot',
      'RemainAfterExit=yes',
      `ExecStart=/usr/bin/rpm-ostree install --apply-live --allow-inactive --idempotent ${layeredPackages(pool).join(' ')}`,
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ].join('\n'),
    enabled: true,
    mask: false,
    dropins: [],
  };
}

const JOIN_UNIT: SystemdUnitV1 = {
  name: 'kubeadm-join.service',
  contents: [
    '[Unit]',
    'Description=Join the Kubernetes cluster',
    'Wants=network-online.target',
    'Requires=kubenode-install.service',
    'After=network-online.target kubenode-install.service',
    'ConditionPathExists=!/etc/kubernetes/kubelet.conf',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'ExecStartPre=/usr/bin/systemctl enable --now containerd.service',
    'ExecStartPre=/usr/bin/systemctl enable kubelet.service',
    `ExecStart=/usr/bin/kubeadm join --config ${JOIN_CONFIG}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n'),
  enabled: true,
  mask: false,
  dropins: [],
};

/** Keys sorted at every depth, lists kept in order. */
function deepSorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepSorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, deepSorted((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The pool with its pass-through kubelet fields sorted at every depth: core's kubelet patch
 * sorts only the top-level keys, and map order must not change the output.
 */
function withSortedKubelet(pool: NodePool): NodePool {
  const kubelet = deepSorted(pool.spec.kubernetes.kubelet) as Record<string, unknown>;
  return { ...pool, spec: { ...pool.spec, kubernetes: { ...pool.spec.kubernetes, kubelet } } };
}

/** Units by name; for a name given twice, the later unit's fields win and drop-ins are merged. */
function mergeUnits(units: readonly SystemdUnitV1[]): SystemdUnitV1[] {
  const byName = new Map<string, SystemdUnitV1>();
  for (const unit of units) {
    const earlier = byName.get(unit.name);
    if (!earlier) {
      byName.set(unit.name, unit);
      continue;
    }
    const dropins = new Map(earlier.dropins.map((dropin) => [dropin.name, dropin]));
    for (const dropin of unit.dropins) dropins.set(dropin.name, dropin);
    byName.set(unit.name, {
      name: unit.name,
      contents: unit.contents ?? earlier.contents,
      enabled: unit.enabled ?? earlier.enabled,
      mask: unit.mask || earlier.mask,
      dropins: [...dropins.values()],
    });
  }
  return [...byName.values()];
}

/**
 * Renders a pool into an Ignition 3.3.0 config for Fedora CoreOS: Kubernetes packages layered
 * with rpm-ostree at first boot, then `kubeadm join` (core's JoinConfiguration); containerd,
 * sysctl, module, CA and proxy configuration from core's renderers; the pool's users, files,
 * units and kernel arguments. The pool's own files and units come last and win over the
 * adapter's (a unit named twice keeps both sets of drop-ins). What Ignition would refuse or not
 * apply is refused first ({@link assertIgnitionCanApply}).
 */
export function provisionFedoraCoreOs(
  adapter: { readonly id: string; readonly capabilities: CapabilitiesV1 },
  pool: NodePool,
): ProvisioningResultV1 {
  assertFeaturesSupported(pool, adapter);
  parseAdapterOptions(pool, adapter.id, fedoraCoreOsOptionsSchema);
  const { os } = pool.spec;
  const runtime = fedoraCoreOsRuntime.render(pool);

  const join = renderJoinConfiguration(withSortedKubelet(pool), { patchesDirectory: PATCHES });
  const files: OsFileV1[] = [
    osFile(JOIN_CONFIG, join.joinConfiguration, { containsSecret: true }),
    osFile('/etc/yum.repos.d/kubernetes.repo', kubernetesRepository(pool)),
    ...runtime.files,
    renderSysctlFile(withKubernetesSysctls(os.sysctls))!,
    renderModulesLoadFile([...KUBERNETES_NODE_MODULES, ...os.kernelModules])!,
    ...renderCaCertFiles(os.caCerts, { directory: '/etc/pki/ca-trust/source/anchors', extension: 'pem' }),
    zincatiConfiguration(),
  ];
  if (join.kubeletPatch)
    files.push(osFile(`${PATCHES}/${join.kubeletPatch.fileName}`, join.kubeletPatch.contents));
  if (os.hostname !== null) files.push(osFile('/etc/hostname', `${os.hostname}\n`));
  const byPath = new Map<string, OsFileV1>();
  for (const file of [...files, ...poolOsFiles(pool)]) byPath.set(file.path, file);

  const units = mergeUnits([installUnit(pool), JOIN_UNIT, ...runtime.units, ...os.units]);
  assertIgnitionCanApply(pool, units, adapter.id, {
    joinConfiguration: JOIN_CONFIG,
    managedUnits: ['containerd.service', 'kubelet.service', 'kubenode-install.service', JOIN_UNIT.name],
  });

  const config = buildIgnitionConfig({
    version: '3.3.0',
    files: [...byPath.values()].map((file) =>
      ignitionFile(
        file.path,
        file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : file.contents,
        {
          mode: file.mode,
          user: file.owner,
          group: file.group,
        },
      ),
    ),
    units: units.map((unit) =>
      ignitionUnit(unit.name, {
        contents: unit.contents,
        enabled: unit.enabled,
        mask: unit.mask || undefined,
        dropins: unit.dropins.map((dropin) => ignitionDropin(dropin.name, dropin.contents)),
      }),
    ),
    users: os.users.map((user) =>
      ignitionUser(user.name, {
        // Ignition refuses duplicate entries; these lists are sets.
        ...(user.sshAuthorizedKeys.length > 0
          ? { sshAuthorizedKeys: [...new Set(user.sshAuthorizedKeys)] }
          : {}),
        ...(user.groups.length > 0 ? { groups: [...new Set(user.groups)] } : {}),
        ...(user.passwordHash !== undefined ? { passwordHash: user.passwordHash } : {}),
        ...(user.shell !== undefined ? { shell: user.shell } : {}),
      }),
    ),
    kernelArguments: ignitionKernelArguments({ shouldExist: [...new Set(os.kernelArgs)] }),
  });
  return {
    artifacts: [
      {
        name: FCOS_CONFIG_ARTIFACT,
        mediaType: 'application/vnd.coreos.ignition+json',
        contents: `${serializeIgnitionConfig(config, { pretty: true })}\n`,
        role: 'user-data',
        containsSecrets: true,
      },
    ],
    warnings: [],
  };
}
