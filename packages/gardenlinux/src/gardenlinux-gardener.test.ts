import {
  SpecValidationError,
  UnsupportedFeatureError,
  validateNodePool,
  type NodePool,
  type NodePoolInput,
  type ProvisioningResultV1,
} from '@kubenode/core';
import {
  HOSTILE_TEXT,
  TEST_BOOTSTRAP_TOKEN,
  TEST_EXTRA_CA,
  TEST_PRIVATE_KEY,
  canonicalPool,
  thrownError,
} from '@kubenode/testkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pyYamlLoad } from '../test/support/upstream-tools.js';
import { GARDENER_POOLS } from './__fixtures__/gardenlinux-test-pools.js';
import {
  checkOperatingSystemConfigCrd,
  createGardenLinux,
  KERNEL_MODULES_UNIT,
  operatingSystemConfigSchema,
  shootPatchSchema,
  type OperatingSystemConfig,
  type ShootPatch,
} from './index.js';

const gardener = createGardenLinux({ mode: 'gardener' });

function poolOf(id: string): NodePool {
  const entry = GARDENER_POOLS.find((candidate) => candidate.id === id)!;
  return validateNodePool(entry.input);
}

function withSpec(base: NodePool, spec: Partial<NodePoolInput['spec']>): NodePool {
  return validateNodePool({ ...base, spec: { ...base.spec, ...spec } } as NodePoolInput);
}

function fragments(result: ProvisioningResultV1): { osc: OperatingSystemConfig; shoot: ShootPatch } {
  expect(result.artifacts.map((artifact) => [artifact.name, artifact.role])).toEqual([
    ['operatingsystemconfig.yaml', 'user-data'],
    ['shoot-patch.yaml', 'auxiliary'],
  ]);
  const [osc, shoot] = result.artifacts.map(
    (artifact) => parse(artifact.contents, { version: '1.1' }) as unknown,
  );
  expect(checkOperatingSystemConfigCrd(osc)).toEqual([]);
  return { osc: operatingSystemConfigSchema.parse(osc), shoot: shootPatchSchema.parse(shoot) };
}

function fileData(osc: OperatingSystemConfig, path: string): Buffer {
  const file = osc.spec.files?.find((candidate) => candidate.path === path);
  expect(file, path).toBeDefined();
  const inline = file!.content.inline!;
  return inline.encoding === 'b64' ? Buffer.from(inline.data, 'base64') : Buffer.from(inline.data, 'utf8');
}

const refusal = (adapter: ReturnType<typeof createGardenLinux>, pool: NodePool) =>
  thrownError(() => adapter.provision(pool), UnsupportedFeatureError);

