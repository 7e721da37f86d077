import {
  ADAPTER_ID,
  ARCHITECTURES,
  asDistroAdapterV1,
  formatJsonPath,
  KubenodeError,
  NODE_POOL_FEATURES,
  SpecValidationError,
  type NodePoolFeature,
} from '@kubenode/core';
import { isDeepStrictEqual } from 'node:util';
import { capabilitiesSchema } from '../../capabilities/capabilities-schema.js';
import { deepFreeze } from '../../pools/deep-freeze.js';
import { describeError } from '../../text/describe-error.js';
import type { ConformanceCase } from '../conformance-case.js';
import type { ConformanceSuite } from '../conformance-suite.js';
import { Problems } from '../problems.js';

const UPDATE_TO_BUILD_KIND = { real: 'image', sysext: 'sysext', recipe: 'recipe' } as const;

/** Identity, capabilities, image facts and runtime cases. */
export function adapterCases(suite: ConformanceSuite<unknown>): ConformanceCase[] {
  const timeout = suite.defaultTimeout;
  return [
    {
      id: 'identity',
      title: 'implements specification v1 with a valid id and display name, the same from every factory call',
      timeout,
      async run() {
        const problems = new Problems('identity');
        const adapter = suite.newAdapter();
        try {
          asDistroAdapterV1(adapter);
        } catch (error) {
          problems.add(`the core's boundary check rejects the adapter: ${describeError(error)}`);
        }
        problems.check(
          adapter.specificationVersion === 'v1',
          `specificationVersion is ${JSON.stringify(adapter.specificationVersion)}, expected 'v1'`,
        );
        problems.check(
          typeof adapter.id === 'string' && ADAPTER_ID.test(adapter.id),
          `id ${JSON.stringify(adapter.id)} must match ${ADAPTER_ID.source} (third parties: a dotted id such as acme.os)`,
        );
        problems.check(
          typeof adapter.displayName === 'string' &&
            adapter.displayName.trim() !== '' &&
            adapter.displayName.trim() === adapter.displayName,
          `displayName ${JSON.stringify(adapter.displayName)} must be a non-empty human name without surrounding spaces`,
        );
        const other = suite.newAdapter();
        problems.check(
          other.id === adapter.id && other.displayName === adapter.displayName,
          'two factory calls give adapters with different ids or names',
        );
        problems.check(
          isDeepStrictEqual(other.capabilities, adapter.capabilities),
          'two factory calls give adapters with different capabilities: capabilities must be declared data',
        );
        problems.throwIfAny();
      },
    },
    {
      id: 'capabilities:schema',
      title: 'declares its capabilities as valid data, every NodePool feature included',
      timeout,
      async run() {
        const problems = new Problems('capabilities:schema');
        const capabilities = suite.newAdapter().capabilities as unknown;
        const features = (capabilities as { features?: Record<string, unknown> } | undefined)?.features ?? {};
        const missing = NODE_POOL_FEATURES.filter((feature) => !(feature in features));
        const unknown = Object.keys(features).filter(
          (key) => !(NODE_POOL_FEATURES as readonly string[]).includes(key),
        );
        if (missing.length > 0) {
          problems.add(
            `capabilities.features does not declare ${missing.map((f) => `"${f}"`).join(', ')}: every NodePool feature must be declared native, emulated or unsupported`,
          );
        }
        if (unknown.length > 0) {
          problems.add(
            `capabilities.features declares unknown features ${unknown.map((f) => `"${f}"`).join(', ')} (known: NODE_POOL_FEATURES)`,
          );
        }
        const parsed = capabilitiesSchema.safeParse(capabilities);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            if (
              issue.path.length === 2 &&
              issue.path[0] === 'features' &&
              (missing.includes(issue.path[1] as NodePoolFeature) || unknown.includes(String(issue.path[1])))
            )
              continue;
            problems.add(
              `capabilities.${formatJsonPath(issue.path as (string | number)[])}: ${issue.message}`,
            );
          }
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'capabilities:consistency',
      title: 'declares capabilities that agree with its image facts, update strategy and builder',
      timeout,
      async run() {
        const problems = new Problems('capabilities:consistency');
        const adapter = suite.newAdapter();
        const { capabilities, updates, image } = adapter;
        const features = capabilities.features;
        if (features['os.users.passwordHash']?.level !== 'unsupported') {
          problems.check(
            features['os.users']?.level !== 'unsupported',
            'capabilities.features["os.users.passwordHash"] is declared supported while "os.users" is unsupported: a password hash belongs to a user',
          );
        }
        problems.check(
          capabilities.updateStrategies.includes('in-place') === updates.capabilities.inPlace,
          `capabilities.updateStrategies ${JSON.stringify(capabilities.updateStrategies)} and updates.capabilities.inPlace (${updates.capabilities.inPlace}) disagree about in-place updates`,
        );
        problems.check(
          updates.capabilities.abPartitions === image.facts.abUpdates,
          `updates.capabilities.abPartitions (${updates.capabilities.abPartitions}) and image.facts.abUpdates (${image.facts.abUpdates}) disagree`,
        );
        if (updates.kind === 'ab-partition') {
          problems.check(
            updates.capabilities.abPartitions,
            "updates.kind is 'ab-partition' but updates.capabilities.abPartitions is false",
          );
        }
        if (features['os.packages']?.level === 'native') {
          problems.check(
            image.facts.packageManager !== null,
            'capabilities.features["os.packages"] is declared native but image.facts.packageManager is null',
          );
        }
        try {
          const plan = adapter.builder.plan(
            deepFreeze(structuredClone(suite.featurePools.get('kubernetes.nodeLabels')!.pool)),
          );
          problems.check(
            plan.kind === UPDATE_TO_BUILD_KIND[capabilities.build],
            `capabilities.build is '${capabilities.build}' but builder.plan() returns a plan of kind '${plan.kind}' (expected '${UPDATE_TO_BUILD_KIND[capabilities.build]}')`,
          );
        } catch (error) {
          problems.add(`builder.plan() throws for a minimal pool with labels: ${describeError(error)}`);
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'capabilities:restrictions',
      title: 'every feature declared with restrictions renders for at least one pool within them',
      timeout,
      async run() {
        const problems = new Problems('capabilities:restrictions');
        const adapter = suite.newAdapter();
        const features = adapter.capabilities.features;
        for (const feature of NODE_POOL_FEATURES) {
          const support = features[feature];
          if (!support || support.level === 'unsupported' || support.restrictions === undefined) continue;
          const candidates = [...suite.pools, suite.featurePools.get(feature)!].filter(
            (entry) =>
              entry.features.includes(feature) &&
              entry.features.every((used) => features[used]?.level !== 'unsupported'),
          );
          const rendered = candidates.filter(
            (entry) => suite.render(suite.newAdapter(), entry.pool).kind === 'rendered',
          );
          problems.check(
            rendered.length > 0,
            `capabilities.features["${feature}"] is declared ${support.level} with restrictions ("${support.restrictions}"), but none of the pools using it renders (${candidates.map((entry) => entry.id).join(', ') || 'none'}): add a pool within the restrictions with options.pools, or declare the feature unsupported`,
          );
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'image',
      title: 'describes its OS and image lines as data',
      timeout,
      async run() {
        const problems = new Problems('image');
        const adapter = suite.newAdapter();
        const { image } = adapter;
        const facts = image.facts;
        problems.check(
          ['systemd', 'openrc', 'machined', 'other'].includes(facts.initSystem),
          `image.facts.initSystem ${JSON.stringify(facts.initSystem)} is not one of systemd, openrc, machined, other`,
        );
        problems.check(
          facts.packageManager === null ||
            (typeof facts.packageManager === 'string' && facts.packageManager !== ''),
          'image.facts.packageManager must be a name or null',
        );
        problems.check(
          ['none', 'read-only-usr', 'read-only-root'].includes(facts.immutability),
          `image.facts.immutability ${JSON.stringify(facts.immutability)} is not none, read-only-usr or read-only-root`,
        );
        for (const key of ['abUpdates', 'sshByDefault'] as const)
          problems.check(typeof facts[key] === 'boolean', `image.facts.${key} must be a boolean`);
        for (const key of ['containerRuntime', 'provisioningFormat', 'maintainer'] as const) {
          problems.check(
            typeof facts[key] === 'string' && facts[key].trim() !== '',
            `image.facts.${key} must be a non-empty string`,
          );
        }
        problems.check(
          /^https:\/\//.test(facts.homepage),
          `image.facts.homepage ${JSON.stringify(facts.homepage)} must be an https URL`,
        );
        problems.check(
          image.channels.length > 0 && new Set(image.channels).size === image.channels.length,
          'image.channels must be a non-empty list without duplicates',
        );
        problems.check(
          image.channels.includes(image.defaultChannel),
          `image.defaultChannel '${image.defaultChannel}' is not one of image.channels`,
        );
        problems.check(
          image.architectures.length > 0 &&
            image.architectures.every((arch) => (ARCHITECTURES as readonly string[]).includes(arch)),
          `image.architectures ${JSON.stringify(image.architectures)} must be a non-empty subset of ${ARCHITECTURES.join(', ')}`,
        );
        for (const arch of image.architectures) {
          const ref = deepFreeze({ ...suite.options.probes?.imageRef, arch, channel: image.defaultChannel });
          try {
            const line = image.describe(ref);
            problems.check(
              line.distro === adapter.id,
              `image.describe() names distro '${line.distro}', expected '${adapter.id}'`,
            );
            problems.check(
              line.arch === arch,
              `image.describe({ arch: '${arch}' }) returns arch '${line.arch}'`,
            );
            problems.check(
              line.channel === image.defaultChannel,
              `image.describe({ channel: '${image.defaultChannel}' }) returns channel '${line.channel}'`,
            );
            problems.check(
              typeof line.version === 'string' && line.version !== '',
              'image.describe() returns no version',
            );
            for (const source of line.sources) {
              problems.check(
                ['url', 'cloud-image', 'registry'].includes(source.kind) &&
                  source.location !== '' &&
                  source.description !== '',
                `image.describe() returns an invalid source ${JSON.stringify(source)}`,
              );
            }
            problems.check(
              isDeepStrictEqual(image.describe(ref), line),
              'image.describe() is not pure: two calls differ',
            );
          } catch (error) {
            problems.add(
              `image.describe({ arch: '${arch}', channel: '${image.defaultChannel}' }) throws ${describeError(error)}`,
            );
          }
        }
        try {
          image.describe({
            ...suite.options.probes?.imageRef,
            arch: image.architectures[0] ?? 'amd64',
            channel: 'kubenode-conformance-no-such-channel',
          });
          problems.add(
            "image.describe() accepts a channel that does not exist ('kubenode-conformance-no-such-channel'): throw SpecValidationError",
          );
        } catch (error) {
          problems.check(
            SpecValidationError.isInstance(error),
            `image.describe() with an unknown channel throws ${describeError(error)}, expected SpecValidationError`,
          );
        }
        problems.throwIfAny();
      },
    },
    {
      id: 'runtime',
      title: 'renders its container runtime configuration purely',
      timeout,
      async run() {
        const problems = new Problems('runtime');
        const adapter = suite.newAdapter();
        const { runtime } = adapter;
        problems.check(
          runtime.kind === 'containerd',
          `runtime.kind ${JSON.stringify(runtime.kind)} is not 'containerd'`,
        );
        problems.check(
          /^\d+\.\d+/.test(runtime.containerdVersion),
          `runtime.containerdVersion ${JSON.stringify(runtime.containerdVersion)} is not a release line such as 1.7 or 2.0`,
        );
        for (const poolId of ['minimal', 'registry-mirrors']) {
          const entry = suite.pools.find((candidate) => candidate.id === poolId)!;
          try {
            const first = runtime.render(deepFreeze(structuredClone(entry.pool)));
            const second = runtime.render(deepFreeze(structuredClone(entry.pool)));
            problems.check(
              isDeepStrictEqual(first, second),
              `runtime.render() is not deterministic for pool '${poolId}'`,
            );
            for (const file of first.files) {
              problems.check(
                file.path.startsWith('/'),
                `runtime.render() returns a file with a relative path ${JSON.stringify(file.path)}`,
              );
              problems.check(
                Number.isInteger(file.mode) && file.mode >= 0 && file.mode <= 0o7777,
                `runtime.render() returns ${file.path} with an invalid mode ${file.mode}`,
              );
            }
          } catch (error) {
            if (!KubenodeError.isInstance(error))
              problems.add(
                `runtime.render() throws an untyped error for pool '${poolId}': ${describeError(error)}`,
              );
          }
        }
        problems.throwIfAny();
      },
    },
  ];
}
