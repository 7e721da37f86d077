import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  CONTAINERD_CERTS_DIRECTORY,
  KubenodeError,
  parseNodePool,
  SpecValidationError,
  UnsupportedFeatureError,
  validateNodePool,
  type NodePool,
  type NodePoolInput,
} from '@kubenode/core';
import {
  CANONICAL_POOLS,
  canonicalPool,
  HOSTILE_TEXT,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_CLUSTER_CA_SPKI_SHA256,
  TEST_EXTRA_CA,
  TEST_PRIVATE_KEY,
} from '@kubenode/testkit';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { decodeNode } from '../test/support/decode.js';
import { ignitionValidate } from '../test/support/ignition-validate.js';
import { createFlatcar } from './flatcar-adapter.js';
import { JOIN_CONFIGURATION_PATH } from './flatcar-provision.js';

const adapter = createFlatcar();
const EXAMPLE = new URL('../../../examples/flatcar-pool.yaml', import.meta.url);

function pool(
  spec: Partial<NodePoolInput['spec']> & { kubernetes?: Partial<NodePoolInput['spec']['kubernetes']> } = {},
  name = 'test',
): NodePool {
  const { kubernetes, ...rest } = spec;
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name },
    spec: {
      distro: 'flatcar',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        ...kubernetes,
      },
      ...rest,
    },
  });
}

const MULTILINE_PEM = `${TEST_EXTRA_CA.trim()}\n${TEST_CLUSTER_CA.trim()}\n`;
const BINARY = Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 37 + 11) % 256));
const HOSTILE_FILES = [
  { path: '/etc/kubenode/hostile.txt', contents: HOSTILE_TEXT, mode: 0o640, owner: 'root', group: 'root' },
  { path: '/etc/kubenode/bundle.pem', contents: MULTILINE_PEM },
  { path: '/etc/kubenode/unicode', contents: 'héllo wörld ✓ 日本語 🚀\nçà\n' },
  { path: '/etc/kubenode/quotes', contents: `single ' double " back \` backslash \\ \\\\n\n` },
  { path: '/etc/kubenode/percent', contents: '100% %h %i %% %41 %zz\n' },
  {
    path: '/opt/bin/heredoc.sh',
    contents: "#!/bin/sh\ncat <<'EOF'\n$HOME ${X} $(id)\nEOF\ncat <<EOF\nEOF\n",
    mode: 0o755,
  },
  { path: '/etc/kubenode/newlines', contents: '\n\nline\r\nwindows\r\n\n\n' },
  { path: '/etc/kubenode/no-trailing-newline', contents: 'no newline at the end' },
  { path: '/etc/kubenode/empty', contents: '' },
  { path: '/etc/kubenode/large.conf', contents: 'key = value # repeated configuration line\n'.repeat(400) },
  {
    path: '/var/lib/kubenode/blob.bin',
    contents: BINARY.toString('base64'),
    encoding: 'base64' as const,
    mode: 0o600,
  },
];

/** The pools rendered and judged here: the canonical set Flatcar supports plus our own. */
const POOLS: [string, NodePool][] = [
  ...CANONICAL_POOLS.filter((c) => !c.features.some((f) => f === 'os.packages' || f === 'os.rootDisk')).map(
    (c) => [`canonical ${c.id}`, canonicalPool(c.id, 'flatcar')] as [string, NodePool],
  ),
  [
    'example flatcar-pool.yaml (every field)',
    parseNodePool(readFileSync(EXAMPLE, 'utf8'), { source: 'flatcar-pool.yaml' }),
  ],
  ['hostile file contents', pool({ os: { files: HOSTILE_FILES } }, 'hostile')],
  [
    'units with hostile drop-ins',
    pool(
      {
        os: {
          units: [
            {
              name: 'percent.service',
              contents: `[Service]\nExecStart=/bin/echo "100%% done" '$HOME'\n`,
              enabled: false,
              dropins: [{ name: '10-x.conf', contents: `[Service]\nEnvironment="A=b c"\n` }],
            },
            { name: 'docker.service', mask: true },
            {
              name: 'containerd.service',
              dropins: [{ name: '20-limits.conf', contents: '[Service]\nLimitNOFILE=1048576\n' }],
            },
          ],
        },
      },
      'units',
    ),
  ],
  [
    'arm64 with mirrors and sysupdate off',
    pool(
      {
        image: { arch: 'arm64', channel: 'beta' },
        runtime: { registryMirrors: { 'ghcr.io': ['https://ghcr-mirror.example'] } },
        adapterOptions: { flatcar: { kubernetesSysext: { sysupdate: false } } },
      },
      'arm',
    ),
  ],
];

