import { checkSettingValue, type SettingsIssue } from './settings-model/check-setting-value.js';
import { ALL_SETTING_TYPES } from './settings-model/setting-types.js';

/** How one KubeletConfiguration field reaches Bottlerocket. */
export type KubeletFieldMapping =
  | {
      /** A modeled setting: `settings.kubernetes.<setting>`. */
      readonly kind: 'setting';
      readonly setting: string;
      /** Converts the KubeletConfiguration value to the setting's; the identity when absent. */
      readonly toSetting?: (value: unknown) => unknown;
      /** Converts the setting back (for {@link effectiveKubeletConfiguration}). */
      readonly fromSetting?: (value: unknown) => unknown;
    }
  | {
      /** Bottlerocket's kubelet-config template hard-codes the field to this value. */
      readonly kind: 'fixed';
      readonly value: unknown;
      /** Equivalent spellings of the fixed value (durations). */
      readonly equivalents?: readonly unknown[];
      /** What to do instead, when the pool asks for another value. */
      readonly instead: string;
    };

const same = (setting: string): KubeletFieldMapping => ({ kind: 'setting', setting });

function stringMap(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => {
        const item = (value as Record<string, unknown>)[key];
        return [key, typeof item === 'number' ? String(item) : item];
      }),
  );
}

/**
 * The KubeletConfiguration (kubelet.config.k8s.io/v1beta1) fields Bottlerocket can take, read
 * from Bottlerocket's kubelet-config template (bottlerocket-core-kit
 * `packages/kubernetes-1.32/kubelet-config`): each either maps to a modeled
 * `settings.kubernetes.*` key or is fixed by the template. `maxPods`, `clusterDNS` and
 * `clusterDomain` are NodePool fields of their own. Any other field is refused.
 */
export const KUBELET_FIELD_MAPPINGS: Readonly<Record<string, KubeletFieldMapping>> = {
  allowedUnsafeSysctls: same('allowed-unsafe-sysctls'),
  containerLogMaxFiles: same('container-log-max-files'),
  containerLogMaxSize: same('container-log-max-size'),
  containerLogMaxWorkers: same('container-log-max-workers'),
  containerLogMonitorInterval: same('container-log-monitor-interval'),
  cpuCFSQuota: same('cpu-cfs-quota-enforced'),
  cpuManagerPolicy: same('cpu-manager-policy'),
  cpuManagerPolicyOptions: {
    kind: 'setting',
    setting: 'cpu-manager-policy-options',
    // The template writes each listed option as `<option>: "true"`.
    toSetting: (value) =>
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value as Record<string, unknown>).every(
            ([, enabled]) => enabled === 'true' || enabled === true,
          )
          ? Object.keys(value).sort()
          : { 'options other than "true"': true }
        : value,
    fromSetting: (value) =>
      Array.isArray(value) ? Object.fromEntries(value.map((option) => [String(option), 'true'])) : value,
  },
  cpuManagerReconcilePeriod: same('cpu-manager-reconcile-period'),
  eventBurst: same('event-burst'),
  eventRecordQPS: same('event-qps'),
  evictionHard: { kind: 'setting', setting: 'eviction-hard', toSetting: stringMap },
  evictionMaxPodGracePeriod: same('eviction-max-pod-grace-period'),
  evictionSoft: { kind: 'setting', setting: 'eviction-soft', toSetting: stringMap },
  evictionSoftGracePeriod: { kind: 'setting', setting: 'eviction-soft-grace-period', toSetting: stringMap },
  imageGCHighThresholdPercent: same('image-gc-high-threshold-percent'),
  imageGCLowThresholdPercent: same('image-gc-low-threshold-percent'),
  imageMaximumGCAge: same('image-maximum-gc-age'),
  imageMinimumGCAge: same('image-minimum-gc-age'),
  kubeAPIBurst: same('kube-api-burst'),
  kubeAPIQPS: same('kube-api-qps'),
  kubeReserved: { kind: 'setting', setting: 'kube-reserved', toSetting: stringMap },
  maxParallelImagePulls: same('max-parallel-image-pulls'),
  memoryManagerPolicy: same('memory-manager-policy'),
  podPidsLimit: same('pod-pids-limit'),
  providerID: same('provider-id'),
  registryBurst: same('registry-burst'),
  registryPullQPS: same('registry-qps'),
  reservedSystemCPUs: same('reserved-cpus'),
  seccompDefault: same('seccomp-default'),
  serverTLSBootstrap: same('server-tls-bootstrap'),
  shutdownGracePeriod: same('shutdown-grace-period'),
  shutdownGracePeriodCriticalPods: same('shutdown-grace-period-for-critical-pods'),
  singleProcessOOMKill: same('single-process-oom-kill'),
  systemReserved: { kind: 'setting', setting: 'system-reserved', toSetting: stringMap },
  topologyManagerPolicy: same('topology-manager-policy'),
  topologyManagerScope: same('topology-manager-scope'),

  cgroupDriver: {
    kind: 'fixed',
    value: 'systemd',
    instead: 'remove it: Bottlerocket always uses the systemd cgroup driver',
  },
  cgroupRoot: { kind: 'fixed', value: '/', instead: 'remove it' },
  enableDebuggingHandlers: {
    kind: 'fixed',
    value: false,
    instead: 'remove it: Bottlerocket disables the debugging handlers',
  },
  failSwapOn: { kind: 'fixed', value: false, instead: 'remove it' },
  hairpinMode: { kind: 'fixed', value: 'hairpin-veth', instead: 'remove it' },
  protectKernelDefaults: {
    kind: 'fixed',
    value: true,
    instead: 'remove it; set kernel parameters through spec.os.sysctls (settings.kernel.sysctl)',
  },
  readOnlyPort: {
    kind: 'fixed',
    value: 0,
    instead: 'remove it: the read-only port stays closed on Bottlerocket',
  },
  runtimeRequestTimeout: {
    kind: 'fixed',
    value: '15m',
    equivalents: ['15m0s', '900s'],
    instead: 'remove it',
  },
  serializeImagePulls: {
    kind: 'fixed',
    value: false,
    instead:
      'remove it; limit parallel pulls with maxParallelImagePulls (settings.kubernetes.max-parallel-image-pulls)',
  },
};

