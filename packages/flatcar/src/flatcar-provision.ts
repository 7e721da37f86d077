import {
  assertFeaturesSupported,
  KUBERNETES_NODE_MODULES,
  osFile,
  parseAdapterOptions,
  poolOsFiles,
  renderCaCertFiles,
  renderJoinConfiguration,
  renderModulesLoadFile,
  renderProxyUnits,
  renderSysctlFile,
  systemdQuote,
  SYSTEMD_UNIT_DIRECTORY,
  systemdUnitPaths,
  withKubernetesSysctls,
  type CapabilitiesV1,
  type NodePool,
  type OsFileV1,
  type ProvisioningResultV1,
  type RenderContextV1,
  type RuntimeV1,
  type SystemdUnitV1,
  type UpdateStrategyV1,
  type WarningV1,
} from '@kubenode/core';
import {
  buildIgnitionConfig,
  encodeDataUrl,
  ignitionFile,
  ignitionLink,
  ignitionUnit,
  ignitionUser,
  remoteFile,
  serializeIgnitionConfig,
  type DataUrlEncoder,
  type IgnitionDropin,
  type IgnitionFile,
  type IgnitionUnit,
  type IgnitionUser,
} from 'ignition-config-ts';
import { flatcarAdapterOptionsSchema } from './flatcar-adapter-options.js';
import { assertFlatcarPoolExpressible } from './flatcar-pool-restrictions.js';
import { rememberFlatcarOptions } from './flatcar-render-options.js';
import {
  kubernetesSysextLayout,
  renderKubernetesSysupdate,
  SYSUPDATE_KUBERNETES_DROPIN,
  SYSUPDATE_NOOP_CONF,
} from './kubernetes-sysext.js';

/** Where the kubeadm JoinConfiguration is written (mode 0600: it holds the bootstrap token). */
export const JOIN_CONFIGURATION_PATH = '/etc/kubeadm/join-configuration.yaml';
/** The kubeadm patches directory (kubelet configuration patch). */
export const KUBEADM_PATCHES_DIRECTORY = '/etc/kubeadm/patches';
/** The provisioning artifact's name. */
export const IGNITION_ARTIFACT = 'config.ign';
/** The Ignition media type. */
export const IGNITION_MEDIA_TYPE = 'application/vnd.coreos.ignition+json';

/** The prefix of every unit and drop-in path ({@link systemdUnitPaths}). */
const UNIT_DIRECTORY_PREFIX = `${SYSTEMD_UNIT_DIRECTORY}/`;
const NO_UNIT_PATHS: ReadonlyMap<string, string> = new Map();

/** User-data size limits per platform (bytes), for a warning before a machine fails to boot. */
const USER_DATA_LIMITS: Readonly<Record<string, number>> = {
  aws: 16 * 1024,
  azure: 64 * 1024,
  openstack: 64 * 1024,
  gcp: 256 * 1024,
  cloudstack: 32 * 1024,
};

