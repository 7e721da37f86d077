import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  assertFeaturesSupported,
  InvalidAdapterOptionsError,
  NODE_POOL_FEATURES,
  osFile,
  parseAdapterOptions,
  renderContainerdConfig,
  renderRegistryHostsFiles,
  SpecValidationError,
  toSpecIssues,
  type BuildPlanV1,
  type BuildResultV1,
  type CapabilitiesV1,
  type DistroAdapterV1,
  type FeatureSupportV1,
  type NodePool,
  type NodePoolFeature,
  type OutputIssueV1,
  type ProvisioningResultV1,
} from '@kubenode/core';
import { z } from 'zod';
import { featureSupportSchema } from '../capabilities/capabilities-schema.js';

/** Settings of {@link createMockDistroAdapter}. */
export const mockDistroAdapterSettingsSchema = z.strictObject({
  /** Adapter id; default `mock`. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/)
    .optional(),
  /** Display name; default "Mock OS". */
  displayName: z.string().min(1).optional(),
  /** Feature declarations that replace the default (every feature native). */
  features: z.partialRecord(z.enum(NODE_POOL_FEATURES), featureSupportSchema).optional(),
});

/** Settings of {@link createMockDistroAdapter}. */
export type MockDistroAdapterSettings = z.input<typeof mockDistroAdapterSettingsSchema>;

/** What a {@link MockDistroAdapterV1} was asked to do, for assertions in consumers' tests. */
export interface MockDistroAdapterCalls {
  readonly provision: NodePool[];
  readonly plan: NodePool[];
  readonly build: BuildPlanV1[];
}

/** A complete, honest adapter for tests of code that drives adapters (the CLI, the rollout engine). */
export interface MockDistroAdapterV1 extends DistroAdapterV1 {
  /** Every call, in order. */
  readonly calls: MockDistroAdapterCalls;
}

const MEDIA_TYPE = 'application/vnd.kubenode.mock-node+json';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * A mock adapter that implements the whole contract for real, in the simplest format: one JSON
 * document with the pool's settings (keys sorted), a recipe build that writes a JSON recipe, and
 * an A/B update mechanism driven by a fictional `mock-update` tool. It passes the conformance
 * suite, declares what its settings say (every feature native by default; a feature declared
 * unsupported is refused) and records every call.
 *
 * @throws {InvalidAdapterOptionsError} for invalid settings.
 */