describe('provision: every pool renders Ignition that ignition-validate and our validator accept', () => {
  it('renders at least 10 pools', () => expect(POOLS.length).toBeGreaterThanOrEqual(10));

  it.each(POOLS)('%s', (_name, nodePool) => {
    const result = adapter.provision(nodePool);
    expect(result.artifacts).toHaveLength(1);
    const [artifact] = result.artifacts;
    expect(artifact).toMatchObject({
      name: 'config.ign',
      mediaType: 'application/vnd.coreos.ignition+json',
      role: 'user-data',
      containsSecrets: true,
    });
    expect(artifact!.contents.startsWith('{"ignition":{')).toBe(true);
    expect(artifact!.contents).not.toContain('#cloud-config');
    const upstream = ignitionValidate(artifact!.contents);
    expect(upstream.output.split('\n').filter((line) => line.startsWith('error'))).toEqual([]);
    expect(upstream.ok).toBe(true);
    expect(adapter.validate(result)).toEqual([]);
    // Deterministic: the same pool renders byte-identical output.
    expect(adapter.provision(structuredClone(nodePool)).artifacts[0]!.contents).toBe(artifact!.contents);
    // Every file of the pool lands byte for byte, with its mode and owner.
    const node = decodeNode(artifact!.contents);
    for (const file of nodePool.spec.os.files) {
      const written = node.files.get(file.path)!;
      expect(written, file.path).toBeDefined();
      const expected =
        file.encoding === 'base64'
          ? Buffer.from(file.contents, 'base64')
          : Buffer.from(file.contents, 'utf8');
      expect(Buffer.compare(written.bytes, expected), file.path).toBe(0);
      expect(written).toMatchObject({
        mode: file.mode,
        user: file.owner,
        group: file.group,
        overwrite: true,
      });
    }
    for (const unit of nodePool.spec.os.units) {
      const written = node.units.get(unit.name)!;
      if (unit.contents !== undefined) expect(written.contents).toBe(unit.contents);
      if (unit.enabled !== undefined) expect(written.enabled).toBe(unit.enabled);
      if (unit.mask) expect(written.mask).toBe(true);
      for (const dropin of unit.dropins) expect(node.dropin(unit.name, dropin.name)).toBe(dropin.contents);
    }
  });
});

