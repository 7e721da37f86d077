import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  collectSecrets,
  KubenodeError,
  NODE_POOL_FEATURES,
  renderKubeletConfiguration,
  SpecValidationError,
  UnsupportedFeatureError,
  validateNodePool,
  type NodePool,
  type NodePoolFeature,
  type NodePoolInput,
} from '@kubenode/core';
import {
  CANONICAL_POOLS,
  canonicalPool,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_SSH_KEY_ED25519,
} from '@kubenode/testkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createK3os } from './k3os-adapter.js';
import { parseK3osConfig, validateK3osConfigText } from './k3os-config-validator.js';
import { pyYamlLoad } from '../test/pyyaml.js';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const adapter = createK3os();
const caHash = createHash('sha256').update(TEST_CLUSTER_CA).digest('hex');

function render(pool: NodePool) {
  const result = adapter.provision(pool);
  expect(result.artifacts).toHaveLength(1);
  const [artifact] = result.artifacts;
  expect(artifact).toMatchObject({
    name: 'config.yaml',
    role: 'user-data',
    mediaType: 'application/yaml',
    containsSecrets: true,
  });
  const config = pyYamlLoad(artifact!.contents) as Table;
  // Read the same by YAML 1.1 (PyYAML, like k3OS's Go reader) and by YAML 1.2.
  expect(parseK3osConfig(artifact!.contents).config).toEqual(config);
  expect(parse(artifact!.contents)).toEqual(config);
  return { result, contents: artifact!.contents, config };
}

function withSpec(base: NodePool, spec: Record<string, unknown>): NodePool {
  const input = structuredClone(base) as unknown as NodePoolInput;
  return validateNodePool({ ...input, spec: { ...input.spec, ...spec } } as NodePoolInput);
}

function fileAt(config: Table, path: string): Table {
  const file = (config.write_files as Table[] | undefined)?.find((candidate) => candidate.path === path);
  expect(file, path).toBeDefined();
  return file!;
}

function expectFeature(feature: NodePoolFeature, pool: NodePool, config: Table): void {
  const { kubernetes, runtime, os } = pool.spec;
  const args = config.k3os.k3s_args as string[];
  switch (feature) {
    case 'kubernetes.nodeLabels':
      expect(config.k3os.labels).toEqual({ ...kubernetes.nodeLabels, 'k3os.io/upgrade': 'disabled' });
      return;
    case 'kubernetes.nodeTaints':
      expect(config.k3os.taints).toEqual(
        kubernetes.nodeTaints.map((t) =>
          t.value === undefined ? `${t.key}:${t.effect}` : `${t.key}=${t.value}:${t.effect}`,
        ),
      );
      return;
    case 'kubernetes.maxPods':
      expect(args).toContain(`--kubelet-arg=max-pods=${kubernetes.maxPods}`);
      return;
    case 'kubernetes.clusterDNS':
      expect(args).toContain(`--kubelet-arg=cluster-dns=${kubernetes.clusterDNS.join(',')}`);
      return;
    case 'kubernetes.kubelet': {
      const file = fileAt(config, '/etc/rancher/k3s/kubenode-kubelet.yaml');
      expect(parse(file.content)).toEqual(renderKubeletConfiguration(pool));
      // Nested maps sorted, so input order never shows.
      expect(file.content.indexOf('memory.available')).toBeLessThan(file.content.indexOf('nodefs.available'));
      expect(args).toContain('--kubelet-arg=config=/etc/rancher/k3s/kubenode-kubelet.yaml');
      return;
    }
    case 'runtime.registryMirrors':
      expect(parse(fileAt(config, '/etc/rancher/k3s/registries.yaml').content)).toEqual({
        mirrors: Object.fromEntries(
          Object.entries(runtime.registryMirrors).map(([registry, endpoint]) => [registry, { endpoint }]),
        ),
      });
      return;
    case 'runtime.sandboxImage':
      expect(args).toContain(`--pause-image=${runtime.sandboxImage}`);
      return;
    case 'os.hostname':
      expect(config.hostname).toBe(os.hostname);
      return;
    case 'os.users':
      expect(config.ssh_authorized_keys).toEqual(os.users.flatMap((user) => user.sshAuthorizedKeys));
      return;
    case 'os.users.passwordHash':
      expect(config.k3os.password).toBe(os.users[0]!.passwordHash);
      return;
    case 'os.files':
      for (const file of os.files) {
        const written = fileAt(config, file.path);
        expect(written.content).toBe(file.contents); // byte-identical, hostile strings included
        expect(written.encoding).toBe(file.encoding === 'base64' ? 'b64' : '');
        expect(written.permissions).toBe(file.mode.toString(8).padStart(4, '0'));
        expect(written.owner).toBe(`${file.owner}:${file.group}`);
      }
      return;
    case 'os.sysctls':
      expect(config.k3os.sysctls).toEqual(os.sysctls);
      return;
    case 'os.kernelModules':
      expect(config.k3os.modules).toEqual(os.kernelModules);
      return;
    case 'os.ntpServers':
      expect(config.k3os.ntp_servers).toEqual(os.ntpServers);
      return;
    case 'os.proxy':
      expect(config.k3os.environment).toEqual({
        HTTP_PROXY: os.proxy.http,
        http_proxy: os.proxy.http,
        HTTPS_PROXY: os.proxy.https,
        https_proxy: os.proxy.https,
        NO_PROXY: os.proxy.noProxy.join(','),
        no_proxy: os.proxy.noProxy.join(','),
      });
      return;
    case 'os.caCerts': {
      const files = (config.write_files as Table[]).filter((file) =>
        file.path.startsWith('/usr/local/share/ca-certificates/'),
      );
      expect(files.map((file) => file.content)).toEqual([TEST_EXTRA_CA]);
      expect(files[0]!.path).toMatch(/^\/usr\/local\/share\/ca-certificates\/kubenode-[0-9a-f]{16}\.crt$/);
      expect(config.boot_cmd).toEqual(['update-ca-certificates']);
      return;
    }
    default:
      throw new Error(`${feature} is declared unsupported`);
  }
}

