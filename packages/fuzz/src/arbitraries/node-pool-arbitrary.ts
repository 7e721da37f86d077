import type { NodePoolFeature, NodePoolInput } from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA, TEST_PRIVATE_KEY } from '@kubenode/testkit';
import fc from 'fast-check';
import { hostileLine, hostileText } from './hostile-text.js';
import {
  absolutePath,
  apiServer,
  caBundle,
  dnsSubdomain,
  dropinName,
  fileContents,
  fileMode,
  ipAddress,
  kernelArg,
  kernelModule,
  kubeletFields,
  labelKey,
  labelValue,
  metadataMap,
  mirrorUrl,
  nodeTaint,
  ntpServer,
  passwordHash,
  posixName,
  proxyUrl,
  registryHost,
  sandboxImage,
  sshKey,
  sysctlKey,
  sysctlValue,
  timeZone,
  unitName,
} from './schema-arbitraries.js';

/** How the pools of one adapter are biased so most of them render (every value stays valid for the schema). */
export interface PoolProfile {
  readonly distro: string;
  /** Features the adapter supports; the others appear rarely (to check they are refused, naming the field). */
  readonly supported: ReadonlySet<NodePoolFeature>;
  /** Kubernetes minors to draw versions from (patch releases are random). */
  readonly kubernetesMinors: readonly string[];
  /** The only user names the OS has, when it has fixed users (k3OS `rancher`, Bottlerocket `ec2-user`). */
  readonly userNames?: readonly string[];
  /** Whether fixed users may have groups and shells. */
  readonly userExtras?: boolean;
  /** Where files may go (Talos: `/var/`). */
  readonly filePrefix?: string;
  /** Files must be owned by root (Talos). */
  readonly rootOwnedFiles?: boolean;
  /** The `spec.image` section. */
  readonly image?: fc.Arbitrary<Record<string, unknown> | undefined>;
  /** `spec.adapterOptions` (keyed by adapter id). */
  readonly adapterOptions?: fc.Arbitrary<Record<string, unknown> | undefined>;
  /** Extra `spec.kubernetes` fields the adapter needs (e.g. Bottlerocket on AWS: clusterName). */
  readonly kubernetesExtras?: fc.Arbitrary<Record<string, unknown>>;
  /** Kubelet fields to draw from; random ones when omitted. */
  readonly kubelet?: fc.Arbitrary<Record<string, unknown>>;
  /** Only one proxy URL (Bottlerocket: http must be null or equal https). */
  readonly singleProxy?: boolean;
  /** No wildcard mirror (k3OS). */
  readonly noWildcardMirror?: boolean;
  /** The only cluster domain the setup accepts (Gardener: cluster.local); any DNS name when omitted. */
  readonly clusterDomain?: string;
}

/** Paths kubenode itself writes on some distro: a pool file there overrides or collides with it. */
const GENERATED_PATHS = [
  '/etc/hostname',
  '/etc/containerd/config.toml',
  '/etc/sysctl.d/90-kubenode.conf',
  '/etc/kubeadm/join-configuration.yaml',
  '/run/kubeadm/kubeadm-join-config.yaml',
  '/etc/flatcar/update.conf',
  '/etc/systemd/system/kubeadm.service',
];