/** The result of mapping the pool's pass-through kubelet fields. */
export interface MappedKubeletFields {
  /** `settings.kubernetes` keys to set, in field-name order. */
  readonly settings: Record<string, unknown>;
  /** Fields Bottlerocket cannot take, with the reason and what to do instead. */
  readonly refused: readonly { readonly field: string; readonly reason: string; readonly instead: string }[];
  /** Values that do not fit the Bottlerocket setting's type (path relative to the field). */
  readonly invalid: readonly {
    readonly field: string;
    readonly setting: string;
    readonly issue: SettingsIssue;
  }[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Maps `spec.kubernetes.kubelet` fields onto `settings.kubernetes` keys (see {@link KUBELET_FIELD_MAPPINGS}). */
export function mapKubeletFields(fields: Readonly<Record<string, unknown>>): MappedKubeletFields {
  const settings: Record<string, unknown> = {};
  const refused: { field: string; reason: string; instead: string }[] = [];
  const invalid: { field: string; setting: string; issue: SettingsIssue }[] = [];
  for (const field of Object.keys(fields).sort()) {
    const value = fields[field];
    const mapping = KUBELET_FIELD_MAPPINGS[field];
    if (!mapping) {
      refused.push({
        field,
        reason: `Bottlerocket configures the kubelet only through modeled settings (settings.kubernetes.*) and has none for ${field}`,
        instead:
          'remove the field, or build a custom variant with its own kubelet configuration (kubenode build: a Twoliter variant); the fields Bottlerocket takes are listed in the @kubenode/bottlerocket README',
      });
    } else if (mapping.kind === 'fixed') {
      if (![mapping.value, ...(mapping.equivalents ?? [])].some((candidate) => sameValue(candidate, value))) {
        refused.push({
          field,
          reason: `Bottlerocket's kubelet configuration fixes ${field} to ${JSON.stringify(mapping.value)}`,
          instead: mapping.instead,
        });
      }
    } else {
      const converted = mapping.toSetting ? mapping.toSetting(value) : value;
      const issues: SettingsIssue[] = [];
      checkSettingValue(converted, ALL_SETTING_TYPES[`kubernetes.${mapping.setting}`]!, field, issues);
      if (issues.length > 0)
        invalid.push(...issues.map((issue) => ({ field, setting: mapping.setting, issue })));
      else settings[mapping.setting] = converted;
    }
  }
  return { settings, refused, invalid };
}

/**
 * The KubeletConfiguration fields Bottlerocket's template produces from a settings document:
 * the fixed fields, `maxPods`, `clusterDNS`, `clusterDomain`, and every mapped
 * `settings.kubernetes` key translated back. For previews and for conformance evidence; values
 * the template computes at boot (kube-reserved defaults) are not included.
 */
export function effectiveKubeletConfiguration(settings: unknown): Record<string, unknown> {
  const kubernetes =
    settings !== null && typeof settings === 'object'
      ? ((settings as { settings?: { kubernetes?: Record<string, unknown> } }).settings?.kubernetes ?? {})
      : {};
  const config: Record<string, unknown> = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
  };
  for (const [field, mapping] of Object.entries(KUBELET_FIELD_MAPPINGS).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (mapping.kind === 'fixed') config[field] = mapping.value;
    else if (kubernetes[mapping.setting] !== undefined) {
      const value = kubernetes[mapping.setting];
      config[field] = mapping.fromSetting ? mapping.fromSetting(value) : value;
    }
  }
  if (kubernetes['max-pods'] !== undefined) config.maxPods = kubernetes['max-pods'];
  const dns = kubernetes['cluster-dns-ip'];
  if (dns !== undefined) config.clusterDNS = Array.isArray(dns) ? dns : [dns];
  if (kubernetes['cluster-domain'] !== undefined) config.clusterDomain = kubernetes['cluster-domain'];
  return config;
}
