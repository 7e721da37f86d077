import { readFileSync, writeFileSync } from 'node:fs';
import {
  collectSecrets,
  featureInUse,
  KubenodeError,
  NODE_POOL_FEATURES,
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
  HOSTILE_TEXT,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_SSH_KEY_ED25519,
  TEST_SSH_KEY_RSA,
} from '@kubenode/testkit';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { createBottlerocket } from './bottlerocket-adapter.js';
import { effectiveKubeletConfiguration } from './bottlerocket-kubelet-fields.js';
import { kernelCommandLine } from './bottlerocket-provision.js';
import { validateBottlerocketUserData } from './bottlerocket-settings-validator.js';

type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const adapter = createBottlerocket();
const b64 = (text: string) => Buffer.from(text).toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

function render(pool: NodePool, context = {}) {
  const result = adapter.provision(pool, context);
  expect(result.artifacts).toHaveLength(1);
  const [artifact] = result.artifacts;
  expect(artifact!.name).toBe('user-data.toml');
  expect(artifact!.role).toBe('user-data');
  expect(artifact!.mediaType).toBe('application/toml');
  return {
    result,
    contents: artifact!.contents,
    settings: (parse(artifact!.contents) as Table).settings as Table,
  };
}

function withSpec(base: NodePool, spec: Record<string, unknown>): NodePool {
  const input = structuredClone(base) as unknown as NodePoolInput;
  return validateNodePool({ ...input, spec: { ...input.spec, ...spec } } as NodePoolInput);
}

/** Asserts that a supported feature's values are in the parsed settings, exactly. */
function expectFeature(feature: NodePoolFeature, pool: NodePool, settings: Table): void {
  const { kubernetes, runtime, os } = pool.spec;
  switch (feature) {
    case 'kubernetes.nodeLabels':
      expect(settings.kubernetes['node-labels']).toEqual(kubernetes.nodeLabels);
      return;
    case 'kubernetes.nodeTaints': {
      const expected: Record<string, string[]> = {};
      for (const taint of kubernetes.nodeTaints)
        (expected[taint.key] ??= []).push(`${taint.value ?? ''}:${taint.effect}`);
      expect(settings.kubernetes['node-taints']).toEqual(expected);
      return;
    }
    case 'kubernetes.maxPods':
      expect(settings.kubernetes['max-pods']).toBe(kubernetes.maxPods);
      return;
    case 'kubernetes.clusterDNS':
      expect(settings.kubernetes['cluster-dns-ip']).toEqual(kubernetes.clusterDNS);
      return;
    case 'kubernetes.kubelet': {
      const effective = effectiveKubeletConfiguration({ settings });
      for (const [field, value] of Object.entries(kubernetes.kubelet))
        expect(effective[field], field).toEqual(value);
      return;
    }
    case 'runtime.registryMirrors':
      expect(settings['container-registry'].mirrors).toEqual(
        Object.keys(runtime.registryMirrors)
          .sort()
          .map((registry) => ({ registry, endpoint: runtime.registryMirrors[registry] })),
      );
      return;
    case 'os.hostname':
      expect(settings.network.hostname).toBe(os.hostname);
      return;
    case 'os.users': {
      const admin = settings['host-containers'].admin;
      expect(admin.enabled).toBe(true);
      expect(JSON.parse(unb64(admin['user-data']))).toEqual({
        user: os.users[0]!.name,
        ssh: { 'authorized-keys': os.users[0]!.sshAuthorizedKeys },
      });
      return;
    }
    case 'os.sysctls':
      expect(settings.kernel.sysctl).toEqual(os.sysctls);
      return;
    case 'os.kernelModules':
      expect(settings.kernel.modules).toEqual(
        Object.fromEntries(os.kernelModules.map((name) => [name, { allowed: true, autoload: true }])),
      );
      return;
    case 'os.kernelArgs':
      expect(kernelCommandLine({ settings }).split(' ').sort()).toEqual([...os.kernelArgs].sort());
      expect(settings.boot['reboot-to-reconcile']).toBe(true);
      return;
    case 'os.ntpServers':
      expect(settings.ntp['time-servers']).toEqual(os.ntpServers);
      return;
    case 'os.proxy':
      expect(settings.network['https-proxy']).toBe(os.proxy.https);
      expect(settings.network['no-proxy']).toEqual(os.proxy.noProxy);
      return;
    case 'os.caCerts': {
      const bundles = Object.entries(settings.pki as Table);
      expect(bundles.map(([name]) => name)).toEqual([expect.stringMatching(/^kubenode-[0-9a-f]{16}$/)]);
      expect(unb64(bundles[0]![1].data)).toBe(TEST_EXTRA_CA);
      expect(bundles[0]![1].trusted).toBe(true);
      return;
    }
    default:
      throw new Error(`feature ${feature} is declared unsupported and cannot render`);
  }
}