describe('provision: where Flatcar reads each value', () => {
  const full = parseNodePool(readFileSync(EXAMPLE, 'utf8'), { source: 'flatcar-pool.yaml' });
  const node = decodeNode(adapter.provision(full).artifacts[0]!.contents);

  it('joins with kubeadm: JoinConfiguration 0600 pinned to the CA, labels, taints, kubelet patch, oneshot unit', () => {
    const join = node.files.get(JOIN_CONFIGURATION_PATH)!;
    expect(join).toMatchObject({ mode: 0o600, user: 'root', group: 'root', overwrite: true });
    const doc = parseYaml(join.text);
    expect(doc).toMatchObject({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'JoinConfiguration',
      discovery: { bootstrapToken: { apiServerEndpoint: '10.0.0.1:6443', token: 'abcdef.0123456789abcdef' } },
      nodeRegistration: {
        criSocket: 'unix:///run/containerd/containerd.sock',
        kubeletExtraArgs: [{ name: 'node-labels', value: 'node.example.com/tier=gold,pool=a' }],
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      },
      patches: { directory: '/etc/kubeadm/patches' },
    });
    expect(doc.discovery.bootstrapToken.caCertHashes[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parseYaml(node.files.get('/etc/kubeadm/patches/kubeletconfiguration+merge.yaml')!.text)).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      serializeImagePulls: false,
      systemReserved: { cpu: '100m', memory: '256Mi' },
      maxPods: 110,
      clusterDNS: ['10.96.0.10'],
      clusterDomain: 'cluster.local',
    });
    const kubeadm = node.units.get('kubeadm.service')!;
    expect(kubeadm.enabled).toBe(true);
    expect(kubeadm.contents).toContain(`ExecStart=/usr/bin/kubeadm join --config ${JOIN_CONFIGURATION_PATH}`);
    expect(kubeadm.contents).toContain('ConditionPathExists=!/etc/kubernetes/kubelet.conf');
    expect(kubeadm.contents).toContain('Requires=containerd.service');
    expect(kubeadm.contents).toContain(
      'After=containerd.service systemd-sysext.service network-online.target',
    );
  });

  it('writes the same bytes whatever the key order of the pass-through kubelet fields, at any depth', () => {
    const base = pool();
    const withKubelet = (kubelet: Record<string, unknown>) =>
      validateNodePool({ ...base, spec: { ...base.spec, kubernetes: { ...base.spec.kubernetes, kubelet } } });
    const forward = withKubelet({
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%' },
      systemReserved: { cpu: '100m', memory: '256Mi' },
      featureGates: { A: true, B: false },
    });
    const backward = withKubelet({
      featureGates: { B: false, A: true },
      systemReserved: { memory: '256Mi', cpu: '100m' },
      evictionHard: { 'nodefs.available': '10%', 'memory.available': '100Mi' },
    });
    const a = adapter.provision(forward).artifacts[0]!.contents;
    expect(adapter.provision(backward).artifacts[0]!.contents).toBe(a);
    const patch = decodeNode(a).files.get('/etc/kubeadm/patches/kubeletconfiguration+merge.yaml')!.text;
    expect(patch).toContain('evictionHard:\n  memory.available: 100Mi\n  nodefs.available: 10%\n');
    expect(patch.indexOf('evictionHard')).toBeLessThan(patch.indexOf('featureGates'));
    expect(patch.indexOf('featureGates')).toBeLessThan(patch.indexOf('systemReserved'));
  });

  it('pins the CA hash of the canonical pools to the test CA', () => {
    const minimal = decodeNode(adapter.provision(canonicalPool('minimal', 'flatcar')).artifacts[0]!.contents);
    expect(
      parseYaml(minimal.files.get(JOIN_CONFIGURATION_PATH)!.text).discovery.bootstrapToken.caCertHashes,
    ).toEqual([`sha256:${TEST_CLUSTER_CA_SPKI_SHA256}`]);
  });

  it('installs Kubernetes as the sysext image, kept current by systemd-sysupdate', () => {
    const image = '/opt/extensions/kubernetes/kubernetes-v1.32.4-x86-64.raw';
    expect(node.files.get(image)).toMatchObject({
      source: 'https://extensions.flatcar.org/extensions/kubernetes-v1.32.4-x86-64.raw',
      mode: 0o644,
    });
    expect(node.config.storage!.links).toEqual([
      { path: '/etc/extensions/kubernetes.raw', hard: false, target: image },
    ]);
    const sysupdate = node.files.get('/etc/sysupdate.kubernetes.d/kubernetes-v1.32.conf')!.text;
    expect(sysupdate).toContain('Path=https://extensions.flatcar.org/extensions/kubernetes/');
    expect(sysupdate).toContain('MatchPattern=kubernetes-v1.32.@v-%a.raw');
    expect(sysupdate).toContain('CurrentSymlink=/etc/extensions/kubernetes.raw');
    expect(node.files.get('/etc/sysupdate.d/noop.conf')).toBeDefined();
    expect(node.units.get('systemd-sysupdate.timer')!.enabled).toBe(true);
    expect(node.dropin('systemd-sysupdate.service', 'kubernetes.conf')).toContain(
      'touch /run/reboot-required',
    );
  });

  it('pins the sysext image with a verification hash when one is given', () => {
    const hash = `sha256-${'a'.repeat(64)}`;
    const pinned = decodeNode(
      adapter.provision(pool({ adapterOptions: { flatcar: { kubernetesSysext: { hash } } } })).artifacts[0]!
        .contents,
    );
    expect(pinned.files.get('/opt/extensions/kubernetes/kubernetes-v1.32.4-x86-64.raw')!.hash).toBe(hash);
    expect(
      adapter.provision(pool({ adapterOptions: { flatcar: { kubernetesSysext: { hash } } } })).warnings,
    ).toEqual([]);
  });

  it('hands updates to the rollout: update.conf with REBOOT_STRATEGY=off, locksmithd masked', () => {
    expect(node.files.get('/etc/flatcar/update.conf')!.text).toBe(
      '# Written by kubenode: updates are staged by update_engine, reboots are done by the rollout.\nGROUP=stable\nSERVER=https://public.update.flatcar-linux.net/v1/update/\nREBOOT_STRATEGY=off\n',
    );
    expect(node.units.get('locksmithd.service')).toEqual({ name: 'locksmithd.service', mask: true });
  });

  it('configures containerd the way Flatcar documents it, with mirrors as hosts.toml', () => {
    const config = parseToml(node.files.get('/etc/containerd/config.toml')!.text) as {
      version: number;
      plugins: Record<
        string,
        {
          sandbox_image: string;
          registry: { config_path: string };
          containerd: { runtimes: { runc: { options: { SystemdCgroup: boolean } } } };
        }
      >;
    };
    expect(config.version).toBe(2);
    expect(config.plugins['io.containerd.grpc.v1.cri']!.sandbox_image).toBe('registry.k8s.io/pause:3.10');
    expect(config.plugins['io.containerd.grpc.v1.cri']!.registry.config_path).toBe(
      CONTAINERD_CERTS_DIRECTORY,
    );
    expect(config.plugins['io.containerd.grpc.v1.cri']!.containerd.runtimes.runc.options.SystemdCgroup).toBe(
      true,
    );
    expect(node.dropin('containerd.service', '10-use-custom-config.conf')).toBe(
      '[Service]\nExecStart=\nExecStart=/usr/bin/containerd\n',
    );
    expect(parseToml(node.files.get('/etc/containerd/certs.d/docker.io/hosts.toml')!.text)).toEqual({
      server: 'https://registry-1.docker.io',
      host: { 'https://mirror.example': { capabilities: ['pull', 'resolve'] } },
    });
    const v3 = decodeNode(
      adapter.provision(pool({ adapterOptions: { flatcar: { containerdVersion: '2.0' } } })).artifacts[0]!
        .contents,
    );
    expect(
      (parseToml(v3.files.get('/etc/containerd/config.toml')!.text) as { version: number }).version,
    ).toBe(3);
  });

  it('writes users, sysctls, modules, kernel arguments, NTP, proxy, CAs and the host name', () => {
    expect(node.config.passwd!.users).toEqual([
      { name: 'ops', groups: ['sudo'], sshAuthorizedKeys: [full.spec.os.users[0]!.sshAuthorizedKeys[0]!] },
    ]);
    expect(node.files.get('/etc/sysctl.d/90-kubenode.conf')!.text).toBe(
      '# Written by kubenode\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\nvm.max_map_count = 262144\n',
    );
    expect(node.files.get('/etc/modules-load.d/90-kubenode.conf')!.text).toBe(
      '# Written by kubenode\nbr_netfilter\noverlay\n',
    );
    expect(node.config.kernelArguments).toEqual({ shouldExist: ['systemd.unified_cgroup_hierarchy=1'] });
    expect(node.files.get('/etc/systemd/timesyncd.conf.d/90-kubenode.conf')!.text).toBe(
      '[Time]\nNTP=time.example\n',
    );
    for (const unit of [
      'containerd.service',
      'kubelet.service',
      'kubeadm.service',
      'systemd-sysupdate.service',
    ]) {
      expect(node.dropin(unit, '50-kubenode-proxy.conf'), unit).toContain(
        'Environment="HTTPS_PROXY=http://proxy.example:3128"',
      );
      expect(node.dropin(unit, '50-kubenode-proxy.conf'), unit).toContain(
        'Environment="NO_PROXY=10.0.0.0/8,.svc,.cluster.local"',
      );
    }
    expect(node.dropin('update-engine.service', '50-proxy.conf')).toBe(
      '[Service]\nEnvironment="ALL_PROXY=http://proxy.example:3128"\nEnvironment="NO_PROXY=10.0.0.0/8,.svc,.cluster.local"\n',
    );
    expect(node.config.ignition.proxy).toEqual({
      httpProxy: 'http://proxy.example:3128',
      httpsProxy: 'http://proxy.example:3128',
      noProxy: ['10.0.0.0/8', '.svc', '.cluster.local'],
    });
    const cas = [...node.files.entries()].filter(([path]) => path.startsWith('/etc/ssl/certs/'));
    expect(cas).toHaveLength(1);
    expect(cas[0]![1].text).toBe(`${full.spec.os.caCerts[0]!.trim()}\n`);
    expect(node.units.get('kubenode-update-ca-certificates.service')!.contents).toContain(
      'ExecStart=/usr/sbin/update-ca-certificates',
    );
    expect(node.config.ignition.security!.tls!.certificateAuthorities).toHaveLength(1);
    expect(node.files.get('/etc/hostname')!.text).toBe('worker-1.example.com\n');
  });

  it("lets the pool's own files and units override kubenode's by path and name (a file at the join configuration's path is refused: see flatcar-pool-restrictions.test.ts)", () => {
    const custom = decodeNode(
      adapter.provision(
        pool({
          os: {
            hostname: 'from-spec',
            files: [{ path: '/etc/hostname', contents: 'from-file\n' }],
            units: [
              {
                name: 'kubeadm.service',
                dropins: [{ name: '90-wait.conf', contents: '[Unit]\nAfter=time-sync.target\n' }],
              },
            ],
          },
        }),
      ).artifacts[0]!.contents,
    );
    expect(custom.files.get('/etc/hostname')!.text).toBe('from-file\n');
    expect(custom.files.get(JOIN_CONFIGURATION_PATH)!.text).toContain('kind: JoinConfiguration');
    expect(custom.units.get('kubeadm.service')!.contents).toContain('kubeadm join');
    expect(custom.dropin('kubeadm.service', '90-wait.conf')).toBe('[Unit]\nAfter=time-sync.target\n');
  });

  it('writes Ignition 3.4.0 or 3.5.0 on request', () => {
    for (const ignitionVersion of ['3.4.0', '3.5.0'] as const) {
      const result = adapter.provision(pool({ adapterOptions: { flatcar: { ignitionVersion } } }));
      expect(JSON.parse(result.artifacts[0]!.contents).ignition.version).toBe(ignitionVersion);
      expect(adapter.validate(result)).toEqual([]);
    }
  });
});