/** Sometimes (supported: half the time; unsupported: one pool in twenty) a value, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight, arbitrary }, { weight: 20 - weight, arbitrary: fc.constant(undefined) });
}

function feature<T>(
  profile: PoolProfile,
  name: NodePoolFeature,
  arbitrary: fc.Arbitrary<T>,
): fc.Arbitrary<T | undefined> {
  return sometimes(arbitrary, profile.supported.has(name) ? 10 : 1);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = key(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function kubernetesVersion(profile: PoolProfile): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...profile.kubernetesMinors), fc.integer({ min: 0, max: 12 }), fc.boolean())
    .map(([minor, patch, v]) => `${v ? 'v' : ''}${minor}.${patch}`);
}

function users(profile: PoolProfile): fc.Arbitrary<Record<string, unknown>[]> {
  const name = profile.userNames ? fc.constantFrom(...profile.userNames) : posixName;
  const extras = profile.userNames === undefined || profile.userExtras === true;
  const user = fc.record(
    {
      name,
      sshAuthorizedKeys: fc.array(sshKey, { maxLength: 2 }),
      groups: extras ? fc.array(posixName, { maxLength: 2 }) : fc.constant([]),
      passwordHash: sometimes(passwordHash, profile.supported.has('os.users.passwordHash') ? 6 : 1),
      shell: extras
        ? fc.option(fc.oneof(fc.constantFrom('/bin/bash', '/bin/sh'), absolutePath()), { nil: undefined })
        : fc.constant(undefined),
    },
    { requiredKeys: ['name'] },
  );
  return fc
    .array(user, { minLength: 1, maxLength: 2 })
    .map((list) =>
      uniqueBy(list, (u) => u.name).map((u) =>
        Object.fromEntries(Object.entries(u).filter(([, value]) => value !== undefined)),
      ),
    );
}

function files(profile: PoolProfile): fc.Arbitrary<Record<string, unknown>[]> {
  const prefix = profile.filePrefix ?? '/';
  const path = fc.oneof(
    { weight: 8, arbitrary: absolutePath(prefix) },
    { weight: profile.filePrefix ? 0 : 1, arbitrary: fc.constantFrom(...GENERATED_PATHS) },
  );
  const owner = profile.rootOwnedFiles ? fc.constant('root') : fc.oneof(fc.constant('root'), posixName);
  const file = fc
    .tuple(
      path,
      fileContents,
      fc.option(fileMode, { nil: undefined }),
      fc.option(owner, { nil: undefined, freq: 3 }),
      fc.option(owner, { nil: undefined, freq: 3 }),
      fc.boolean(),
    )
    .map(([filePath, { contents, encoding }, mode, fileOwner, group, explicitEncoding]) => ({
      path: filePath,
      contents,
      ...(encoding === 'base64' || explicitEncoding ? { encoding } : {}),
      ...(mode === undefined ? {} : { mode }),
      ...(fileOwner === undefined ? {} : { owner: fileOwner }),
      ...(group === undefined ? {} : { group }),
    }));
  const secret = absolutePath(prefix).map((filePath) => ({
    path: filePath,
    contents: TEST_PRIVATE_KEY,
    mode: '0600',
  }));
  return fc
    .tuple(fc.array(file, { maxLength: 4 }), sometimes(secret, 4))
    .map(([list, key]) => uniqueBy(key === undefined ? list : [...list, key], (f) => f.path));
}

const dropins = fc
  .array(fc.record({ name: dropinName, contents: hostileText({ maxParts: 6 }) }), { maxLength: 2 })
  .map((list) => uniqueBy(list, (d) => d.name));

const unit = fc.oneof(
  fc.record(
    {
      name: unitName,
      contents: hostileText({ maxParts: 8 }),
      enabled: fc.boolean(),
      dropins,
    },
    { requiredKeys: ['name'] },
  ),
  fc.record({ name: unitName, mask: fc.constant(true), dropins }, { requiredKeys: ['name', 'mask'] }),
  fc.record(
    { name: unitName, enabled: fc.constant(false), mask: fc.constant(true) },
    { requiredKeys: ['name', 'mask', 'enabled'] },
  ),
);

function proxy(profile: PoolProfile): fc.Arbitrary<Record<string, unknown>> {
  const noProxy = fc.array(
    fc.oneof(
      fc.constantFrom('10.0.0.0/8', '.svc', '.cluster.local', 'localhost', '*', '[::1]', 'fd00::/8', 'a_b'),
      fc.stringMatching(/^[A-Za-z0-9.*:/_[\]-]{1,20}$/),
    ),
    { maxLength: 4 },
  );
  if (profile.singleProxy) {
    return fc
      .tuple(proxyUrl, fc.boolean(), noProxy)
      .map(([url, both, list]) => ({ http: both ? url : null, https: url, noProxy: list }));
  }
  return fc.record({ http: fc.option(proxyUrl), https: fc.option(proxyUrl), noProxy }, { requiredKeys: [] });
}

function mirrors(profile: PoolProfile): fc.Arbitrary<Record<string, string[]>> {
  const host = profile.noWildcardMirror ? registryHost.filter((h) => h !== '*') : registryHost;
  return fc.dictionary(host, fc.array(mirrorUrl, { minLength: 1, maxLength: 3 }), { minKeys: 1, maxKeys: 3 });
}

function drop<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * NodePool documents valid by construction for one adapter profile: every feature appears with
 * some probability (features the adapter does not support rarely), every free-form string is
 * hostile text, restricted strings are drawn from the schema's own patterns.
 */