describe('Gardener mode: OperatingSystemConfig', () => {
  it('carries the pool files byte for byte (plain text inline, b64 otherwise), with permissions', () => {
    const result = gardener.provision(poolOf('gardener-node'));
    const { osc } = fragments(result);
    expect(osc).toMatchObject({
      apiVersion: 'extensions.gardener.cloud/v1alpha1',
      kind: 'OperatingSystemConfig',
      metadata: { name: 'kubenode-gardener-node' },
      spec: { type: 'gardenlinux', purpose: 'reconcile' },
    });
    expect(fileData(osc, '/etc/motd').toString()).toBe('Welcome.\n');
    expect(fileData(osc, '/etc/hostile/all.txt').toString()).toBe(HOSTILE_TEXT);
    expect(fileData(osc, '/etc/app/binary.bin')).toEqual(Buffer.from('AAECAwT/', 'base64'));
    expect(fileData(osc, '/etc/app/tls.key').toString()).toBe(TEST_PRIVATE_KEY);
    expect(fileData(osc, '/etc/app/crlf.conf').toString()).toBe('a=1\r\nb=2\r\n');
    const byPath = new Map((osc.spec.files ?? []).map((file) => [file.path, file]));
    expect(byPath.get('/etc/motd')).toMatchObject({
      permissions: 0o644,
      content: { inline: { encoding: '' } },
    });
    expect(byPath.get('/opt/bin/hello.sh')!.permissions).toBe(0o755);
    expect(byPath.get('/etc/app/tls.key')!.permissions).toBe(0o600);
    expect(byPath.get('/etc/app/binary.bin')!.content.inline!.encoding).toBe('b64');
    expect(byPath.get('/etc/app/crlf.conf')!.content.inline!.encoding).toBe('b64');
    expect(result.artifacts[0]!.containsSecrets).toBe(true);
    expect(result.artifacts[0]!.contents).not.toContain(TEST_BOOTSTRAP_TOKEN);
  });

  it('reads back identically with an independent YAML 1.1 reader (PyYAML), hostile text included', () => {
    for (const pool of [
      poolOf('gardener-node'),
      poolOf('gardener-worker'),
      canonicalPool('hostile-strings', 'gardenlinux'),
    ]) {
      const result = gardener.provision(pool);
      for (const artifact of result.artifacts)
        expect(pyYamlLoad(artifact.contents), artifact.name).toEqual(
          parse(artifact.contents, { version: '1.1' }),
        );
      const osc = operatingSystemConfigSchema.parse(pyYamlLoad(result.artifacts[0]!.contents));
      for (const file of pool.spec.os.files) {
        const expected =
          file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : Buffer.from(file.contents);
        expect(fileData(osc, file.path), file.path).toEqual(expected);
      }
    }
  });

  it('maps units: enable/command, drop-ins, merged proxy drop-ins, masks as empty unit files, modules and time with filePaths', () => {
    const { osc } = fragments(gardener.provision(poolOf('gardener-node')));
    const units = new Map((osc.spec.units ?? []).map((unit) => [unit.name, unit]));
    expect(units.get('hello.service')).toMatchObject({
      enable: true,
      command: 'start',
      dropIns: [{ name: '10-env.conf', content: '[Service]\nEnvironment=GREETING=hi\n' }],
    });
    expect(units.get('hello.service')!.content).toContain('ExecStart=/opt/bin/hello.sh world');
    expect(units.get('rpcbind.service')).toEqual({ name: 'rpcbind.service', enable: false, command: 'stop' });
    expect(units.get('containerd.service')!.dropIns!.map((dropIn) => dropIn.name)).toEqual([
      '50-kubenode-proxy.conf',
      '20-limits.conf',
    ]);
    expect(units.get('kubelet.service')!.dropIns![0]!.content).toContain(
      'Environment="HTTP_PROXY=http://proxy.example:3128"',
    );
    expect(units.has('apt-daily.timer')).toBe(false);
    expect(fileData(osc, '/etc/systemd/system/apt-daily.timer').length).toBe(0);
    expect(units.get(KERNEL_MODULES_UNIT)).toMatchObject({
      command: 'restart',
      enable: true,
      filePaths: ['/etc/modules-load.d/90-kubenode.conf'],
    });
    expect(units.get(KERNEL_MODULES_UNIT)!.content).toContain(
      'ExecStart=/usr/sbin/modprobe -a ip_vs nf_conntrack',
    );
    expect(fileData(osc, '/etc/modules-load.d/90-kubenode.conf').toString()).toContain('ip_vs\nnf_conntrack');
    expect(units.get('systemd-timesyncd.service')).toEqual({
      name: 'systemd-timesyncd.service',
      command: 'restart',
      filePaths: ['/etc/systemd/timesyncd.conf.d/90-kubenode.conf'],
    });
  });

  it('on Azure the time servers go to chrony', () => {
    const azure = createGardenLinux({ mode: 'gardener', flavor: 'azure-gardener_prod' });
    const { osc } = fragments(azure.provision(poolOf('gardener-node')));
    expect(fileData(osc, '/etc/chrony/conf.d/90-kubenode.conf').toString()).toContain(
      'server time1.example iburst',
    );
    expect(osc.spec.units?.find((unit) => unit.name === 'chrony.service')).toMatchObject({
      command: 'restart',
    });
  });
});

