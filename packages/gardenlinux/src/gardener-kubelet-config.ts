import { UnsupportedFeatureError, type NodePool } from '@kubenode/core';
import { z } from 'zod';

const duration = z.string().regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, {
  error: 'expected a duration such as 5m0s',
});
const quantity = z.string().regex(/^[0-9.]+([EPTGMK]i?|[munk])?$/, {
  error: 'expected a quantity such as 100m or 1Gi',
});
const int32 = z.number().int();
const reserved = z.strictObject({
  cpu: quantity.optional(),
  memory: quantity.optional(),
  pid: quantity.optional(),
});

/**
 * KubeletConfiguration (kubelet.config.k8s.io/v1beta1) fields that Gardener's Shoot
 * `KubeletConfig` (core.gardener.cloud/v1beta1) models under the same name and with the same
 * shape, so they pass into `spec.provider.workers[].kubernetes.kubelet` unchanged. Gardener
 * renames the eviction maps (`memory.available` → `memoryAvailable`) and `ephemeral-storage`
 * (→ `ephemeralStorage`), so those fields are not among them.
 */
const FIELD_SCHEMAS = {
  containerLogMaxFiles: int32,
  containerLogMaxSize: quantity,
  cpuCFSQuota: z.boolean(),
  cpuManagerPolicy: z.string(),
  evictionMaxPodGracePeriod: int32,
  evictionPressureTransitionPeriod: duration,
  failSwapOn: z.boolean(),
  featureGates: z.record(z.string(), z.boolean()),
  imageGCHighThresholdPercent: int32.min(0).max(100),
  imageGCLowThresholdPercent: int32.min(0).max(100),
  imageMaximumGCAge: duration,
  imageMinimumGCAge: duration,
  kubeReserved: reserved,
  maxParallelImagePulls: int32.min(1),
  memorySwap: z.strictObject({ swapBehavior: z.enum(['NoSwap', 'LimitedSwap', 'UnlimitedSwap']) }),
  podPidsLimit: z.number().int(),
  protectKernelDefaults: z.boolean(),
  registryBurst: int32.min(0),
  registryPullQPS: int32.min(0),
  seccompDefault: z.boolean(),
  serializeImagePulls: z.boolean(),
  streamingConnectionIdleTimeout: duration,
  systemReserved: reserved,
} as const;

/** The KubeletConfiguration fields passed to the Shoot worker's kubelet configuration unchanged. */
export const GARDENER_KUBELET_FIELDS = Object.keys(FIELD_SCHEMAS).sort() as readonly string[];

/** Where Gardener's KubeletConfig has what the pool wrote under another name. */
const RENAMED: Readonly<Record<string, string>> = {
  evictionHard:
    'spec.provider.workers[].kubernetes.kubelet.evictionHard with Gardener’s keys (memoryAvailable, imageFSAvailable, imageFSInodesFree, nodeFSAvailable, nodeFSInodesFree)',
  evictionSoft:
    'spec.provider.workers[].kubernetes.kubelet.evictionSoft with Gardener’s keys (memoryAvailable, nodeFSAvailable, ...)',
  evictionSoftGracePeriod:
    'spec.provider.workers[].kubernetes.kubelet.evictionSoftGracePeriod with Gardener’s keys (memoryAvailable, ...)',
  evictionMinimumReclaim:
    'spec.provider.workers[].kubernetes.kubelet.evictionMinimumReclaim with Gardener’s keys (memoryAvailable, ...)',
};

function minorOf(version: string): number {
  return Number(version.split('.')[1]);
}

/**
 * The pool's kubelet settings as Gardener's worker `kubernetes.kubelet` (maxPods included), keys
 * sorted. Fields Gardener models differently or not at all are refused, naming the field.
 *
 * @throws {UnsupportedFeatureError} naming `spec.kubernetes.kubelet.<field>` (or a key below it).
 */
export function gardenerKubeletConfig(pool: NodePool, adapterId: string): Record<string, unknown> {
  const { kubelet, maxPods, version } = pool.spec.kubernetes;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(kubelet).sort()) {
    const field = `spec.kubernetes.kubelet.${key}`;
    const schema = (FIELD_SCHEMAS as Readonly<Record<string, z.ZodType>>)[key];
    if (schema === undefined) {
      throw new UnsupportedFeatureError({
        field,
        distro: adapterId,
        reason:
          RENAMED[key] === undefined
            ? `Gardener's KubeletConfig has no field ${key}`
            : `Gardener's KubeletConfig models ${key} with its own keys, not the kubelet's (memory.available is memoryAvailable)`,
        alternative:
          RENAMED[key] ??
          `set it in the Shoot's spec.provider.workers[].kubernetes.kubelet if Gardener models it (fields passed through: ${GARDENER_KUBELET_FIELDS.join(', ')}), or through a Gardener extension`,
      });
    }
    if (key === 'systemReserved' && minorOf(version) >= 31) {
      throw new UnsupportedFeatureError({
        field,
        distro: adapterId,
        reason: 'Gardener forbids systemReserved from Kubernetes 1.31 on',
        alternative: 'merge the reservation into spec.kubernetes.kubelet.kubeReserved',
      });
    }
    const parsed = schema.safeParse(kubelet[key]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const below = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      throw new UnsupportedFeatureError({
        field: `${field}${below}`,
        distro: adapterId,
        reason: `Gardener's KubeletConfig takes ${key} only in its own shape (${issue.message})`,
        alternative:
          key === 'kubeReserved' || key === 'systemReserved'
            ? 'use the keys cpu, memory and pid (ephemeral storage is ephemeralStorage in the Shoot: set it there)'
            : `write ${key} as Gardener's KubeletConfig expects it in the Shoot's spec.provider.workers[].kubernetes.kubelet`,
      });
    }
    out[key] = sortKeys(parsed.data);
  }
  if (maxPods !== undefined) out.maxPods = maxPods;
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((key) => [key, out[key]]),
  );
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortKeys(record[key])]),
  );
}