export function nodePoolArbitrary(profile: PoolProfile): fc.Arbitrary<NodePoolInput> {
  const kubernetes = fc
    .record({
      version: kubernetesVersion(profile),
      apiServer,
      caCert: fc.oneof(
        { weight: 4, arbitrary: fc.constant(TEST_CLUSTER_CA) },
        { weight: 1, arbitrary: fc.constant(TEST_CLUSTER_CA.replaceAll('\n', '\r\n')) },
        {
          weight: 1,
          arbitrary: hostileLine({ maxParts: 3 }).map(
            (junk) => `${junk.replaceAll('-----', '')}\n${TEST_CLUSTER_CA}`,
          ),
        },
      ),
      bootstrapToken: fc.oneof(
        fc.constant(TEST_BOOTSTRAP_TOKEN),
        fc.stringMatching(/^[a-z0-9]{6}\.[a-z0-9]{16}$/),
      ),
      clusterDNS: feature(
        profile,
        'kubernetes.clusterDNS',
        fc.array(ipAddress, { minLength: 1, maxLength: 2 }),
      ),
      clusterDomain: fc.option(
        profile.clusterDomain === undefined ? dnsSubdomain : fc.constant(profile.clusterDomain),
        { nil: undefined },
      ),
      clusterName: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/), { nil: undefined }),
      nodeLabels: feature(
        profile,
        'kubernetes.nodeLabels',
        fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 4 }),
      ),
      nodeTaints: feature(
        profile,
        'kubernetes.nodeTaints',
        fc.array(nodeTaint, { minLength: 1, maxLength: 3 }),
      ),
      maxPods: feature(profile, 'kubernetes.maxPods', fc.integer({ min: 1, max: 10_000 })),
      kubelet: feature(
        profile,
        'kubernetes.kubelet',
        (profile.kubelet ?? kubeletFields).filter((k) => Object.keys(k).length > 0),
      ),
      extras: profile.kubernetesExtras ?? fc.constant({}),
    })
    .map(({ extras, ...rest }) => ({ ...drop(rest), ...extras }));

  const runtime = fc
    .record({
      registryMirrors: feature(profile, 'runtime.registryMirrors', mirrors(profile)),
      sandboxImage: feature(profile, 'runtime.sandboxImage', sandboxImage),
    })
    .map(drop);

  const os = fc
    .record({
      hostname: feature(profile, 'os.hostname', dnsSubdomain),
      users: feature(profile, 'os.users', users(profile)),
      files: feature(
        profile,
        'os.files',
        files(profile).filter((list) => list.length > 0),
      ),
      units: feature(
        profile,
        'os.units',
        fc.array(unit, { minLength: 1, maxLength: 3 }).map((list) => uniqueBy(list, (u) => u.name)),
      ),
      sysctls: feature(
        profile,
        'os.sysctls',
        fc.dictionary(sysctlKey, sysctlValue, { minKeys: 1, maxKeys: 4 }),
      ),
      kernelModules: feature(
        profile,
        'os.kernelModules',
        fc.array(kernelModule, { minLength: 1, maxLength: 3 }),
      ),
      kernelArgs: feature(profile, 'os.kernelArgs', fc.array(kernelArg, { minLength: 1, maxLength: 3 })),
      ntpServers: feature(profile, 'os.ntpServers', fc.array(ntpServer, { minLength: 1, maxLength: 3 })),
      proxy: feature(profile, 'os.proxy', proxy(profile)),
      caCerts: feature(profile, 'os.caCerts', fc.array(caBundle, { minLength: 1, maxLength: 2 })),
      rootDisk: feature(profile, 'os.rootDisk', fc.constant({ grow: false })),
      packages: feature(
        profile,
        'os.packages',
        fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9+.-]{1,12}(=[A-Za-z0-9.+~:-]{1,8})?$/), {
          minLength: 1,
          maxLength: 3,
        }),
      ),
    })
    .map(drop);

  const updates = fc.record(
    {
      strategy: fc.constantFrom('in-place', 'replace'),
      channel: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,10}$/),
      window: fc.record(
        {
          days: fc.subarray(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], { minLength: 1 }),
          start: fc
            .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
            .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
          duration: fc.constantFrom('4h', '90m', '1h30m', '45s', '168h'),
          timeZone,
        },
        { requiredKeys: ['start', 'duration'] },
      ),
      maxUnavailable: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom('10%', '100%', '1%')),
    },
    { requiredKeys: [] },
  );

  return fc
    .record({
      name: dnsSubdomain.filter((name) => name.length <= 63),
      labels: fc.option(metadataMap, { nil: undefined, freq: 4 }),
      annotations: fc.option(metadataMap, { nil: undefined, freq: 4 }),
      image: profile.image ?? fc.constant(undefined),
      kubernetes,
      runtime,
      os,
      updates: fc.option(updates, { nil: undefined }),
      adapterOptions: profile.adapterOptions ?? fc.constant(undefined),
    })
    .map(
      ({
        name,
        labels,
        annotations,
        image,
        kubernetes: k8s,
        runtime: rt,
        os: osSpec,
        updates: up,
        adapterOptions,
      }) => ({
        apiVersion: 'kubenode.dev/v1alpha1',
        kind: 'NodePool',
        metadata: drop({ name, labels, annotations }) as NodePoolInput['metadata'],
        spec: drop({
          distro: profile.distro,
          image,
          kubernetes: k8s,
          runtime: rt,
          os: osSpec,
          updates: up,
          adapterOptions,
        }) as NodePoolInput['spec'],
      }),
    );
}