describe('Bottlerocket provisioning of the canonical pools', () => {
  it.each(CANONICAL_POOLS.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    const pool = canonicalPool(id, 'bottlerocket');
    const unsupported = entry.features.filter(
      (feature) => adapter.capabilities.features[feature].level === 'unsupported',
    );
    const restricted = entry.features.filter((feature) => {
      const support = adapter.capabilities.features[feature];
      return support.level !== 'unsupported' && support.restrictions !== undefined;
    });
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
      expect((error as UnsupportedFeatureError).alternative.length).toBeGreaterThan(10);
      return;
    }
    if (error !== undefined) {
      // Only a restricted feature may refuse, and only below the feature's own path.
      expect(UnsupportedFeatureError.isInstance(error), String(error)).toBe(true);
      const field = (error as UnsupportedFeatureError).field;
      expect(
        restricted.some((feature) => field.startsWith(`spec.${feature}`)),
        field,
      ).toBe(true);
      return;
    }
    const { settings, contents, result } = outcome!;
    // The join: API server, CA (base64 PEM), TLS bootstrap with the token on metal.
    expect(settings.kubernetes['api-server']).toBe(pool.spec.kubernetes.apiServer);
    expect(unb64(settings.kubernetes['cluster-certificate'])).toBe(TEST_CLUSTER_CA);
    expect(settings.kubernetes['authentication-mode']).toBe('tls');
    expect(settings.kubernetes['bootstrap-token']).toBe(pool.spec.kubernetes.bootstrapToken);
    expect(settings.updates).toEqual({ 'ignore-waves': true, 'version-lock': 'latest' });
    expect(contents).toMatch(
      new RegExp(
        `^# variant: metal-k8s-${pool.spec.kubernetes.version.split('.').slice(0, 2).join('\\.')}$`,
        'm',
      ),
    );
    for (const feature of entry.features) expectFeature(feature, pool, settings);
    // Nothing the pool does not ask for.
    const expectedSections = new Set(['kubernetes', 'updates']);
    if (featureInUse(pool, 'runtime.registryMirrors')) expectedSections.add('container-registry');
    if (featureInUse(pool, 'os.sysctls') || featureInUse(pool, 'os.kernelModules'))
      expectedSections.add('kernel');
    if (featureInUse(pool, 'os.kernelArgs')) expectedSections.add('boot');
    if (featureInUse(pool, 'os.hostname') || featureInUse(pool, 'os.proxy')) expectedSections.add('network');
    if (featureInUse(pool, 'os.ntpServers')) expectedSections.add('ntp');
    if (featureInUse(pool, 'os.caCerts')) expectedSections.add('pki');
    expect(Object.keys(settings).sort()).toEqual([...expectedSections].sort());
    // The settings model accepts it, as does the adapter's own validator.
    expect(
      validateBottlerocketUserData(contents, {
        variant: `metal-k8s-${pool.spec.kubernetes.version.split('.').slice(0, 2).join('.')}`,
      }),
    ).toEqual([]);
    expect(adapter.validate(result)).toEqual([]);
    expect(result.artifacts[0]!.containsSecrets).toBe(true);
    // Byte-identical on a second render.
    expect(adapter.provision(pool).artifacts[0]!.contents).toBe(contents);
  });

  it('covers every declared capability with at least one rendered or refused pool', () => {
    const covered = new Set(CANONICAL_POOLS.flatMap((entry) => entry.features));
    expect(NODE_POOL_FEATURES.filter((feature) => !covered.has(feature))).toEqual([]);
  });
});