describe('provision: refusals and secrets', () => {
  it('refuses packages, naming systemd-sysext as the alternative', () => {
    let error: unknown;
    try {
      adapter.provision(canonicalPool('packages', 'flatcar'));
    } catch (caught) {
      error = caught;
    }
    expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
    expect((error as UnsupportedFeatureError).field).toBe('spec.os.packages');
    expect((error as UnsupportedFeatureError).alternative).toMatch(/systemd-sysext/);
    expect(() => adapter.provision(canonicalPool('root-disk-fixed', 'flatcar'))).toThrow(/ROOT partition/);
  });

  it('reports invalid adapter options with their path, without the bootstrap token', () => {
    let error: unknown;
    try {
      adapter.provision(pool({ adapterOptions: { flatcar: { ignitionVersion: '3.6.0', bogus: 1 } } }));
    } catch (caught) {
      error = caught;
    }
    expect(SpecValidationError.isInstance(error)).toBe(true);
    const issues = (error as SpecValidationError).issues.map((issue) => issue.path.join('.'));
    expect(issues).toContain('spec.adapterOptions.flatcar.ignitionVersion');
    expect((error as Error).message).not.toContain(TEST_BOOTSTRAP_TOKEN);
    expect(KubenodeError.isInstance(error)).toBe(true);
  });

  it('marks the artifact as secret and keeps secrets out of warnings', () => {
    const result = adapter.provision(canonicalPool('secret-file', 'flatcar'), { platform: 'aws' });
    expect(result.artifacts[0]!.containsSecrets).toBe(true);
    const text = JSON.stringify(result.warnings);
    expect(text).not.toContain(TEST_BOOTSTRAP_TOKEN);
    expect(text).not.toContain('PRIVATE KEY');
    const node = decodeNode(result.artifacts[0]!.contents);
    const secret = [...node.files.values()].find((file) =>
      file.text.includes(TEST_PRIVATE_KEY.trim().split('\n')[1]!),
    );
    expect(secret?.mode).toBe(0o600);
  });

  it('warns when the config exceeds the platform user-data limit', () => {
    // 20 KB that gzip cannot shrink (a sha256 chain), so the config must exceed EC2's 16 KB.
    const noise = Buffer.concat(
      Array.from({ length: 640 }, (_, i) => createHash('sha256').update(String(i)).digest()),
    );
    const big = pool({
      os: { files: [{ path: '/etc/big', contents: noise.toString('base64'), encoding: 'base64' }] },
    });
    expect(adapter.provision(big, { platform: 'aws' }).warnings.map((w) => w.code)).toContain(
      'user-data-size',
    );
    expect(adapter.provision(big, { platform: 'gcp' }).warnings.map((w) => w.code)).not.toContain(
      'user-data-size',
    );
  });
});