describe('Gardener mode: Shoot patch', () => {
  it('puts labels, taints, kubelet, sysctls, CA bundle, mirrors, versions and update strategy into the worker pool', () => {
    const result = gardener.provision(poolOf('gardener-worker'));
    const { osc, shoot } = fragments(result);
    expect(osc.spec.files).toBeUndefined();
    expect(shoot.spec.provider.workers).toEqual([
      {
        name: 'gardener-worker',
        machine: { image: { name: 'gardenlinux', version: '1877.3' }, architecture: 'arm64' },
        cri: { name: 'containerd' },
        kubernetes: {
          version: '1.32.4',
          kubelet: {
            featureGates: { KubeletTracing: true },
            imageGCHighThresholdPercent: 80,
            kubeReserved: { cpu: '100m', memory: '1Gi', pid: '20k' },
            maxPods: 64,
            serializeImagePulls: false,
            streamingConnectionIdleTimeout: '5m0s',
          },
        },
        labels: { 'node.example.com/tier': 'gold', pool: 'gpu' },
        taints: [
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'example.com/spot', effect: 'PreferNoSchedule' },
        ],
        sysctls: { 'net.core.somaxconn': '65535', 'vm.max_map_count': '262144' },
        caBundle: `${TEST_EXTRA_CA.trim()}\n`,
        maxUnavailable: '20%',
        updateStrategy: 'AutoRollingUpdate',
      },
    ]);
    expect(shoot.spec.extensions).toEqual([
      {
        type: 'registry-mirror',
        providerConfig: {
          apiVersion: 'mirror.extensions.gardener.cloud/v1alpha1',
          kind: 'MirrorConfig',
          mirrors: [
            {
              upstream: 'docker.io',
              hosts: [
                { host: 'https://mirror.example', capabilities: ['pull', 'resolve'] },
                {
                  host: 'https://cache.example/v2/proxy',
                  capabilities: ['pull', 'resolve'],
                  overridePath: true,
                },
              ],
            },
            {
              upstream: 'registry.example:5000',
              hosts: [{ host: 'https://registry-mirror.example:5443', capabilities: ['pull', 'resolve'] }],
            },
          ],
        },
      },
    ]);
    expect(result.artifacts[1]!.contents).toMatch(/^# kubenode: the worker pool gardener-worker/);
  });

  it('names every field that belongs to the Shoot, and the join, in a warning', () => {
    const warnings = gardener.provision(poolOf('gardener-worker')).warnings;
    const shootFields = warnings
      .filter((warning) => warning.code === 'shoot-field')
      .map((warning) => warning.path);
    expect(shootFields).toEqual([
      'spec.kubernetes.version',
      'spec.image',
      'spec.updates',
      'spec.kubernetes.nodeLabels',
      'spec.kubernetes.nodeTaints',
      'spec.kubernetes.maxPods',
      'spec.kubernetes.kubelet',
      'spec.os.sysctls',
      'spec.os.caCerts',
      'spec.runtime.registryMirrors',
    ]);
    expect(warnings.find((warning) => warning.code === 'gardener-manages-join')!.message).toContain(
      'spec.kubernetes.bootstrapToken',
    );
    for (const warning of warnings) expect(warning.message).not.toContain(TEST_BOOTSTRAP_TOKEN);
  });

  it('in-place updates on a _usi flavour become AutoInPlaceUpdate; elsewhere rolling with a warning', () => {
    const usi = createGardenLinux({ mode: 'gardener', flavor: 'aws-gardener_prod_usi' });
    const minimal = canonicalPool('minimal', 'gardenlinux');
    const inPlace = usi.provision(minimal);
    expect(fragments(inPlace).shoot.spec.provider.workers[0]!.updateStrategy).toBe('AutoInPlaceUpdate');
    expect(inPlace.warnings.map((warning) => warning.code)).not.toContain('updates-by-replacement');
    const rolling = gardener.provision(minimal);
    expect(fragments(rolling).shoot.spec.provider.workers[0]!.updateStrategy).toBe('AutoRollingUpdate');
    expect(rolling.warnings.map((warning) => warning.code)).toContain('updates-by-replacement');
  });

  it('a maintenance window is named as the Shoot’s, not written', () => {
    const pool = withSpec(canonicalPool('minimal', 'gardenlinux'), {
      updates: { strategy: 'replace', maxUnavailable: 2, window: { start: '02:00', duration: '4h' } },
    });
    const result = gardener.provision(pool);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'shoot-field-not-written', path: 'spec.updates.window' }),
    );
    expect(fragments(result).shoot.spec.provider.workers[0]!.maxUnavailable).toBe(2);
  });

  it('derives a worker name within Gardener’s 15 characters, or takes the option', () => {
    const long = canonicalPool('registry-mirrors', 'gardenlinux');
    const mirrorsOnly = withSpec(long, {
      runtime: { registryMirrors: { 'docker.io': ['https://m.example'] } },
    });
    const result = gardener.provision(mirrorsOnly);
    const name = fragments(result).shoot.spec.provider.workers[0]!.name;
    expect(name).toMatch(/^registry-m-[0-9a-f]{4}$/);
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ code: 'worker-name', path: 'metadata.name' }),
    );
    const named = withSpec(mirrorsOnly, {
      adapterOptions: { gardenlinux: { gardener: { workerName: 'mirrors' } } },
    });
    expect(fragments(gardener.provision(named)).shoot.spec.provider.workers[0]!.name).toBe('mirrors');
  });
});