const base = canonicalPool('minimal', 'bottlerocket');

describe('Bottlerocket variants and platforms', () => {
  it('derives the variant from the platform and the Kubernetes minor', () => {
    expect(render(base, { platform: 'vmware' }).contents).toMatch(/^# variant: vmware-k8s-1\.32$/m);
    expect(render(canonicalPool('kubernetes-1-30', 'bottlerocket')).contents).toMatch(
      /^# variant: metal-k8s-1\.30$/m,
    );
    expect(createBottlerocket({ defaultPlatform: 'vmware' }).provision(base).artifacts[0]!.contents).toMatch(
      /^# variant: vmware-k8s-1\.32$/m,
    );
  });

  it('joins AWS variants with IAM and the cluster name, not the bootstrap token', () => {
    const pool = withSpec(base, {
      image: { variant: 'aws-k8s-1.32' },
      kubernetes: { ...base.spec.kubernetes, clusterName: 'prod-eu' },
    });
    const { settings, result, contents } = render(pool);
    expect(settings.kubernetes['authentication-mode']).toBe('aws');
    expect(settings.kubernetes['cluster-name']).toBe('prod-eu');
    expect(settings.kubernetes['bootstrap-token']).toBeUndefined();
    expect(contents).not.toContain(base.spec.kubernetes.bootstrapToken);
    expect(result.artifacts[0]!.containsSecrets).toBe(false);
    expect(result.warnings.map((warning) => warning.code)).toEqual(['bootstrap-token-unused']);
    expect(validateBottlerocketUserData(contents, { variant: 'aws-k8s-1.32' })).toEqual([]);
  });

  it('joins AWS variants with the token when asked (authentication-mode tls)', () => {
    const pool = withSpec(base, {
      image: { variant: 'aws-k8s-1.32-nvidia' },
      kubernetes: { ...base.spec.kubernetes, clusterName: 'prod-eu' },
      adapterOptions: { bottlerocket: { authenticationMode: 'tls' } },
    });
    const { settings, contents } = render(pool, { platform: 'aws' });
    expect(settings.kubernetes['authentication-mode']).toBe('tls');
    expect(settings.kubernetes['bootstrap-token']).toBe(base.spec.kubernetes.bootstrapToken);
    expect(validateBottlerocketUserData(contents, { variant: 'aws-k8s-1.32-nvidia' })).toEqual([]);
  });

  it('refuses what cannot match: versions, names, platforms, IAM off AWS, a missing cluster name', () => {
    const issue = (pool: NodePool, context = {}) => {
      try {
        adapter.provision(pool, context);
      } catch (error) {
        expect(SpecValidationError.isInstance(error), String(error)).toBe(true);
        return (error as SpecValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      }
      throw new Error('expected a SpecValidationError');
    };
    expect(issue(withSpec(base, { image: { variant: 'metal-k8s-1.31' } }))).toEqual([
      "spec.image.variant: 'metal-k8s-1.31' runs Kubernetes 1.31, but spec.kubernetes.version is 1.32.4; use metal-k8s-1.32",
    ]);
    expect(issue(withSpec(base, { image: { variant: 'aws-ecs-2' } }))).toEqual([
      "spec.image.variant: 'aws-ecs-2' runs ECS, not Kubernetes; choose a *-k8s-1.32 variant",
    ]);
    expect(issue(withSpec(base, { image: { variant: 'metal-k8s-1.32-turbo' } }))[0]).toMatch(
      /not a Bottlerocket Kubernetes variant/,
    );
    expect(issue(withSpec(base, { image: { variant: 'metal-k8s-1.32' } }), { platform: 'aws' })).toEqual([
      "spec.image.variant: 'metal-k8s-1.32' is a metal variant, but the render platform is aws",
    ]);
    expect(issue(withSpec(base, { image: { variant: 'aws-k8s-1.32' } }))).toEqual([
      'spec.kubernetes.clusterName: required for aws-k8s-1.32: Bottlerocket on AWS needs the cluster name (settings.kubernetes.cluster-name)',
    ]);
    expect(
      issue(withSpec(base, { adapterOptions: { bottlerocket: { authenticationMode: 'aws' } } }))[0],
    ).toMatch(
      /^spec\.adapterOptions\.bottlerocket\.authenticationMode: authentication-mode "aws" \(IAM\) needs an aws variant/,
    );
    expect(
      issue(
        withSpec(base, {
          image: { variant: 'metal-k8s-1.32' },
          adapterOptions: { bottlerocket: { variant: 'vmware-k8s-1.32' } },
        }),
      ),
    ).toEqual([
      "spec.adapterOptions.bottlerocket.variant: 'vmware-k8s-1.32' differs from spec.image.variant 'metal-k8s-1.32'; set one of them",
    ]);
    expect(issue(withSpec(base, { image: { version: '1.9.0' } }))[0]).toMatch(
      /^spec\.image\.version: the settings documentation starts at 1\.14\.x/,
    );
  });

  it('pins the update version to spec.image.version and takes update options', () => {
    const pool = withSpec(base, {
      image: { version: '1.26.1' },
      adapterOptions: {
        bottlerocket: {
          updates: {
            ignoreWaves: false,
            seed: 1625,
            metadataBaseUrl: 'https://tuf.example/meta/',
            targetsBaseUrl: 'https://tuf.example/targets/',
          },
        },
      },
    });
    const { settings, contents } = render(pool);
    expect(settings.updates).toEqual({
      'ignore-waves': false,
      'version-lock': 'v1.26.1',
      seed: 1625,
      'metadata-base-url': 'https://tuf.example/meta/',
      'targets-base-url': 'https://tuf.example/targets/',
    });
    expect(contents).toMatch(/^# settings model: Bottlerocket 1\.26\.1$/m);
  });
});

describe('Bottlerocket users, proxy and kubelet fields', () => {
  it('turns the user and its SSH keys into the admin container user data', () => {
    const pool = withSpec(base, {
      os: { users: [{ name: 'ec2-user', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519, TEST_SSH_KEY_RSA] }] },
    });
    const { settings } = render(pool);
    expectFeature('os.users', pool, settings);
    expect(settings['host-containers'].admin['user-data']).toBe(
      b64(
        JSON.stringify({
          user: 'ec2-user',
          ssh: { 'authorized-keys': [TEST_SSH_KEY_ED25519, TEST_SSH_KEY_RSA] },
        }),
      ),
    );
  });

  it('names any single admin user; refuses a second user, groups and shells, naming the field', () => {
    const named = render(
      withSpec(base, { os: { users: [{ name: 'ops', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519] }] } }),
    );
    expect(
      JSON.parse(
        Buffer.from(named.settings['host-containers'].admin['user-data'], 'base64').toString('utf8'),
      ),
    ).toEqual({
      user: 'ops',
      ssh: { 'authorized-keys': [TEST_SSH_KEY_ED25519] },
    });
    const refused = (users: unknown[]) => {
      try {
        adapter.provision(withSpec(base, { os: { users } }));
      } catch (error) {
        expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
        return (error as UnsupportedFeatureError).field;
      }
      throw new Error('expected a refusal');
    };
    expect(refused([{ name: 'ops', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519] }, { name: 'audit' }])).toBe(
      'spec.os.users[1].name',
    );
    expect(refused([{ name: 'ec2-user', groups: ['wheel'] }])).toBe('spec.os.users[0].groups');
    expect(refused([{ name: 'ec2-user', shell: '/bin/zsh' }])).toBe('spec.os.users[0].shell');
  });

  it('has one proxy: http must be null or equal to https', () => {
    const only = withSpec(base, { os: { proxy: { https: 'http://p.example:3128', noProxy: ['.svc'] } } });
    expect(render(only).settings.network).toEqual({
      'https-proxy': 'http://p.example:3128',
      'no-proxy': ['.svc'],
    });
    try {
      adapter.provision(
        withSpec(base, { os: { proxy: { http: 'http://a.example:3128', https: 'http://b.example:3128' } } }),
      );
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as UnsupportedFeatureError).field).toBe('spec.os.proxy.http');
    }
  });

  it('maps modeled kubelet fields, accepts values Bottlerocket fixes, refuses the rest', () => {
    const kubelet = (fields: Record<string, unknown>) =>
      withSpec(base, { kubernetes: { ...base.spec.kubernetes, kubelet: fields } });
    const { settings } = render(
      kubelet({
        kubeReserved: { cpu: '250m', memory: '1Gi', pid: 1000 },
        cpuManagerPolicyOptions: { 'full-pcpus-only': 'true' },
        registryPullQPS: 10,
        cgroupDriver: 'systemd',
        runtimeRequestTimeout: '15m0s',
        singleProcessOOMKill: true,
      }),
    );
    expect(settings.kubernetes['kube-reserved']).toEqual({ cpu: '250m', memory: '1Gi', pid: '1000' });
    expect(settings.kubernetes['cpu-manager-policy-options']).toEqual(['full-pcpus-only']);
    expect(settings.kubernetes['registry-qps']).toBe(10);
    expect(settings.kubernetes['single-process-oom-kill']).toBe(true);
    expect(settings.kubernetes.cgroupDriver).toBeUndefined();
    const refusal = (fields: Record<string, unknown>) => {
      try {
        adapter.provision(kubelet(fields));
      } catch (error) {
        expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
        return (error as UnsupportedFeatureError).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ featureGates: { Foo: true } })).toMatch(
      /^spec\.kubernetes\.kubelet\.featureGates: Bottlerocket configures the kubelet only through modeled settings/,
    );
    expect(refusal({ serializeImagePulls: true })).toMatch(
      /^spec\.kubernetes\.kubelet\.serializeImagePulls: Bottlerocket's kubelet configuration fixes serializeImagePulls to false on bottlerocket; instead: remove it; limit parallel pulls/,
    );
    try {
      adapter.provision(kubelet({ evictionHard: { 'memory.available': 'lots' } }));
      throw new Error('expected an error');
    } catch (error) {
      expect(SpecValidationError.isInstance(error)).toBe(true);
      expect((error as SpecValidationError).issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        [
          'spec.kubernetes.kubelet.evictionHard',
          'evictionHard."memory.available": expected a quantity (200Mi) or a percentage (10%) (Bottlerocket\'s settings.kubernetes.eviction-hard)',
        ],
      ]);
    }
  });

  it('warns about the user-data size limit of AWS', () => {
    const labels = Object.fromEntries(
      Array.from({ length: 300 }, (_, i) => [`node.example.com/label-${i}`, `value-${'x'.repeat(40)}`]),
    );
    const pool = withSpec(base, {
      image: { variant: 'aws-k8s-1.32' },
      kubernetes: { ...base.spec.kubernetes, clusterName: 'c', nodeLabels: labels },
    });
    const { result } = render(pool, { platform: 'aws' });
    expect(result.warnings.map((warning) => warning.code)).toContain('user-data-size');
  });
});