/** The oneshot unit that joins the node (Flatcar docs' kubeadm.service, with a config file). */
const KUBEADM_UNIT: SystemdUnitV1 = Object.freeze({
  name: 'kubeadm.service',
  enabled: true,
  mask: false,
  dropins: Object.freeze([]),
  contents: [
    '[Unit]',
    'Description=Join the Kubernetes cluster with kubeadm (kubenode)',
    'Requires=containerd.service',
    'After=containerd.service systemd-sysext.service network-online.target',
    'Wants=network-online.target',
    'ConditionPathExists=!/etc/kubernetes/kubelet.conf',
    `ConditionPathExists=${JOIN_CONFIGURATION_PATH}`,
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=/usr/bin/kubeadm join --config ${JOIN_CONFIGURATION_PATH}`,
    '# The bootstrap token is no longer needed once the node has joined.',
    `ExecStartPost=/usr/bin/rm -f ${JOIN_CONFIGURATION_PATH}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n'),
});

/** Runs update-ca-certificates once the extra CAs are in /etc/ssl/certs, before anything dials out. */
const CA_CERTIFICATES_UNIT: SystemdUnitV1 = Object.freeze({
  name: 'kubenode-update-ca-certificates.service',
  enabled: true,
  mask: false,
  dropins: Object.freeze([]),
  contents: [
    '[Unit]',
    'Description=Trust the extra CA certificates of the NodePool (kubenode)',
    'Before=containerd.service kubeadm.service systemd-sysupdate.service update-engine.service',
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    'ExecStart=/usr/sbin/update-ca-certificates',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n'),
});

function toIgnitionFile(file: OsFileV1, encoder: DataUrlEncoder): IgnitionFile {
  const bytes = file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : file.contents;
  return ignitionFile(file.path, bytes, {
    mode: file.mode,
    user: file.owner,
    group: file.group,
    // Secrets (the bootstrap token, private keys) are never kept in the encoder's memory.
    encoder: file.containsSecret ? encodeDataUrl : encoder,
  });
}

/** Merges units by name: later definitions win field by field, drop-ins merge by name (later wins). */
function mergeUnits(units: readonly SystemdUnitV1[]): IgnitionUnit[] {
  const byName = new Map<
    string,
    { contents?: string; enabled?: boolean; mask: boolean; dropins: IgnitionDropin[] }
  >();
  for (const unit of units) {
    let merged = byName.get(unit.name);
    if (merged === undefined) byName.set(unit.name, (merged = { mask: false, dropins: [] }));
    if (unit.contents !== undefined) merged.contents = unit.contents;
    if (unit.enabled !== undefined) merged.enabled = unit.enabled;
    if (unit.mask) merged.mask = true;
    for (const dropin of unit.dropins) {
      // A unit has a handful of drop-ins: a scan is cheaper than a map per unit.
      const same = merged.dropins.findIndex((candidate) => candidate.name === dropin.name);
      const entry = { name: dropin.name, contents: dropin.contents };
      if (same === -1) merged.dropins.push(entry);
      else merged.dropins[same] = entry;
    }
  }
  const merged: IgnitionUnit[] = [];
  for (const [name, unit] of byName) {
    merged.push(
      ignitionUnit(name, {
        contents: unit.contents,
        enabled: unit.enabled,
        mask: unit.mask ? true : undefined,
        dropins: unit.dropins,
      }),
    );
  }
  return merged;
}

/** What {@link provisionFlatcar} needs from the adapter. */
export interface FlatcarProvisionDependencies {
  readonly id: string;
  readonly capabilities: CapabilitiesV1;
  readonly runtime: RuntimeV1;
  readonly updates: UpdateStrategyV1;
  /**
   * Encodes non-secret file contents and CA certificates; the adapter passes a memoising one so
   * that contents many pools share (CA bundles, common files) are gzip-compressed once.
   * {@link encodeDataUrl} by default.
   */
  readonly dataUrlEncoder?: DataUrlEncoder;
}

/**
 * Renders a NodePool into one Ignition config (`config.ign`) that joins a Flatcar node the way
 * Flatcar documents it: kubelet, kubeadm and kubectl from the Kubernetes systemd-sysext image
 * (kept current within its minor by systemd-sysupdate), a kubeadm JoinConfiguration (0600) run by
 * a oneshot `kubeadm.service`, containerd's config and mirrors, and the pool's OS settings.
 * kubenode-owned files come first; the pool's own `os.files` and `os.units` override them by
 * path and name (except the JoinConfiguration, which the pool cannot replace). Pure and
 * deterministic.
 *
 * @throws {UnsupportedFeatureError} for `os.packages` (use a systemd-sysext image), for
 *   `os.rootDisk.grow: false`, and for files and units Ignition would refuse or not apply as
 *   written (see `assertFlatcarPoolExpressible` in flatcar-pool-restrictions.ts).
 * @throws {SpecValidationError} for invalid `spec.adapterOptions.flatcar`.
 */
export function provisionFlatcar(
  adapter: FlatcarProvisionDependencies,
  input: NodePool,
  context: RenderContextV1 = {},
): ProvisioningResultV1 {
  assertFeaturesSupported(input, adapter);
  // This render's own pool object (a shallow copy): the options parsed below are remembered for
  // it, so the runtime and the update strategy read them without parsing again. Pass-through
  // kubelet fields need no sorting here: core's kubelet renderer sorts them at every depth.
  const pool: NodePool = { ...input };
  const options = parseAdapterOptions(pool, adapter.id, flatcarAdapterOptionsSchema);
  // The runtime and the update strategy get this render's pool copy: they read these options.
  rememberFlatcarOptions(pool, adapter.id, options);
  const { kubernetes, os } = pool.spec;
  const encoder = adapter.dataUrlEncoder ?? encodeDataUrl;
  const warnings: WarningV1[] = [];

  const files: OsFileV1[] = [];
  const units: SystemdUnitV1[] = [];

  // Kubernetes from the sysext image (flatcar docs: getting started with Kubernetes).
  const layout = kubernetesSysextLayout(
    kubernetes.version,
    pool.spec.image.arch,
    options.kubernetesSysext.baseUrl,
  );
  const remote: IgnitionFile[] = [
    remoteFile(
      layout.imagePath,
      layout.imageUrl,
      options.kubernetesSysext.hash ? { hash: options.kubernetesSysext.hash } : {},
    ),
  ];
  if (!options.kubernetesSysext.hash) {
    warnings.push({
      code: 'unverified-download',
      path: 'spec.adapterOptions.flatcar.kubernetesSysext.hash',
      message: `${layout.imageUrl} is downloaded at first boot without a verification hash; set kubernetesSysext.hash (sha256-… of the image) to pin it`,
    });
  }
  if (options.kubernetesSysext.sysupdate) {
    files.push(
      osFile(layout.sysupdatePath, renderKubernetesSysupdate(layout, options.kubernetesSysext.baseUrl)),
    );
    files.push(osFile('/etc/sysupdate.d/noop.conf', SYSUPDATE_NOOP_CONF));
    units.push({ name: 'systemd-sysupdate.timer', enabled: true, mask: false, dropins: [] });
    units.push({
      name: 'systemd-sysupdate.service',
      mask: false,
      dropins: [{ name: 'kubernetes.conf', contents: SYSUPDATE_KUBERNETES_DROPIN }],
    });
  }

  // kubeadm join.
  const join = renderJoinConfiguration(pool, {
    patchesDirectory: KUBEADM_PATCHES_DIRECTORY,
    nodeName: options.nodeName,
  });
  const joinFile = osFile(JOIN_CONFIGURATION_PATH, join.joinConfiguration, {
    containsSecret: true,
    mode: 0o600,
  });
  if (join.kubeletPatch)
    files.push(
      osFile(`${KUBEADM_PATCHES_DIRECTORY}/${join.kubeletPatch.fileName}`, join.kubeletPatch.contents),
    );
  units.push(KUBEADM_UNIT);

  // Container runtime and updates.
  const runtime = adapter.runtime.render(pool);
  files.push(...runtime.files);
  units.push(...runtime.units);
  const updates = adapter.updates.nodeConfiguration(pool);
  files.push(...updates.files);
  units.push(...updates.units);

  // Kernel, time, trust, proxy, host name.
  const sysctl = renderSysctlFile(withKubernetesSysctls(os.sysctls));
  if (sysctl) files.push(sysctl);
  const modules = renderModulesLoadFile([...KUBERNETES_NODE_MODULES, ...os.kernelModules]);
  if (modules) files.push(modules);
  if (os.ntpServers.length > 0) {
    files.push(
      osFile('/etc/systemd/timesyncd.conf.d/90-kubenode.conf', `[Time]\nNTP=${os.ntpServers.join(' ')}\n`),
    );
  }
  if (os.caCerts.length > 0) {
    files.push(...renderCaCertFiles(os.caCerts, { directory: '/etc/ssl/certs', extension: 'pem' }));
    units.push(CA_CERTIFICATES_UNIT);
  }
  units.push(
    ...renderProxyUnits(os.proxy, [
      'containerd.service',
      'kubeadm.service',
      'kubelet.service',
      'systemd-sysupdate.service',
    ]),
  );
  const allProxy = os.proxy.https ?? os.proxy.http;
  if (allProxy !== null) {
    const noProxy =
      os.proxy.noProxy.length > 0
        ? `\nEnvironment=${systemdQuote(`NO_PROXY=${os.proxy.noProxy.join(',')}`)}`
        : '';
    units.push({
      name: 'update-engine.service',
      mask: false,
      dropins: [
        {
          name: '50-proxy.conf',
          contents: `[Service]\nEnvironment=${systemdQuote(`ALL_PROXY=${allProxy}`)}${noProxy}\n`,
        },
      ],
    });
  }
  if (os.hostname !== null) files.push(osFile('/etc/hostname', `${os.hostname}\n`));

  // The pool's own files and units, which override kubenode's by path and name.
  const byPath = new Map<string, OsFileV1>();
  for (const file of files) byPath.set(file.path, file);
  for (const file of poolOsFiles(pool)) byPath.set(file.path, file);
  byPath.set(joinFile.path, joinFile);
  units.push(
    ...os.units.map((unit) => ({
      name: unit.name,
      contents: unit.contents,
      enabled: unit.enabled,
      mask: unit.mask,
      dropins: unit.dropins,
    })),
  );

  const mergedUnits = mergeUnits(units);
  assertFlatcarPoolExpressible(pool, adapter.id, {
    joinConfiguration: JOIN_CONFIGURATION_PATH,
    // Every unit and drop-in path lies in the unit directory: a pool with no file there cannot
    // collide with one, so the paths are listed only for pools that have such a file.
    unitPaths: os.files.some((file) => file.path.startsWith(UNIT_DIRECTORY_PREFIX))
      ? systemdUnitPaths(mergedUnits)
      : NO_UNIT_PATHS,
    managedUnits: ['containerd.service', 'kubelet.service', KUBEADM_UNIT.name],
  });

  const users: IgnitionUser[] = os.users.map((user) => {
    const options: Omit<IgnitionUser, 'name'> = {};
    if (user.passwordHash !== undefined) options.passwordHash = user.passwordHash;
    // Ignition refuses duplicate entries; these lists are sets.
    if (user.sshAuthorizedKeys.length > 0) options.sshAuthorizedKeys = [...new Set(user.sshAuthorizedKeys)];
    if (user.groups.length > 0) options.groups = [...new Set(user.groups)];
    if (user.shell !== undefined) options.shell = user.shell;
    return ignitionUser(user.name, options);
  });

  const proxy =
    os.proxy.http !== null || os.proxy.https !== null
      ? {
          ...(os.proxy.http !== null ? { httpProxy: os.proxy.http } : {}),
          ...(os.proxy.https !== null ? { httpsProxy: os.proxy.https } : {}),
          ...(os.proxy.noProxy.length > 0 ? { noProxy: [...new Set(os.proxy.noProxy)] } : {}),
        }
      : undefined;
  const ignitionFiles: IgnitionFile[] = [];
  for (const file of byPath.values()) ignitionFiles.push(toIgnitionFile(file, encoder));
  for (const file of remote) ignitionFiles.push(file);
  const config = buildIgnitionConfig({
    version: options.ignitionVersion,
    files: ignitionFiles,
    links: [ignitionLink(layout.linkPath, layout.imagePath)],
    units: mergedUnits,
    users,
    kernelArguments: os.kernelArgs.length > 0 ? { shouldExist: [...new Set(os.kernelArgs)] } : undefined,
    // Ignition itself downloads the sysext at first boot: give it the proxy and the extra CAs.
    proxy,
    certificateAuthorities: [...new Set(os.caCerts)].map((pem) => ({ ...encoder(pem) })),
  });
  const contents = serializeIgnitionConfig(config);

  const limit = context.platform ? USER_DATA_LIMITS[context.platform] : undefined;
  // UTF-16 length ≤ UTF-8 length ≤ 3 × UTF-16 length: count the bytes only when that can matter.
  const size = limit === undefined || contents.length * 3 <= limit ? 0 : Buffer.byteLength(contents);
  if (limit !== undefined && size > limit) {
    warnings.push({
      code: 'user-data-size',
      message: `the Ignition config is ${size} bytes, over the ${limit}-byte user-data limit of ${context.platform}; serve it from object storage and boot with a config.replace stub (inlineConfigReference/configReference)`,
    });
  }
  return {
    artifacts: [
      {
        name: IGNITION_ARTIFACT,
        mediaType: IGNITION_MEDIA_TYPE,
        contents,
        role: 'user-data',
        containsSecrets: true,
      },
    ],
    warnings,
  };
}
