import { I32_MAX, I64_SAFE_MAX, t, U32_MAX, type SettingType } from './setting-type.js';

const bool = t.boolean();
const text = t.string('single-line');
const base64 = t.string('base64');
const url = t.string('url');
const i32 = t.integer(0, I32_MAX);
const positive = t.integer(1, I32_MAX);
const duration = t.string('duration');
const reserved = t.table({
  cpu: t.string('quantity'),
  memory: t.string('quantity'),
  'ephemeral-storage': t.string('quantity'),
  pid: t.oneOf('a PID count', t.string('quantity'), t.integer(0, I64_SAFE_MAX)),
});
const limit = t.oneOf(
  'an integer from -1 to int64::MAX or "unlimited"',
  t.integer(-1, I64_SAFE_MAX),
  t.string(undefined, ['unlimited']),
);
const resourceLimit = t.table({ 'hard-limit': limit, 'soft-limit': limit }, ['hard-limit', 'soft-limit']);
const capability = bool;

/**
 * The value type of every documented Bottlerocket setting, keyed `<section>.<path>` with the
 * documentation's paths (`*` = a name the user chooses; `motd` is itself a value). Written from
 * the settings model's modeled types (bottlerocket-settings-sdk `settings-extensions/*` and
 * `modeled-types`); a test keeps this table and the documentation data
 * (`settings-docs.generated.json`) in exact agreement, so no documented key lacks a type and no
 * typed key is undocumented.
 */