describe('k3OS provisioning of the canonical pools', () => {
  it.each(CANONICAL_POOLS.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    const pool = canonicalPool(id, 'k3os');
    const unsupported = entry.features.filter(
      (feature) => adapter.capabilities.features[feature].level === 'unsupported',
    );
    let outcome: ReturnType<typeof render> | undefined;
    let error: unknown;
    try {
      outcome = render(pool);
    } catch (caught) {
      error = caught;
    }
    if (unsupported.length > 0) {
      expect(UnsupportedFeatureError.isInstance(error), String(error)).toBe(true);
      expect(unsupported.map((feature) => `spec.${feature}`)).toContain(
        (error as UnsupportedFeatureError).field,
      );
      return;
    }
    if (error !== undefined) {
      expect(UnsupportedFeatureError.isInstance(error), String(error)).toBe(true);
      const field = (error as UnsupportedFeatureError).field;
      const restricted = entry.features.filter((feature) => {
        const support = adapter.capabilities.features[feature];
        return support.level !== 'unsupported' && support.restrictions !== undefined;
      });
      expect(
        restricted.some((feature) => field.startsWith(`spec.${feature}`)),
        field,
      ).toBe(true);
      return;
    }
    const { config, contents, result } = outcome!;
    expect(config.k3os.server_url).toBe(pool.spec.kubernetes.apiServer);
    expect(config.k3os.token).toBe(`K10${caHash}::node:${pool.spec.kubernetes.bootstrapToken}`);
    expect(config.k3os.k3s_args[0]).toBe('agent');
    for (const feature of entry.features) expectFeature(feature, pool, config);
    expect(validateK3osConfigText(contents)).toEqual([]);
    expect(adapter.validate(result)).toEqual([]);
    // Every render says k3OS is end of life; these pools ask for a Kubernetes k3OS never shipped.
    expect(result.warnings.map((warning) => warning.code)).toEqual(['end-of-life', 'kubernetes-version']);
    expect(contents).toMatch(/^# k3OS is end of life/m);
    expect(adapter.provision(pool).artifacts[0]!.contents).toBe(contents);
  });

  it('covers every feature', () => {
    const covered = new Set(CANONICAL_POOLS.flatMap((entry) => entry.features));
    expect(NODE_POOL_FEATURES.filter((feature) => !covered.has(feature))).toEqual([]);
  });
});

const base = canonicalPool('minimal', 'k3os');