describe('Gardener mode: what Gardener owns is refused with the Shoot field to use', () => {
  it.each([
    ['users-ssh', 'spec.os.users', /sshAccess/],
    ['password-hash', 'spec.os.users', /sshAccess/],
    ['network', 'spec.os.hostname', /nodeLabels/],
    ['labels-taints', 'spec.kubernetes.clusterDNS', /spec\.networking\.services/],
    ['registry-mirrors', 'spec.runtime.sandboxImage', /webhook/],
    ['kernel', 'spec.os.kernelArgs', /cmdline\.d/],
    ['packages', 'spec.os.packages', /pkg\.include/],
    ['root-disk-fixed', 'spec.os.rootDisk', /volume\.size/],
    ['files-units', 'spec.os.files[3].group', /root-owned/],
    ['kubelet-config', 'spec.kubernetes.kubelet.evictionHard', /memoryAvailable/],
  ])('%s → %s', (id, field, alternative) => {
    const error = refusal(gardener, canonicalPool(id, 'gardenlinux'));
    expect(error.field).toBe(field);
    expect(error.alternative).toMatch(alternative);
  });

  it('lower-cases a registry host for the mirror extension, and refuses two spellings of one host (hostile-input fuzz)', () => {
    // A capital letter made the Shoot patch schema throw a ZodError (found by @kubenode/fuzz).
    const base = canonicalPool('minimal', 'gardenlinux');
    const result = gardener.provision(
      withSpec(base, {
        runtime: {
          registryMirrors: {
            'Registry.Example:5000': ['https://m.example'],
            'a.example': ['https://a-mirror.example'],
          },
        },
      }),
    );
    const extension = fragments(result).shoot.spec.extensions![0]!;
    expect(
      (
        extension.providerConfig as { mirrors: { upstream: string; hosts: { host: string }[] }[] }
      ).mirrors.map((mirror) => [mirror.upstream, mirror.hosts.map((host) => host.host)]),
    ).toEqual([
      ['a.example', ['https://a-mirror.example']],
      ['registry.example:5000', ['https://m.example']],
    ]);
    const twice = withSpec(base, {
      runtime: {
        registryMirrors: { 'docker.io': ['https://a.example'], 'Docker.IO': ['https://b.example'] },
      },
    });
    const error = refusal(gardener, twice);
    expect(error.field).toBe('spec.runtime.registryMirrors["docker.io"]');
    expect(error.message).toContain('"Docker.IO"');
  });

  it('refuses a catch-all mirror, systemReserved from 1.31 on, and kubelet shapes Gardener does not model', () => {
    const base = canonicalPool('minimal', 'gardenlinux');
    expect(
      refusal(gardener, withSpec(base, { runtime: { registryMirrors: { '*': ['https://all.example'] } } }))
        .field,
    ).toBe('spec.runtime.registryMirrors["*"]');
    const reserved = { kubelet: { systemReserved: { cpu: '100m' } } };
    expect(
      refusal(gardener, withSpec(base, { kubernetes: { ...base.spec.kubernetes, ...reserved } })).field,
    ).toBe('spec.kubernetes.kubelet.systemReserved');
    const old = gardener.provision(
      withSpec(base, { kubernetes: { ...base.spec.kubernetes, version: '1.30.9', ...reserved } }),
    );
    expect(fragments(old).shoot.spec.provider.workers[0]!.kubernetes.kubelet).toEqual({
      systemReserved: { cpu: '100m' },
    });
    const storage = { kubelet: { kubeReserved: { 'ephemeral-storage': '1Gi' } } };
    const error = refusal(gardener, withSpec(base, { kubernetes: { ...base.spec.kubernetes, ...storage } }));
    expect(error.field).toBe('spec.kubernetes.kubelet.kubeReserved');
    expect(error.alternative).toMatch(/ephemeralStorage/);
    expect(
      refusal(
        gardener,
        withSpec(base, { kubernetes: { ...base.spec.kubernetes, kubelet: { cpuCFSQuota: 'yes' } } }),
      ).field,
    ).toBe('spec.kubernetes.kubelet.cpuCFSQuota');
  });

  it('refuses another cluster domain and names fields Garden Linux has no use for', () => {
    const base = canonicalPool('minimal', 'gardenlinux');
    const other = withSpec(base, { kubernetes: { ...base.spec.kubernetes, clusterDomain: 'corp.local' } });
    expect(refusal(gardener, other).field).toBe('spec.kubernetes.clusterDomain');
    const same = withSpec(base, {
      kubernetes: { ...base.spec.kubernetes, clusterDomain: 'cluster.local', clusterName: 'prod' },
      updates: { strategy: 'replace', maxUnavailable: 1, channel: 'stable' },
    });
    const warnings = gardener.provision(same).warnings.filter((warning) => warning.code === 'not-applicable');
    expect(warnings.map((warning) => warning.path)).toEqual([
      'spec.updates.channel',
      'spec.kubernetes.clusterName',
    ]);
  });

  it('the mode can come from the pool: a standalone adapter renders Gardener fragments and checks Gardener’s capabilities', () => {
    const standalone = createGardenLinux();
    const base = canonicalPool('minimal', 'gardenlinux');
    const pool = withSpec(base, { adapterOptions: { gardenlinux: { mode: 'gardener' } } });
    expect(standalone.provision(pool).artifacts.map((artifact) => artifact.name)).toEqual([
      'operatingsystemconfig.yaml',
      'shoot-patch.yaml',
    ]);
    const users = withSpec(canonicalPool('users-ssh', 'gardenlinux'), {
      adapterOptions: { gardenlinux: { mode: 'gardener' } },
    });
    expect(refusal(standalone, users).field).toBe('spec.os.users');
  });

  it('a standalone pool on a flavour without a first-boot agent is a SpecValidationError naming the flavour', () => {
    const pool = withSpec(canonicalPool('minimal', 'gardenlinux'), {
      adapterOptions: { gardenlinux: { flavor: 'gcp-gardener_prod' } },
    });
    try {
      createGardenLinux().provision(pool);
      expect.unreachable();
    } catch (error) {
      expect(SpecValidationError.isInstance(error)).toBe(true);
      expect((error as SpecValidationError).issues[0]!.path).toEqual([
        'spec',
        'adapterOptions',
        'gardenlinux',
        'flavor',
      ]);
      expect((error as SpecValidationError).issues[0]!.message).toMatch(/google-guest-agent/);
    }
    expect(() => createGardenLinux({ flavor: 'metal-capi' })).toThrowError(/ignition-legacy/);
  });
});