export const SETTING_TYPES: Readonly<Record<string, SettingType>> = {
  // settings.motd is itself a (multi-line) string
  motd: t.string(),

  'autoscaling.should-wait': bool,

  'aws.config': base64,
  'aws.credentials': base64,
  'aws.profile': text,
  'aws.region': t.string('identifier'),

  'boot.init-parameters': t.map('kernel-parameter', t.list(text)),
  'boot.kernel-parameters': t.map('kernel-parameter', t.list(text)),
  'boot.reboot-to-reconcile': bool,

  'bootstrap-commands.*.commands': t.list(t.list(text, 1), 1),
  'bootstrap-commands.*.essential': bool,
  'bootstrap-commands.*.mode': t.string(undefined, ['always', 'off', 'once']),

  'bootstrap-containers.*.essential': bool,
  'bootstrap-containers.*.mode': t.string(undefined, ['always', 'off', 'once']),
  'bootstrap-containers.*.source': t.string('image'),
  'bootstrap-containers.*.user-data': base64,

  'cloudformation.logical-resource-id': text,
  'cloudformation.should-signal': bool,
  'cloudformation.stack-name': text,

  'container-registry.credentials': t.list(
    t.table(
      {
        registry: text,
        username: text,
        password: text,
        auth: base64,
        identitytoken: text,
      },
      ['registry'],
    ),
  ),
  'container-registry.mirrors': t.list(
    t.table({ registry: text, endpoint: t.list(url, 1) }, ['registry', 'endpoint']),
  ),

  'container-runtime.concurrent-download-chunk-size': t.oneOf(
    'a positive integer or a byte size',
    positive,
    t.string('byte-size'),
  ),
  'container-runtime.enable-unprivileged-icmp': bool,
  'container-runtime.enable-unprivileged-ports': bool,
  'container-runtime.max-concurrent-downloads': positive,
  'container-runtime.max-container-log-line-size': t.integer(-1, I32_MAX),
  'container-runtime.snapshotter': t.string(undefined, ['overlayfs', 'soci']),

  'container-runtime-plugins.soci-snapshotter.parallel-pull-unpack.concurrent-download-chunk-size': t.oneOf(
    '"unlimited" or a byte size',
    t.string(undefined, ['unlimited']),
    t.string('byte-size'),
  ),
  'container-runtime-plugins.soci-snapshotter.parallel-pull-unpack.discard-unpacked-layers': bool,
  'container-runtime-plugins.soci-snapshotter.parallel-pull-unpack.max-concurrent-downloads': t.integer(
    -1,
    I32_MAX,
  ),
  'container-runtime-plugins.soci-snapshotter.parallel-pull-unpack.max-concurrent-downloads-per-image':
    positive,
  'container-runtime-plugins.soci-snapshotter.parallel-pull-unpack.max-concurrent-unpacks': t.integer(
    -1,
    I32_MAX,
  ),
  'container-runtime-plugins.soci-snapshotter.parallel-pull-unpack.max-concurrent-unpacks-per-image':
    positive,
  'container-runtime-plugins.soci-snapshotter.pull-mode': t.string(undefined, ['parallel-pull-unpack']),

  'dns.name-servers': t.list(t.string('ip')),
  'dns.search-list': t.list(t.string('dns-name')),

  'ecs.allow-privileged-containers': bool,
  'ecs.cluster': text,
  'ecs.container-stop-timeout': duration,
  'ecs.enable-container-metadata': bool,
  'ecs.enable-spot-instance-draining': bool,
  'ecs.image-cleanup-age': duration,
  'ecs.image-cleanup-delete-per-cycle': positive,
  'ecs.image-cleanup-enabled': bool,
  'ecs.image-cleanup-wait': duration,
  'ecs.image-pull-behavior': t.string(undefined, ['default', 'always', 'once', 'prefer-cached']),
  'ecs.instance-attributes': t.map('identifier', text),
  'ecs.logging-drivers': t.list(text),
  'ecs.loglevel': t.string(undefined, ['debug', 'info', 'warn', 'error', 'crit']),
  'ecs.metadata-service-burst': positive,
  'ecs.metadata-service-rps': positive,
  'ecs.reserved-memory': i32,
  'ecs.task-cleanup-wait': duration,

  'host-containers.*.enabled': bool,
  'host-containers.*.source': t.string('image'),
  'host-containers.*.superpowered': bool,
  'host-containers.*.user-data': base64,

  'image-verifier-plugins.enabled': bool,
  'image-verifier-plugins.notation': t.table({ trustpolicy: base64 }),
  'image-verifier-plugins.notation.trustpolicy': base64,

  'kernel.lockdown': t.string(undefined, ['none', 'integrity', 'confidentiality']),
  'kernel.modules.*.allowed': bool,
  'kernel.modules.*.autoload': bool,
  'kernel.sysctl': t.map('sysctl-key', text),

  'kubelet-device-plugins.nvidia.device-id-strategy': t.string(undefined, ['index', 'uuid']),
  'kubelet-device-plugins.nvidia.device-list-strategy': t.oneOf(
    'a strategy or a list of strategies',
    t.string(undefined, ['envvar', 'volume-mounts', 'cdi-annotations', 'cdi-cri']),
    t.list(t.string(undefined, ['envvar', 'volume-mounts', 'cdi-annotations', 'cdi-cri']), 1),
  ),
  'kubelet-device-plugins.nvidia.device-partitioning-strategy': t.string(undefined, ['none', 'mig']),
  'kubelet-device-plugins.nvidia.device-sharing-strategy': t.string(undefined, [
    'none',
    'time-slicing',
    'mps',
  ]),
  'kubelet-device-plugins.nvidia.mig.profile': t.map('single-line', t.string('single-line')),
  'kubelet-device-plugins.nvidia.mps.rename-by-default': bool,
  'kubelet-device-plugins.nvidia.mps.replicas': t.integer(2, 48),
  'kubelet-device-plugins.nvidia.pass-device-specs': bool,
  'kubelet-device-plugins.nvidia.time-slicing.fail-requests-greater-than-one': bool,
  'kubelet-device-plugins.nvidia.time-slicing.rename-by-default': bool,
  'kubelet-device-plugins.nvidia.time-slicing.replicas': t.integer(2, I32_MAX),

  'kubernetes.allowed-unsafe-sysctls': t.list(text),
  'kubernetes.api-server': url,
  'kubernetes.authentication-mode': t.string(undefined, ['aws', 'tls']),
  'kubernetes.bootstrap-token': t.string('bootstrap-token'),
  'kubernetes.cloud-provider': t.string(undefined, ['aws', 'external', '']),
  'kubernetes.cluster-certificate': base64,
  'kubernetes.cluster-dns-ip': t.oneOf(
    'an IP address or a list of IP addresses',
    t.string('ip'),
    t.list(t.string('ip'), 1),
  ),
  'kubernetes.cluster-domain': t.string('dns-name'),
  'kubernetes.cluster-name': t.string('cluster-name'),
  'kubernetes.container-log-max-files': t.integer(2, I32_MAX),
  'kubernetes.container-log-max-size': t.string('quantity'),
  'kubernetes.container-log-max-workers': positive,
  'kubernetes.container-log-monitor-interval': duration,
  'kubernetes.cpu-cfs-quota-enforced': bool,
  'kubernetes.cpu-manager-policy': t.string(undefined, ['static', 'none']),
  'kubernetes.cpu-manager-policy-options': t.list(t.string(undefined, ['full-pcpus-only'])),
  'kubernetes.cpu-manager-reconcile-period': duration,
  'kubernetes.credential-providers': t.map(
    'identifier',
    t.table(
      {
        enabled: bool,
        'cache-duration': duration,
        'image-patterns': t.list(text, 1),
        environment: t.map('single-line', text),
      },
      ['enabled'],
    ),
  ),
  'kubernetes.device-ownership-from-security-context': bool,
  'kubernetes.event-burst': i32,
  'kubernetes.event-qps': i32,
  'kubernetes.eviction-hard': t.map('eviction-signal', t.string('threshold')),
  'kubernetes.eviction-max-pod-grace-period': t.integer(-1, I32_MAX),
  'kubernetes.eviction-soft': t.map('eviction-signal', t.string('threshold')),
  'kubernetes.eviction-soft-grace-period': t.map('eviction-signal', duration),
  'kubernetes.hostname-override': t.string('dns-name'),
  'kubernetes.hostname-override-source': t.string(undefined, ['private-dns-name', 'instance-id']),
  'kubernetes.ids-per-pod': t.integer(65_536, U32_MAX),
  'kubernetes.image-gc-high-threshold-percent': t.oneOf(
    'a percentage 0-100',
    t.integer(0, 100),
    t.string('single-line'),
  ),
  'kubernetes.image-gc-low-threshold-percent': t.oneOf(
    'a percentage 0-100',
    t.integer(0, 100),
    t.string('single-line'),
  ),
  'kubernetes.image-maximum-gc-age': duration,
  'kubernetes.image-minimum-gc-age': duration,
  'kubernetes.kube-api-burst': i32,
  'kubernetes.kube-api-qps': i32,
  'kubernetes.kube-reserved': reserved,
  'kubernetes.log-level': t.integer(0, 10),
  'kubernetes.max-parallel-image-pulls': positive,
  'kubernetes.max-pods': t.integer(1, U32_MAX),
  'kubernetes.memory-manager-policy': t.string(undefined, ['None', 'Static']),
  'kubernetes.memory-manager-reserved-memory': t.map(
    'single-line',
    t.table({
      enabled: bool,
      memory: t.string('quantity'),
      'hugepages-1Gi': t.string('quantity'),
      'hugepages-2Mi': t.string('quantity'),
    }),
  ),
  'kubernetes.node-ip': t.string('ip'),
  'kubernetes.node-labels': t.map('label-key', t.string('label-value')),
  'kubernetes.node-taints': t.map('taint-key', t.list(t.string('taint-value'), 1)),
  'kubernetes.pod-infra-container-image': t.string('image'),
  'kubernetes.pod-pids-limit': t.integer(-1, I64_SAFE_MAX),
  'kubernetes.provider-id': url,
  'kubernetes.registry-burst': i32,
  'kubernetes.registry-qps': i32,
  'kubernetes.reserved-cpus': t.string('cpuset'),
  'kubernetes.seccomp-default': bool,
  'kubernetes.server-certificate': base64,
  'kubernetes.server-key': base64,
  'kubernetes.server-tls-bootstrap': bool,
  'kubernetes.shutdown-grace-period': duration,
  'kubernetes.shutdown-grace-period-for-critical-pods': duration,
  'kubernetes.single-process-oom-kill': bool,
  'kubernetes.standalone-mode': bool,
  'kubernetes.static-pods.*.enabled': bool,
  'kubernetes.static-pods.*.manifest': base64,
  'kubernetes.system-reserved': reserved,
  'kubernetes.topology-manager-policy': t.string(undefined, [
    'none',
    'restricted',
    'best-effort',
    'single-numa-node',
  ]),
  'kubernetes.topology-manager-scope': t.string(undefined, ['container', 'pod']),

  'metrics.metrics-url': url,
  'metrics.send-metrics': bool,
  'metrics.service-checks': t.list(text),

  'network.hostname': t.string('dns-name'),
  'network.hosts': t.list(t.tuple(t.string('ip'), t.list(t.string('dns-name'), 1))),
  'network.https-proxy': t.string('proxy'),
  'network.no-proxy': t.list(t.string('single-line')),

  'ntp.time-servers': t.list(t.oneOf('a host name, IP address or URL', t.string('host-or-ip'), url)),

  'nvidia-container-runtime.visible-devices-as-volume-mounts': bool,
  'nvidia-container-runtime.visible-devices-envvar-when-unprivileged': bool,

  'oci-hooks.log4j-hotpatch-enabled': bool,

  'pki.*.data': base64,
  'pki.*.trusted': bool,

  'updates.ignore-waves': bool,
  'updates.metadata-base-url': url,
  'updates.seed': t.integer(0, U32_MAX),
  'updates.targets-base-url': url,
  'updates.version-lock': t.string('version-lock'),
};