export function createMockDistroAdapter(settings: MockDistroAdapterSettings = {}): MockDistroAdapterV1 {
  const parsed = mockDistroAdapterSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof settings.id === 'string' ? settings.id : 'mock',
      issues: toSpecIssues(parsed.error, { schema: mockDistroAdapterSettingsSchema }),
      cause: parsed.error,
    });
  }
  const id = parsed.data.id ?? 'mock';
  const features = Object.fromEntries(
    NODE_POOL_FEATURES.map((feature): [NodePoolFeature, FeatureSupportV1] => [
      feature,
      parsed.data.features?.[feature] ?? { level: 'native', how: `node.json spec.${feature}` },
    ]),
  ) as CapabilitiesV1['features'];
  const capabilities: CapabilitiesV1 = {
    provisioningFormats: ['mock-json'],
    features,
    updateStrategies: ['in-place', 'replace'],
    build: 'recipe',
  };
  const calls: MockDistroAdapterCalls = { provision: [], plan: [], build: [] };
  const optionsSchema = z.strictObject({ note: z.string().optional() });

  const nodeConfiguration = () => ({
    files: [osFile('/etc/mock-update/update.conf', 'REBOOT=manual\n')],
    units: [],
  });
  const runtime: DistroAdapterV1['runtime'] = {
    kind: 'containerd',
    containerdVersion: '2.0',
    render: (pool) => ({
      files: [
        osFile(
          '/etc/containerd/config.toml',
          renderContainerdConfig({ containerdVersion: '2.0', sandboxImage: pool.spec.runtime.sandboxImage }),
        ),
        ...renderRegistryHostsFiles(pool.spec.runtime.registryMirrors),
      ],
      units: [],
    }),
  };

  const recipeOf = (pool: NodePool) =>
    `${JSON.stringify(sortKeys({ arch: pool.spec.image.arch, distro: id, kernelArgs: pool.spec.os.kernelArgs, packages: pool.spec.os.packages }), null, 2)}\n`;

  const adapter: MockDistroAdapterV1 = {
    specificationVersion: 'v1',
    id,
    displayName: parsed.data.displayName ?? 'Mock OS',
    capabilities,
    calls,
    image: {
      facts: {
        initSystem: 'systemd',
        packageManager: 'mock-pkg',
        immutability: 'none',
        abUpdates: true,
        sshByDefault: false,
        containerRuntime: 'containerd',
        provisioningFormat: 'mock-json',
        maintainer: 'the kubenode testkit',
        homepage: 'https://kubenode.dev',
      },
      channels: ['stable', 'beta'],
      defaultChannel: 'stable',
      architectures: ['amd64', 'arm64'],
      describe(ref) {
        const channel = ref.channel ?? 'stable';
        if (channel !== 'stable' && channel !== 'beta') {
          throw new SpecValidationError({
            issues: [
              {
                path: ['spec', 'image', 'channel'],
                code: 'invalid_value',
                message: 'expected stable or beta',
              },
            ],
          });
        }
        const version = ref.version ?? 'latest';
        return {
          distro: id,
          channel,
          version,
          arch: ref.arch,
          sources: [
            {
              kind: 'url',
              location: `https://images.example/mock/${channel}/${version}/${ref.arch}.qcow2`,
              description: 'qcow2 disk',
            },
          ],
          verification: { checksumUrl: `https://images.example/mock/${channel}/${version}/SHA256SUMS` },
        };
      },
    },
    runtime,
    provision(pool): ProvisioningResultV1 {
      calls.provision.push(pool);
      assertFeaturesSupported(pool, adapter);
      const options = parseAdapterOptions(pool, id, optionsSchema);
      const { kubernetes, os } = pool.spec;
      const runtimeConfiguration = runtime.render(pool);
      const document = sortKeys({
        apiVersion: 'mock.kubenode.dev/v1',
        kind: 'MockNodeConfig',
        join: {
          apiServer: kubernetes.apiServer,
          bootstrapToken: kubernetes.bootstrapToken,
          caCert: kubernetes.caCert,
        },
        kubernetes: {
          clusterDNS: kubernetes.clusterDNS,
          kubelet: kubernetes.kubelet,
          maxPods: kubernetes.maxPods ?? null,
          nodeLabels: kubernetes.nodeLabels,
          nodeTaints: kubernetes.nodeTaints,
          version: kubernetes.version,
        },
        runtime: pool.spec.runtime,
        os,
        files: [...runtimeConfiguration.files, ...nodeConfiguration().files],
        note: options.note ?? null,
      });
      return {
        artifacts: [
          {
            name: 'node.json',
            mediaType: MEDIA_TYPE,
            contents: `${JSON.stringify(document, null, 2)}\n`,
            role: 'user-data',
            containsSecrets: true,
          },
        ],
        warnings: [],
      };
    },
    validate(result): OutputIssueV1[] {
      const artifact = result.artifacts.find((candidate) => candidate.name === 'node.json');
      if (!artifact) return [{ artifact: 'node.json', path: '', message: 'missing the node.json artifact' }];
      let document: unknown;
      try {
        document = JSON.parse(artifact.contents);
      } catch {
        return [{ artifact: 'node.json', path: '', message: 'not valid JSON' }];
      }
      const issues: OutputIssueV1[] = [];
      const record = (document ?? {}) as Record<string, unknown>;
      if (record.kind !== 'MockNodeConfig')
        issues.push({ artifact: 'node.json', path: 'kind', message: 'expected MockNodeConfig' });
      const join = (record.join ?? {}) as Record<string, unknown>;
      for (const key of ['apiServer', 'bootstrapToken', 'caCert']) {
        if (typeof join[key] !== 'string')
          issues.push({ artifact: 'node.json', path: `join.${key}`, message: 'expected a string' });
      }
      return issues;
    },
    externalValidators: [],
    updates: {
      kind: 'ab-partition',
      capabilities: {
        inPlace: true,
        abPartitions: true,
        stageWhileServing: true,
        rollback: true,
        requiresReboot: true,
        livepatch: false,
      },
      verificationKeys: ['osImage', 'bootID'],
      nodeConfiguration,
      planNode({ node, target }) {
        const version = target.version ?? 'latest';
        return {
          node: node.name,
          steps: [
            {
              phase: 'detect',
              description: 'ask mock-update for an update',
              command: ['mock-update', 'check'],
              timeoutSeconds: 60,
              whileServing: true,
            },
            {
              phase: 'stage',
              description: `download ${version} to the inactive partition`,
              command: ['mock-update', 'stage', version],
              timeoutSeconds: 600,
              whileServing: true,
            },
            {
              phase: 'apply',
              description: 'make the inactive partition the next boot',
              command: ['mock-update', 'apply'],
              timeoutSeconds: 60,
              whileServing: false,
            },
            {
              phase: 'reboot',
              description: 'reboot through the node agent',
              command: [],
              timeoutSeconds: 600,
              whileServing: false,
            },
            {
              phase: 'verify',
              description: 'compare osImage and bootID',
              command: [],
              timeoutSeconds: 300,
              whileServing: false,
            },
            {
              phase: 'rollback',
              description: 'boot the previous partition again',
              command: ['mock-update', 'rollback'],
              timeoutSeconds: 600,
              whileServing: false,
            },
          ],
        };
      },
      interpretDetect(output) {
        const fields = Object.fromEntries(
          output.stdout
            .split('\n')
            .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
            .filter((match): match is RegExpExecArray => match !== null)
            .map((match) => [match[1], match[2]]),
        );
        return {
          available: output.exitCode === 0 && fields.UPDATE_AVAILABLE === '1',
          ...(fields.VERSION ? { version: fields.VERSION } : {}),
          rebootRequired: fields.REBOOT_REQUIRED === '1',
        };
      },
      verify({ before, after, target }) {
        const reasons: string[] = [];
        if (after.bootID === before.bootID) reasons.push('the node did not reboot (bootID unchanged)');
        if (target.version !== undefined && !after.osImage.includes(target.version)) {
          reasons.push(`osImage "${after.osImage}" does not show version ${target.version}`);
        } else if (target.version === undefined && after.osImage === before.osImage) {
          reasons.push('osImage unchanged');
        }
        return { ok: reasons.length === 0, reasons };
      },
    },
    builder: {
      plan(pool): BuildPlanV1 {
        calls.plan.push(pool);
        const contents = recipeOf(pool);
        return {
          distro: id,
          kind: 'recipe',
          imageId: createHash('sha256').update(contents).digest('hex'),
          steps: [{ id: 'write-recipe', description: 'write the mock image recipe' }],
          requiredTools: [],
          outputs: [{ name: 'mock-image.json', format: 'recipe' }],
          recipeFiles: [{ path: 'mock-image.json', contents, mode: 0o644 }],
        };
      },
      async build(plan, options): Promise<BuildResultV1> {
        calls.build.push(plan);
        const artifacts = plan.recipeFiles.map((file) => {
          const path = join(options.workdir, file.path);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, file.contents, { mode: file.mode });
          options.onProgress?.({ step: 'write-recipe', state: 'finished', message: file.path });
          return {
            name: file.path,
            path,
            sizeBytes: Buffer.byteLength(file.contents),
            sha256: createHash('sha256').update(file.contents).digest('hex'),
            measure: 'file' as const,
          };
        });
        return { artifacts, notes: ['a mock recipe: no image is built'] };
      },
    },
  };
  return adapter;
}
