import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  UnsupportedFeatureError,
  type DistroAdapterV1,
  type NodePool,
  type ProvisioningResultV1,
} from '@kubenode/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMockDistroAdapter,
  type MockDistroAdapterSettings,
} from '../mock/create-mock-distro-adapter.js';
import type { ConformanceSuiteOptions } from './conformance-suite.js';
import { runAdapterConformance, type ConformanceReport } from './run-adapter-conformance.js';

// Each test breaks one promise of an otherwise honest adapter and checks that the suite fails
// the right case with a message that says what is wrong.

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});
function goldenDir(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-testkit-golden-'));
  directories.push(directory);
  return directory;
}

type Patch = (adapter: DistroAdapterV1, settings: MockDistroAdapterSettings | undefined) => DistroAdapterV1;

function brokenFactory(patch: Patch, base: MockDistroAdapterSettings = {}) {
  return (settings?: MockDistroAdapterSettings) => {
    const adapter = createMockDistroAdapter({ ...base, ...settings });
    return patch(adapter, settings);
  };
}

function withProvision(
  adapter: DistroAdapterV1,
  provision: (pool: NodePool) => ProvisioningResultV1,
): DistroAdapterV1 {
  return { ...adapter, provision };
}

async function run(
  factory: (settings?: MockDistroAdapterSettings) => DistroAdapterV1,
  only: readonly string[],
  options: Partial<ConformanceSuiteOptions<MockDistroAdapterSettings>> = {},
): Promise<ConformanceReport> {
  return runAdapterConformance(factory, { goldenDir: goldenDir(), ...options, only });
}

function failure(report: ConformanceReport, id: string): string {
  const result = report.results.find((candidate) => candidate.id === id);
  expect(result, `case ${id} was not run`).toBeDefined();
  expect(result!.status, `case ${id} passed but should fail`).toBe('failed');
  return result!.message ?? '';
}

