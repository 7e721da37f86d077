import type { NodePool } from '../node-pool/node-pool-schema.js';

/** A KubeletConfiguration (kubelet.config.k8s.io/v1beta1) as a plain object. */
export type KubeletConfiguration = {
  readonly apiVersion: 'kubelet.config.k8s.io/v1beta1';
  readonly kind: 'KubeletConfiguration';
} & Record<string, unknown>;

/** Sorts object keys at every depth (arrays keep their order), so input key order never shows in output. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeysDeep(record[key])]),
    );
  }
  return value;
}

/**
 * The KubeletConfiguration fields the pool sets: pass-through `spec.kubernetes.kubelet` fields
 * first (keys sorted at every depth), then the typed fields (`maxPods`, `clusterDNS`, `clusterDomain`), which win.
 * With `complete: true`, also the node defaults a standalone kubelet needs (systemd cgroup
 * driver, webhook authn/z, the containerd socket, rotated certificates).
 */
export function renderKubeletConfiguration(
  pool: NodePool,
  options: { complete?: boolean } = {},
): KubeletConfiguration {
  const { kubernetes } = pool.spec;
  const config: Record<string, unknown> = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
  };
  if (options.complete) {
    Object.assign(config, {
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
      },
      authorization: { mode: 'Webhook' },
      cgroupDriver: 'systemd',
      containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
      rotateCertificates: true,
      serverTLSBootstrap: false,
    });
  }
  for (const key of Object.keys(kubernetes.kubelet).sort())
    config[key] = sortKeysDeep(kubernetes.kubelet[key]);
  if (kubernetes.maxPods !== undefined) config.maxPods = kubernetes.maxPods;
  if (kubernetes.clusterDNS.length > 0) config.clusterDNS = [...kubernetes.clusterDNS];
  if (kubernetes.clusterDomain !== undefined) config.clusterDomain = kubernetes.clusterDomain;
  return config as KubeletConfiguration;
}

/** True when the pool sets any kubelet configuration beyond kubeadm's cluster-wide defaults. */
export function hasKubeletOverrides(pool: NodePool): boolean {
  return Object.keys(renderKubeletConfiguration(pool)).length > 2;
}