describe('Gardener mode: validate()', () => {
  const result = gardener.provision(poolOf('gardener-node'));
  const replace = (name: string, contents: string): ProvisioningResultV1 => ({
    ...result,
    artifacts: result.artifacts.map((artifact) =>
      artifact.name === name ? { ...artifact, contents } : artifact,
    ),
  });

  it('accepts the rendered output', () => {
    expect(gardener.validate(result)).toEqual([]);
  });

  it('finds CRD schema violations, broken merge keys and dangling filePaths', () => {
    const osc = parse(result.artifacts[0]!.contents) as OperatingSystemConfig & {
      spec: Record<string, unknown>;
    };
    const broken = structuredClone(osc) as unknown as {
      spec: {
        type?: unknown;
        files: { path: string; permissions: unknown }[];
        units: { filePaths?: string[] }[];
      };
    };
    delete broken.spec.type;
    broken.spec.files[0]!.permissions = '0644';
    broken.spec.files.push({ ...broken.spec.files[1]! });
    broken.spec.units[0]!.filePaths = ['/etc/nowhere.conf'];
    const issues = gardener.validate(replace('operatingsystemconfig.yaml', JSON.stringify(broken)));
    const messages = issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^spec\.type: must have required property/),
        expect.stringMatching(/^spec\.files\[0\]\.permissions: must be integer/),
      ]),
    );
    const merge = gardener.validate(
      replace(
        'operatingsystemconfig.yaml',
        JSON.stringify({
          ...osc,
          spec: {
            ...osc.spec,
            files: [...osc.spec.files!, osc.spec.files![0]!],
            units: [{ name: 'a.service', filePaths: ['/x'] }],
          },
        }),
      ),
    );
    expect(merge.map((issue) => issue.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/written twice/),
        expect.stringMatching(/has no file in spec\.files/),
      ]),
    );
  });

  it('requires the Shoot patch and checks it strictly', () => {
    expect(gardener.validate({ ...result, artifacts: [result.artifacts[0]!] })).toContainEqual(
      expect.objectContaining({ artifact: 'shoot-patch.yaml', path: '(root)' }),
    );
    const shoot = parse(result.artifacts[1]!.contents) as ShootPatch;
    const typo = {
      ...shoot,
      spec: { ...shoot.spec, provider: { workers: [{ ...shoot.spec.provider.workers[0], lables: {} }] } },
    };
    expect(gardener.validate(replace('shoot-patch.yaml', JSON.stringify(typo)))).toContainEqual(
      expect.objectContaining({ artifact: 'shoot-patch.yaml', path: 'spec.provider.workers[0]' }),
    );
  });
});
