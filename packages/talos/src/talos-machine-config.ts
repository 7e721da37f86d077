import { UnsupportedFeatureError, type NodePool } from '@kubenode/core';
import type { TalosAdapterOptions } from './talos-adapter-options.js';
import type {
  TalosConfigDocument,
  TalosMachineConfiguration,
  TalosMachineFile,
  TalosV1Alpha1Config,
} from './talos-config-documents.js';
import { sandboxImageCustomization, TALOS_CRI_CUSTOMIZATION_PATH } from './talos-runtime.js';

/** KubeletConfiguration fields Talos manages itself and refuses in `extraConfig` (`pkg/machinery/kubelet`). */
export const TALOS_PROTECTED_KUBELET_FIELDS: readonly string[] = [
  'apiVersion',
  'authentication',
  'authorization',
  'cgroupRoot',
  'kind',
  'kubeletCgroups',
  'port',
  'protectKernelDefaults',
  'resolvConf',
  'rotateCertificates',
  'seccompDefault',
  'staticPodPath',
  'systemCgroups',
];

// ignoreBOM: a leading byte-order mark is part of the file's bytes, not something to strip.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]!]),
  );
}

/** Keys sorted at every depth (map order has no meaning in KubeletConfiguration); lists keep their order. */
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

function machineFiles(pool: NodePool, adapterId: string): TalosMachineFile[] {
  return pool.spec.os.files.map((file, index) => {
    const field = `spec.os.files[${index}]`;
    if (!file.path.startsWith('/var/')) {
      throw new UnsupportedFeatureError({
        field: `${field}.path`,
        distro: adapterId,
        reason: `Talos creates files only below /var (its root file system is a read-only image), not ${file.path}`,
        alternative:
          'write the file below /var, ship it in a system extension, or deliver it with a ConfigMap or DaemonSet',
      });
    }
    if (file.owner !== 'root' || file.group !== 'root') {
      throw new UnsupportedFeatureError({
        field: `${field}.${file.owner !== 'root' ? 'owner' : 'group'}`,
        distro: adapterId,
        reason: 'Talos machine files are owned by root:root (machine.files has no owner)',
        alternative: 'use root:root and the file mode, or set ownership from an init container',
      });
    }
    let content = file.contents;
    if (file.encoding === 'base64') {
      try {
        content = utf8.decode(Buffer.from(file.contents, 'base64'));
      } catch {
        throw new UnsupportedFeatureError({
          field: `${field}.contents`,
          distro: adapterId,
          reason: 'Talos machine files hold text; these base64 contents are not UTF-8',
          alternative: 'deliver binary files with a system extension or a DaemonSet',
        });
      }
    }
    return { content, permissions: file.mode, path: file.path, op: 'create' };
  });
}