const CAPABILITIES = [
  'audit-control',
  'audit-read',
  'audit-write',
  'block-suspend',
  'bpf',
  'checkpoint-restore',
  'chown',
  'dac-override',
  'dac-read-search',
  'fowner',
  'fsetid',
  'ipc-lock',
  'ipc-owner',
  'kill',
  'lease',
  'linux-immutable',
  'mac-admin',
  'mac-override',
  'mknod',
  'net-admin',
  'net-bind-service',
  'net-broadcast',
  'net-raw',
  'perfmon',
  'setfcap',
  'setgid',
  'setpcap',
  'setuid',
  'sys-admin',
  'sys-boot',
  'sys-chroot',
  'sys-module',
  'sys-nice',
  'sys-pacct',
  'sys-ptrace',
  'sys-rawio',
  'sys-resource',
  'sys-time',
  'sys-tty-config',
  'syslog',
  'wake-alarm',
];
const RESOURCE_LIMITS = [
  'max-address-space',
  'max-core-file-size',
  'max-cpu-time',
  'max-data-size',
  'max-file-locks',
  'max-file-size',
  'max-locked-memory',
  'max-msgqueue-size',
  'max-nice-priority',
  'max-open-files',
  'max-pending-signals',
  'max-processes',
  'max-realtime-priority',
  'max-realtime-timeout',
  'max-resident-set',
  'max-stack-size',
];

/** `settings.oci-defaults`: one boolean per capability, one hard/soft limit table per rlimit. */
export const OCI_DEFAULTS_TYPES: Readonly<Record<string, SettingType>> = Object.fromEntries([
  ...CAPABILITIES.map((name) => [`oci-defaults.capabilities.${name}`, capability] as const),
  ...RESOURCE_LIMITS.map((name) => [`oci-defaults.resource-limits.${name}`, resourceLimit] as const),
]);

/** Every typed setting path, `<section>.<path>`. */
export const ALL_SETTING_TYPES: Readonly<Record<string, SettingType>> = {
  ...SETTING_TYPES,
  ...OCI_DEFAULTS_TYPES,
};