describe('k3OS specifics', () => {
  it('warns about end of life only, for a Kubernetes version k3OS ships', () => {
    const pool = withSpec(base, { kubernetes: { ...base.spec.kubernetes, version: '1.22.2' } });
    expect(render(pool).result.warnings).toEqual([
      { code: 'end-of-life', message: expect.stringMatching(/^k3OS is end of life/) },
    ]);
    const older = withSpec(base, { kubernetes: { ...base.spec.kubernetes, version: '1.21.5' } });
    expect(render(older).result.warnings[1]!.message).toMatch(
      /pin spec\.adapterOptions\.k3os\.release to a release of Kubernetes 1\.21 \(v0\.21\.x\)/,
    );
    const pinned = withSpec(older, { adapterOptions: { k3os: { release: 'v0.21.5-k3s2r1' } } });
    expect(render(pinned).result.warnings.map((warning) => warning.code)).toEqual(['end-of-life']);
  });

  it('renders the k3s secure token in both formats', () => {
    const bootstrap = withSpec(base, { adapterOptions: { k3os: { tokenFormat: 'bootstrap-token' } } });
    expect(render(bootstrap).config.k3os.token).toBe(`K10${caHash}::${base.spec.kubernetes.bootstrapToken}`);
  });

  it('takes the rancher user with keys and a password hash, and refuses other users', () => {
    const pool = withSpec(base, {
      os: {
        users: [
          { name: 'rancher', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519], passwordHash: TEST_PASSWORD_HASH },
        ],
      },
    });
    const { config } = render(pool);
    expect(config.ssh_authorized_keys).toEqual([TEST_SSH_KEY_ED25519]);
    expect(config.k3os.password).toBe(TEST_PASSWORD_HASH);
    for (const [users, field] of [
      [[{ name: 'ops' }], 'spec.os.users[0].name'],
      [[{ name: 'rancher', groups: ['wheel'] }], 'spec.os.users[0].groups'],
      [[{ name: 'rancher', shell: '/bin/bash' }], 'spec.os.users[0].shell'],
    ] as const) {
      try {
        adapter.provision(withSpec(base, { os: { users } }));
        throw new Error('expected a refusal');
      } catch (error) {
        expect((error as UnsupportedFeatureError).field).toBe(field);
      }
    }
  });

  it('refuses the wildcard mirror but takes named ones', () => {
    const named = withSpec(base, { runtime: { registryMirrors: { 'docker.io': ['https://m.example'] } } });
    expectFeature('runtime.registryMirrors', named, render(named).config);
    try {
      adapter.provision(withSpec(base, { runtime: { registryMirrors: { '*': ['https://m.example'] } } }));
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as UnsupportedFeatureError).field).toBe('spec.runtime.registryMirrors["*"]');
    }
  });

  it('hands upgrades to kubenode or to the system-upgrade-controller, and takes k3OS-only options', () => {
    const pool = withSpec(base, {
      adapterOptions: {
        k3os: {
          upgrade: 'system-upgrade-controller',
          dataSources: ['openstack', 'cdrom'],
          dnsNameservers: ['10.0.0.53'],
        },
      },
    });
    const { config } = render(pool);
    expect(config.k3os.labels).toEqual({ 'k3os.io/upgrade': 'enabled' });
    expect(config.k3os.data_sources).toEqual(['openstack', 'cdrom']);
    expect(config.k3os.dns_nameservers).toEqual(['10.0.0.53']);
    expect(() =>
      adapter.provision(withSpec(base, { adapterOptions: { k3os: { dataSources: ['azure'] } } })),
    ).toThrow(SpecValidationError);
  });

  it('passes init_cmd, boot_cmd and run_cmd through as data, hostile text included', () => {
    const hostile = 'echo "$(id)" \'quoted\' # not a comment: key: value\n---';
    const pool = withSpec(canonicalPool('ca-certs', 'k3os'), {
      adapterOptions: {
        k3os: { initCmd: ['modprobe dm_crypt'], bootCmd: [hostile], runCmd: ['echo yes', '0644'] },
      },
    });
    const { config } = render(pool);
    expect(config.init_cmd).toEqual(['modprobe dm_crypt']);
    expect(config.boot_cmd).toEqual(['update-ca-certificates', hostile]);
    expect(config.run_cmd).toEqual(['echo yes', '0644']);
    expect(Object.keys(config).sort()).toEqual(['boot_cmd', 'init_cmd', 'k3os', 'run_cmd', 'write_files']);
  });

  it('renders the same bytes whatever the key order of the input, nested maps included', () => {
    const pool = canonicalPool('kubelet-config', 'k3os');
    const reverse = (map: Record<string, unknown>) => Object.fromEntries(Object.entries(map).reverse());
    const kubelet = pool.spec.kubernetes.kubelet as Record<string, Record<string, unknown>>;
    const reversed = withSpec(pool, {
      kubernetes: {
        ...pool.spec.kubernetes,
        kubelet: reverse({
          ...kubelet,
          evictionHard: reverse(kubelet.evictionHard!),
          systemReserved: reverse(kubelet.systemReserved!),
        }),
      },
    });
    expect(adapter.provision(reversed).artifacts[0]!.contents).toBe(
      adapter.provision(pool).artifacts[0]!.contents,
    );
  });

  it('never puts secrets into errors or warnings', () => {
    for (const entry of CANONICAL_POOLS) {
      const pool = canonicalPool(entry.id, 'k3os');
      let text: string;
      try {
        text = JSON.stringify(adapter.provision(pool).warnings);
      } catch (error) {
        expect(KubenodeError.isInstance(error), String(error)).toBe(true);
        text = (error as Error).message;
      }
      for (const secret of collectSecrets(pool)) expect(text).not.toContain(secret);
    }
  });
});

describe('goldens', () => {
  const update = process.env.KUBENODE_UPDATE_GOLDENS === '1';
  it.each(['minimal', 'labels-taints', 'network', 'kubelet-config', 'hostile-strings'])('%s.yaml', (id) => {
    const contents = adapter.provision(canonicalPool(id, 'k3os')).artifacts[0]!.contents;
    const file = new URL(`../golden/${id}.yaml`, import.meta.url);
    if (update) writeFileSync(file, contents);
    expect(contents).toBe(readFileSync(file, 'utf8'));
  });
});
