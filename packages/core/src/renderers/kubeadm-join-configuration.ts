import type { NodePool } from '../node-pool/node-pool-schema.js';
import { caCertHash } from './ca-cert-hash.js';
import { renderKubeletConfiguration, hasKubeletOverrides } from './kubelet-configuration.js';
import { toYaml } from './to-yaml.js';

/** The default containerd CRI socket. */
export const CONTAINERD_CRI_SOCKET = 'unix:///run/containerd/containerd.sock';

/** Options of {@link renderJoinConfiguration}. */
export interface JoinConfigurationOptions {
  /** Where kubeadm looks for patches; the kubelet configuration patch goes there. */
  readonly patchesDirectory: string;
  /** Node name; omitted lets kubeadm use the host name. */
  readonly nodeName?: string;
  /** CRI socket; containerd's by default. */
  readonly criSocket?: string;
  /** Extra kubelet flags (name without dashes → value), beside node-labels. */
  readonly kubeletExtraArgs?: Readonly<Record<string, string>>;
}

/** A rendered kubeadm join: the JoinConfiguration and, when needed, the kubelet patch file. */
export interface RenderedJoinConfiguration {
  /** `kubeadm.k8s.io/v1beta4` for Kubernetes ≥ 1.31, `v1beta3` before. */
  readonly apiVersion: string;
  /** The JoinConfiguration as YAML. Contains the bootstrap token: a secret. */
  readonly joinConfiguration: string;
  /** The kubelet configuration patch (`kubeletconfiguration+merge.yaml`), or undefined when the pool sets none. */
  readonly kubeletPatch: { readonly fileName: string; readonly contents: string } | undefined;
}

/** `host:port` of the API server URL, as kubeadm's apiServerEndpoint expects. */
export function apiServerEndpoint(apiServer: string): string {
  const url = new URL(apiServer);
  return `${url.hostname}:${url.port === '' ? '443' : url.port}`;
}

/** The kubeadm config API version for a Kubernetes version. */
export function kubeadmApiVersion(kubernetesVersion: string): string {
  const [major, minor] = kubernetesVersion.split('.').map(Number);
  return major === 1 && (minor ?? 0) < 31 ? 'kubeadm.k8s.io/v1beta3' : 'kubeadm.k8s.io/v1beta4';
}

/** The `--node-labels` value: sorted `key=value` pairs joined by commas. */
export function nodeLabelsArgument(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}

/**
 * Renders the kubeadm JoinConfiguration for a worker: bootstrap-token discovery pinned by the
 * CA's public-key hash, taints, node labels as a kubelet flag, containerd's socket, and a
 * kubeadm patch for the pool's kubelet settings (maxPods, clusterDNS, pass-through fields),
 * since a joining node otherwise takes the cluster-wide kubelet-config unchanged.
 */
export function renderJoinConfiguration(
  pool: NodePool,
  options: JoinConfigurationOptions,
): RenderedJoinConfiguration {
  const { kubernetes } = pool.spec;
  const apiVersion = kubeadmApiVersion(kubernetes.version);
  const extraArgs: Record<string, string> = { ...options.kubeletExtraArgs };
  const labels = nodeLabelsArgument(kubernetes.nodeLabels);
  if (labels !== '') extraArgs['node-labels'] = labels;
  const argNames = Object.keys(extraArgs).sort();
  const kubeletExtraArgs =
    apiVersion === 'kubeadm.k8s.io/v1beta4'
      ? argNames.map((name) => ({ name, value: extraArgs[name]! }))
      : Object.fromEntries(argNames.map((name) => [name, extraArgs[name]!]));

  const nodeRegistration: Record<string, unknown> = {};
  if (options.nodeName !== undefined) nodeRegistration.name = options.nodeName;
  nodeRegistration.criSocket = options.criSocket ?? CONTAINERD_CRI_SOCKET;
  if (argNames.length > 0) nodeRegistration.kubeletExtraArgs = kubeletExtraArgs;
  nodeRegistration.taints = kubernetes.nodeTaints.map((taint) =>
    taint.value === undefined
      ? { key: taint.key, effect: taint.effect }
      : { key: taint.key, value: taint.value, effect: taint.effect },
  );

  const hasPatch = hasKubeletOverrides(pool);
  const document: Record<string, unknown> = {
    apiVersion,
    kind: 'JoinConfiguration',
    discovery: {
      bootstrapToken: {
        apiServerEndpoint: apiServerEndpoint(kubernetes.apiServer),
        token: kubernetes.bootstrapToken,
        caCertHashes: [caCertHash(kubernetes.caCert)],
      },
    },
    nodeRegistration,
  };
  if (hasPatch) document.patches = { directory: options.patchesDirectory };

  return {
    apiVersion,
    joinConfiguration: toYaml(document),
    kubeletPatch: hasPatch
      ? { fileName: 'kubeletconfiguration+merge.yaml', contents: toYaml(renderKubeletConfiguration(pool)) }
      : undefined,
  };
}