describe('extra settings (spec.adapterOptions.bottlerocket.settings)', () => {
  it('merges checked extra settings, including bootstrap containers for what files would do', () => {
    const pool = withSpec(base, {
      adapterOptions: {
        bottlerocket: {
          settings: {
            kernel: { lockdown: 'integrity' },
            'bootstrap-containers': {
              setup: {
                source: 'registry.example/setup:1',
                mode: 'once',
                essential: true,
                'user-data': b64('#!/bin/sh\n'),
              },
            },
          },
        },
      },
    });
    const { settings, contents } = render(pool);
    expect(settings.kernel).toEqual({ lockdown: 'integrity' });
    expect(settings['bootstrap-containers'].setup.mode).toBe('once');
    expect(validateBottlerocketUserData(contents, { variant: 'metal-k8s-1.32' })).toEqual([]);
  });

  it('keeps hostile strings as values: no key or table can be injected', () => {
    const hostileKey = 'x"]\n[settings.kubernetes]\napi-server = "https://evil"\n#';
    const pool = withSpec(base, { adapterOptions: { bottlerocket: { settings: { motd: HOSTILE_TEXT } } } });
    const { settings } = render(pool);
    expect(settings.motd).toBe(HOSTILE_TEXT);
    expect(settings.kubernetes['api-server']).toBe(base.spec.kubernetes.apiServer);
    try {
      adapter.provision(
        withSpec(base, {
          adapterOptions: {
            bottlerocket: {
              settings: {
                'static-pods': 1,
                kubernetes: { 'static-pods': { [hostileKey]: { enabled: true } } },
              },
            },
          },
        }),
      );
      throw new Error('expected an error');
    } catch (error) {
      expect(SpecValidationError.isInstance(error)).toBe(true);
      const text = (error as SpecValidationError).issues.map((i) => i.message).join('\n');
      expect(text).toMatch(/unknown settings section/);
      expect(text).toMatch(/invalid name/);
    }
  });

  it('refuses extra settings that kubenode renders from the pool, and invalid ones', () => {
    const errorOf = (settings: Record<string, unknown>) => {
      try {
        adapter.provision(withSpec(base, { adapterOptions: { bottlerocket: { settings } } }));
      } catch (error) {
        expect(SpecValidationError.isInstance(error)).toBe(true);
        return (error as SpecValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      }
      throw new Error('expected an error');
    };
    expect(errorOf({ kubernetes: { 'api-server': 'https://other:6443' } })).toEqual([
      'spec.adapterOptions.bottlerocket.settings.kubernetes.api-server: kubenode renders this setting from the NodePool; set it through the NodePool field instead',
    ]);
    expect(errorOf({ kubernetes: { 'max-pods': 'many' } })).toEqual([
      'spec.adapterOptions.bottlerocket.settings.kubernetes.max-pods: expected an integer from 1 to 4294967295, found a string',
    ]);
    expect(errorOf({ autoscaling: { 'should-wait': true } })).toEqual([
      'spec.adapterOptions.bottlerocket.settings.autoscaling: not part of the metal-k8s-1.32 settings model',
    ]);
  });
});

describe('determinism and secrets', () => {
  it('renders the same bytes whatever the input order', () => {
    const pool = canonicalPool('labels-taints', 'bottlerocket');
    const reversed = withSpec(pool, {
      kubernetes: {
        ...pool.spec.kubernetes,
        nodeLabels: Object.fromEntries(Object.entries(pool.spec.kubernetes.nodeLabels).reverse()),
      },
      os: { ...pool.spec.os, sysctls: { b: '2', a: '1' } },
    });
    const forward = withSpec(pool, { os: { ...pool.spec.os, sysctls: { a: '1', b: '2' } } });
    expect(adapter.provision(reversed).artifacts[0]!.contents).toBe(
      adapter.provision(forward).artifacts[0]!.contents,
    );
  });

  it('never puts secrets into errors or warnings', () => {
    for (const entry of CANONICAL_POOLS) {
      const pool = canonicalPool(entry.id, 'bottlerocket');
      const secrets = collectSecrets(pool);
      let text = '';
      try {
        const result = adapter.provision(
          withSpec(pool, {
            image: { variant: 'aws-k8s-1.32' },
            kubernetes: { ...pool.spec.kubernetes, clusterName: 'c' },
          }),
          {},
        );
        text = JSON.stringify(result.warnings);
      } catch (error) {
        expect(KubenodeError.isInstance(error), String(error)).toBe(true);
        text = String((error as Error).message);
      }
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe('goldens', () => {
  const update = process.env.KUBENODE_UPDATE_GOLDENS === '1';
  it.each(['minimal', 'labels-taints', 'kernel', 'network', 'ca-certs', 'kubelet-config'])(
    '%s.toml',
    (id) => {
      const contents = adapter.provision(canonicalPool(id, 'bottlerocket')).artifacts[0]!.contents;
      const file = new URL(`../golden/${id}.toml`, import.meta.url);
      if (update) writeFileSync(file, contents);
      expect(contents).toBe(readFileSync(file, 'utf8'));
    },
  );
});