function kubeletExtraConfig(pool: NodePool, adapterId: string): Record<string, unknown> | undefined {
  const { kubernetes } = pool.spec;
  for (const key of Object.keys(kubernetes.kubelet).sort()) {
    if (TALOS_PROTECTED_KUBELET_FIELDS.includes(key)) {
      throw new UnsupportedFeatureError({
        field: `spec.kubernetes.kubelet.${key}`,
        distro: adapterId,
        reason: `Talos manages the kubelet's ${key} itself and refuses it in machine.kubelet.extraConfig`,
        alternative: 'leave this field to Talos; see the Talos kubelet documentation for the managed fields',
      });
    }
  }
  const config = deepSorted(kubernetes.kubelet) as Record<string, unknown>;
  if (kubernetes.maxPods !== undefined) config.maxPods = kubernetes.maxPods;
  if (kubernetes.nodeTaints.length > 0) {
    config.registerWithTaints = kubernetes.nodeTaints.map((taint) =>
      taint.value === undefined
        ? { key: taint.key, effect: taint.effect }
        : { key: taint.key, value: taint.value, effect: taint.effect },
    );
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

/**
 * Builds the typed model of a Talos 1.13 worker's machine configuration from a pool: the
 * `v1alpha1` document (PKI, kubelet, install, files, sysctls, modules, labels, features, cluster)
 * and the typed documents for host name, time, proxy environment, trusted CAs, registry mirrors
 * and the EPHEMERAL volume. Features the pool does not set produce no keys. Pure.
 *
 * @throws {UnsupportedFeatureError} for files outside /var, non-root owners, binary contents and
 * kubelet fields Talos manages itself.
 */
export function buildTalosMachineConfiguration(input: {
  readonly pool: NodePool;
  readonly options: TalosAdapterOptions;
  readonly adapterId: string;
  readonly installerImage: string;
}): TalosMachineConfiguration {
  const { pool, options, adapterId, installerImage } = input;
  const { kubernetes, runtime, os } = pool.spec;

  const files = machineFiles(pool, adapterId);
  if (runtime.sandboxImage !== undefined) {
    files.push({
      content: sandboxImageCustomization(runtime.sandboxImage),
      permissions: 0o644,
      path: TALOS_CRI_CUSTOMIZATION_PATH,
      op: 'create',
    });
  }
  const extraConfig = kubeletExtraConfig(pool, adapterId);
  const modules = [...new Set(os.kernelModules)].sort();

  const config: TalosV1Alpha1Config = {
    version: 'v1alpha1',
    debug: false,
    machine: {
      type: 'worker',
      token: options.machine.token,
      ca: { crt: base64(options.machine.ca), key: '' },
      certSANs: [],
      kubelet: {
        image: `ghcr.io/siderolabs/kubelet:v${kubernetes.version}`,
        ...(kubernetes.clusterDNS.length > 0 ? { clusterDNS: [...kubernetes.clusterDNS] } : {}),
        ...(extraConfig ? { extraConfig } : {}),
        defaultRuntimeSeccompProfileEnabled: true,
        disableManifestsDirectory: true,
      },
      install: { disk: options.installDisk, image: installerImage, wipe: false, grubUseUKICmdline: true },
      ...(files.length > 0 ? { files } : {}),
      ...(Object.keys(os.sysctls).length > 0 ? { sysctls: sortedRecord(os.sysctls) } : {}),
      ...(modules.length > 0 ? { kernel: { modules: modules.map((name) => ({ name })) } } : {}),
      ...(Object.keys(kubernetes.nodeLabels).length > 0
        ? { nodeLabels: sortedRecord(kubernetes.nodeLabels) }
        : {}),
      features: {
        diskQuotaSupport: true,
        kubePrism: { enabled: options.kubePrism, port: 7445 },
        hostDNS: { enabled: true, forwardKubeDNSToHost: true },
      },
    },
    cluster: {
      id: options.cluster.id,
      secret: options.cluster.secret,
      controlPlane: { endpoint: kubernetes.apiServer },
      ...(kubernetes.clusterName !== undefined ? { clusterName: kubernetes.clusterName } : {}),
      ...(kubernetes.clusterDomain !== undefined ? { network: { dnsDomain: kubernetes.clusterDomain } } : {}),
      token: kubernetes.bootstrapToken,
      ca: { crt: base64(kubernetes.caCert), key: '' },
      discovery: { enabled: options.discovery, registries: { kubernetes: { disabled: true }, service: {} } },
    },
  };

  const documents: TalosConfigDocument[] = [
    os.hostname === null
      ? { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' }
      : { apiVersion: 'v1alpha1', kind: 'HostnameConfig', hostname: os.hostname },
  ];
  if (os.ntpServers.length > 0) {
    documents.push({ apiVersion: 'v1alpha1', kind: 'TimeSyncConfig', ntp: { servers: [...os.ntpServers] } });
  }
  const environment: Record<string, string> = {};
  if (os.proxy.http !== null) environment.http_proxy = os.proxy.http;
  if (os.proxy.https !== null) environment.https_proxy = os.proxy.https;
  if (os.proxy.noProxy.length > 0) environment.no_proxy = os.proxy.noProxy.join(',');
  if (Object.keys(environment).length > 0) {
    documents.push({ apiVersion: 'v1alpha1', kind: 'EnvironmentConfig', variables: environment });
  }
  if (os.caCerts.length > 0) {
    documents.push({
      apiVersion: 'v1alpha1',
      kind: 'TrustedRootsConfig',
      name: 'kubenode-ca-certs',
      certificates: os.caCerts.map((pem) => (pem.endsWith('\n') ? pem : `${pem}\n`)).join(''),
    });
  }
  for (const registry of Object.keys(runtime.registryMirrors).sort()) {
    documents.push({
      apiVersion: 'v1alpha1',
      kind: 'RegistryMirrorConfig',
      name: registry,
      endpoints: (runtime.registryMirrors[registry] ?? []).map((url) => {
        const path = new URL(url).pathname;
        return path !== '/' && path !== '' ? { url, overridePath: true as const } : { url };
      }),
    });
  }
  if (!os.rootDisk.grow) {
    documents.push({
      apiVersion: 'v1alpha1',
      kind: 'VolumeConfig',
      name: 'EPHEMERAL',
      provisioning: { grow: false },
    });
  }
  return { config, documents };
}