describe('the conformance suite against deliberately broken adapters', () => {
  it('passes the honest mock adapter completely', async () => {
    const directory = goldenDir();
    await runAdapterConformance(createMockDistroAdapter, { goldenDir: directory, updateGoldens: true });
    const report = await runAdapterConformance(createMockDistroAdapter, { goldenDir: directory });
    expect(report.failures.map((result) => result.message)).toEqual([]);
    expect(report.results.length).toBeGreaterThan(100);
  });

  it('fails a feature declared native that provision refuses', async () => {
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) => {
        if (pool.spec.os.users.length > 0) {
          throw new UnsupportedFeatureError({
            field: 'spec.os.users',
            distro: adapter.id,
            alternative: 'none',
          });
        }
        return adapter.provision(pool);
      }),
    );
    const report = await run(factory, ['feature:os.users', 'honest:users-ssh']);
    expect(failure(report, 'feature:os.users')).toContain(
      'capabilities.features["os.users"] is declared native ("node.json spec.os.users"), but provision() refused spec.os.users',
    );
    expect(failure(report, 'honest:users-ssh')).toContain('declared native');
  });

  it('fails a feature declared unsupported that provision renders (silently dropped)', async () => {
    const honest = createMockDistroAdapter();
    const factory = brokenFactory((adapter) => withProvision(adapter, (pool) => honest.provision(pool)), {
      features: {
        'os.packages': { level: 'unsupported', reason: 'no package manager', alternative: 'bake them in' },
      },
    });
    const report = await run(factory, ['feature:os.packages', 'honest:packages']);
    expect(failure(report, 'feature:os.packages')).toContain(
      'capabilities.features["os.packages"] is declared unsupported ("no package manager"), but provision() rendered pool \'feature:os.packages\', which sets spec.os.packages, instead of throwing UnsupportedFeatureError',
    );
  });

  it('fails a supported feature whose values do not reach the output', async () => {
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) =>
        adapter.provision({
          ...pool,
          spec: { ...pool.spec, kubernetes: { ...pool.spec.kubernetes, nodeLabels: {} } },
        }),
      ),
    );
    const report = await run(factory, ['feature:kubernetes.nodeLabels']);
    expect(failure(report, 'feature:kubernetes.nodeLabels')).toContain(
      'capabilities.features["kubernetes.nodeLabels"] is declared native ("node.json spec.kubernetes.nodeLabels"), but the output of pool \'feature:kubernetes.nodeLabels\' does not carry node label (pool = gpu)',
    );
  });

  it('fails a refusal that is not an UnsupportedFeatureError', async () => {
    const factory = brokenFactory(
      (adapter) =>
        withProvision(adapter, (pool) => {
          if (pool.spec.os.users.length > 0) throw new Error('users are not supported here');
          return adapter.provision(pool);
        }),
      {
        features: {
          'os.users': { level: 'unsupported', reason: 'API only', alternative: 'the API' },
          'os.users.passwordHash': { level: 'unsupported', reason: 'API only', alternative: 'the API' },
        },
      },
    );
    const report = await run(factory, ['feature:os.users']);
    expect(failure(report, 'feature:os.users')).toContain(
      'uses spec.os.users, declared unsupported, so provision() must throw UnsupportedFeatureError (recognised by UnsupportedFeatureError.isInstance); it threw Error: users are not supported here',
    );
  });

  it('fails a capability declaration that leaves a feature out', async () => {
    const factory = brokenFactory((adapter) => {
      const features: Record<string, unknown> = { ...adapter.capabilities.features };
      delete features['os.rootDisk'];
      features['os.swap'] = { level: 'native', how: 'nowhere' };
      return {
        ...adapter,
        capabilities: { ...adapter.capabilities, features } as DistroAdapterV1['capabilities'],
      };
    });
    const message = failure(await run(factory, ['capabilities:schema']), 'capabilities:schema');
    expect(message).toContain('capabilities.features does not declare "os.rootDisk"');
    expect(message).toContain('capabilities.features declares unknown features "os.swap"');
  });

  it('fails an empty explanation in a declaration', async () => {
    const factory = brokenFactory(() => createMockDistroAdapter(), {});
    const broken = (settings?: MockDistroAdapterSettings) => {
      const adapter = factory(settings);
      return {
        ...adapter,
        capabilities: {
          ...adapter.capabilities,
          features: {
            ...adapter.capabilities.features,
            'os.units': { level: 'unsupported', reason: '', alternative: 'x' },
          },
        },
      } as DistroAdapterV1;
    };
    expect(failure(await run(broken, ['capabilities:schema']), 'capabilities:schema')).toContain(
      'capabilities.features["os.units"]',
    );
  });

  it('fails output that changes between two renders', async () => {
    let counter = 0;
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) => {
        const result = adapter.provision(pool);
        counter += 1;
        return { ...result, warnings: [{ code: 'render-count', message: `render ${counter}` }] };
      }),
    );
    expect(failure(await run(factory, ['deterministic:minimal']), 'deterministic:minimal')).toContain(
      "rendering pool 'minimal' twice with one adapter gives different output",
    );
  });

  it('fails output that depends on the key order of the input', async () => {
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) => {
        const result = adapter.provision(pool);
        const labels = Object.keys(pool.spec.kubernetes.nodeLabels).join(',');
        return { ...result, warnings: labels ? [{ code: 'labels', message: labels }] : [] };
      }),
    );
    expect(
      failure(await run(factory, ['deterministic:labels-taints']), 'deterministic:labels-taints'),
    ).toContain(
      "reversing the key order of pool 'labels-taints' (labels, mirrors, sysctls, kubelet fields, ...) changes the output",
    );
  });

  it('fails a secret in a warning and a secret-holding artifact not flagged', async () => {
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) => {
        const result = adapter.provision(pool);
        return {
          artifacts: result.artifacts.map((artifact) => ({ ...artifact, containsSecrets: false })),
          warnings: [{ code: 'debug', message: `joining with ${pool.spec.kubernetes.bootstrapToken}` }],
        };
      }),
    );
    const message = failure(await run(factory, ['secrets:minimal']), 'secrets:minimal');
    expect(message).toContain("warning 'debug' of pool 'minimal' contains a secret");
    expect(message).toContain(
      "artifact 'node.json' of pool 'minimal' holds a secret but says containsSecrets: false",
    );
    expect(message).not.toContain('0123456789abcdef');
  });

  it('fails a validate() that finds nothing wrong with garbage', async () => {
    const factory = brokenFactory((adapter) => ({ ...adapter, validate: () => [] }));
    expect(
      failure(await run(factory, ['validate:detects-corruption']), 'validate:detects-corruption'),
    ).toContain(
      "validate() finds nothing wrong when node.json is replaced by garbage: the adapter's own validator must check the output",
    );
  });

  it('fails a validate() that rejects the adapter’s own output', async () => {
    const factory = brokenFactory((adapter) => ({
      ...adapter,
      validate: () => [{ artifact: 'node.json', path: 'join', message: 'always wrong' }],
    }));
    expect(failure(await run(factory, ['validate:minimal']), 'validate:minimal')).toContain(
      "the adapter's own validate() rejects its output for pool 'minimal': node.json join: always wrong",
    );
  });

  it('fails a build that throws something other than ExternalToolError', async () => {
    const factory = brokenFactory((adapter) => ({
      ...adapter,
      builder: { ...adapter.builder, build: () => Promise.reject(new Error('spawn mkosi ENOENT')) },
    }));
    expect(failure(await run(factory, ['builder:build']), 'builder:build')).toContain(
      'build() failed with Error: spawn mkosi ENOENT: a build either works or throws ExternalToolError naming the missing or failing tool',
    );
  });

  it('fails an update plan that does not match the declared update capabilities', async () => {
    const factory = brokenFactory((adapter) => ({
      ...adapter,
      updates: {
        ...adapter.updates,
        capabilities: { ...adapter.updates.capabilities, requiresReboot: false, rollback: false },
      },
    }));
    const message = failure(await run(factory, ['updates:plan']), 'updates:plan');
    expect(message).toContain('the plan reboots, but updates.capabilities.requiresReboot is false');
    expect(message).toContain('the plan has a rollback step, but updates.capabilities.rollback is false');
  });

  it('fails an in-place plan where nothing changes the node', async () => {
    const factory = brokenFactory((adapter) => ({
      ...adapter,
      updates: {
        ...adapter.updates,
        planNode: (input) => {
          const plan = adapter.updates.planNode(input);
          return {
            ...plan,
            steps: plan.steps.filter((step) => step.phase !== 'stage' && step.phase !== 'apply'),
          };
        },
      },
    }));
    expect(failure(await run(factory, ['updates:plan']), 'updates:plan')).toContain(
      'updates.capabilities.inPlace is true but the plan has neither a stage nor an apply step',
    );
  });

  it('fails a verify() that accepts a node that did not change', async () => {
    const factory = brokenFactory((adapter) => ({
      ...adapter,
      updates: { ...adapter.updates, verify: () => ({ ok: true, reasons: [] }) },
    }));
    expect(failure(await run(factory, ['updates:verify']), 'updates:verify')).toContain(
      'verify() accepts a node that did not change at all',
    );
  });

  it('fails update capabilities that contradict the declared update strategies', async () => {
    const factory = brokenFactory((adapter) => ({
      ...adapter,
      capabilities: { ...adapter.capabilities, updateStrategies: ['replace'] },
    }));
    expect(failure(await run(factory, ['capabilities:consistency']), 'capabilities:consistency')).toContain(
      'capabilities.updateStrategies ["replace"] and updates.capabilities.inPlace (true) disagree about in-place updates',
    );
  });

  it('fails an adapter that ignores unknown adapter options', async () => {
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) =>
        adapter.provision({ ...pool, spec: { ...pool.spec, adapterOptions: {} } }),
      ),
    );
    expect(failure(await run(factory, ['errors:adapter-options']), 'errors:adapter-options')).toContain(
      "spec.adapterOptions.mock.kubenodeConformanceUnknownKey was accepted silently: read the options with parseAdapterOptions(pool, 'mock', strictSchema)",
    );
  });

  it('fails a factory that does not validate its settings', async () => {
    const factory = () => createMockDistroAdapter();
    expect(failure(await run(factory, ['errors:settings']), 'errors:settings')).toContain(
      'the factory accepted the unknown setting kubenodeConformanceUnknownKey',
    );
  });

  it('fails an adapter that mutates its input', async () => {
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) => {
        (pool.spec.kubernetes.nodeLabels as Record<string, string>)['touched'] = 'yes';
        return adapter.provision(pool);
      }),
    );
    expect(failure(await run(factory, ['honest:minimal']), 'honest:minimal')).toMatch(
      /pool 'minimal' uses no optional feature, all declared supported, so provision\(\) must render it; it threw TypeError/,
    );
  });

  it('fails output that differs from the golden file, and a missing golden file', async () => {
    const directory = goldenDir();
    await runAdapterConformance(createMockDistroAdapter, {
      goldenDir: directory,
      updateGoldens: true,
      only: ['golden:'],
    });
    const factory = brokenFactory((adapter) =>
      withProvision(adapter, (pool) => {
        const result = adapter.provision(pool);
        return {
          ...result,
          artifacts: result.artifacts.map((a) => ({
            ...a,
            contents: a.contents.replace('MockNodeConfig', 'MockNodeConfig2'),
          })),
        };
      }),
    );
    const report = await runAdapterConformance(factory, { goldenDir: directory, only: ['golden:minimal'] });
    const message = failure(report, 'golden:minimal');
    expect(message).toContain('the output differs from');
    expect(message).toMatch(/first difference at line \d+/);
    const missing = await run(createMockDistroAdapter, ['golden:minimal']);
    expect(failure(missing, 'golden:minimal')).toContain('no golden file');
    expect(failure(missing, 'golden:minimal')).toContain('KUBENODE_UPDATE_GOLDENS=1');
  });

  describe('a declared Kubernetes version window', () => {
    const windowed = (refuse: boolean) =>
      brokenFactory((adapter) => ({
        ...withProvision(adapter, (pool) => {
          if (refuse && pool.spec.kubernetes.version.startsWith('1.30.')) {
            throw new UnsupportedFeatureError({
              field: 'spec.kubernetes.version',
              distro: adapter.id,
              reason: 'this OS release supports Kubernetes 1.31 to 1.36',
              alternative: 'use Kubernetes 1.31 or newer',
            });
          }
          return adapter.provision(pool);
        }),
        capabilities: { ...adapter.capabilities, kubernetesVersions: { min: '1.31', max: '1.36' } },
      }));

    it('fails a pool outside the window that renders', async () => {
      expect(
        failure(await run(windowed(false), ['honest:kubernetes-1-30']), 'honest:kubernetes-1-30'),
      ).toContain(
        "capabilities.kubernetesVersions is 1.31 to 1.36, but pool 'kubernetes-1-30' asks for Kubernetes 1.30.9 and provision() rendered it",
      );
    });

    it('passes a refusal naming spec.kubernetes.version', async () => {
      const report = await run(windowed(true), ['honest:', 'capabilities:schema']);
      expect(report.failures).toEqual([]);
    });
  });

  describe('restricted features', () => {
    const restricted: MockDistroAdapterSettings = {
      features: {
        'os.files': { level: 'native', how: 'node.json os.files', restrictions: 'only files under /var' },
      },
    };
    const refuseOutsideVar = (adapter: DistroAdapterV1) =>
      withProvision(adapter, (pool) => {
        const index = pool.spec.os.files.findIndex((file) => !file.path.startsWith('/var/'));
        if (index >= 0) {
          throw new UnsupportedFeatureError({
            field: `spec.os.files[${index}].path`,
            distro: adapter.id,
            alternative: 'write below /var',
          });
        }
        return adapter.provision(pool);
      });

    it('accept a refusal below the feature, but fail when no pool stays within the restrictions', async () => {
      const report = await run(brokenFactory(refuseOutsideVar, restricted), [
        'honest:files-units',
        'capabilities:restrictions',
      ]);
      expect(report.results.find((result) => result.id === 'honest:files-units')?.status).toBe('passed');
      expect(failure(report, 'capabilities:restrictions')).toContain(
        'capabilities.features["os.files"] is declared native with restrictions ("only files under /var"), but none of the pools using it renders',
      );
    });

    it('pass once an adapter pool stays within them', async () => {
      const varPool = {
        id: 'var-files',
        description: 'files under /var',
        features: ['os.files'] as const,
        input: {
          apiVersion: 'kubenode.dev/v1alpha1' as const,
          kind: 'NodePool' as const,
          metadata: { name: 'var-files' },
          spec: {
            distro: 'mock',
            kubernetes: {
              version: '1.32.4',
              apiServer: 'https://10.0.0.1:6443',
              caCert: (await import('../canonical-pools/test-credentials.js')).TEST_CLUSTER_CA,
              bootstrapToken: 'abcdef.0123456789abcdef',
            },
            os: { files: [{ path: '/var/lib/app/config', contents: 'x=1\n' }] },
          },
        },
      };
      const report = await run(
        brokenFactory(refuseOutsideVar, restricted),
        ['capabilities:restrictions', 'honest:var-files'],
        {
          pools: [varPool],
        },
      );
      expect(report.failures).toEqual([]);
    });

    it('fail a refusal of the whole feature when it is declared restricted', async () => {
      const refuseAll = (adapter: DistroAdapterV1) =>
        withProvision(adapter, (pool) => {
          if (pool.spec.os.files.length > 0)
            throw new UnsupportedFeatureError({
              field: 'spec.os.files',
              distro: adapter.id,
              alternative: 'none',
            });
          return adapter.provision(pool);
        });
      expect(
        failure(await run(brokenFactory(refuseAll, restricted), ['feature:os.files']), 'feature:os.files'),
      ).toContain(
        "but provision() refused spec.os.files of pool 'feature:os.files' with UnsupportedFeatureError: declare the feature unsupported, or declare its restrictions and refuse only below spec.os.files",
      );
    });
  });
});
