import { createBottlerocket } from '@kubenode/bottlerocket';
import type { NodePool, ProvisioningResultV1 } from '@kubenode/core';
import fc from 'fast-check';
import { hostileText } from '../arbitraries/hostile-text.js';
import { readBottlerocket } from '../readers/read-bottlerocket.js';
import type { FuzzSubject, ReadResult, UpstreamJudges } from './fuzz-subject.js';
import { supportedFeatures } from './supported-features.js';

/** Kubelet fields Bottlerocket models, with values of their setting's type and hostile ones. */
const bottlerocketKubelet = fc.dictionary(
  fc.constantFrom(
    'evictionHard',
    'systemReserved',
    'kubeReserved',
    'containerLogMaxSize',
    'podPidsLimit',
    'allowedUnsafeSysctls',
    'cpuManagerPolicy',
    'providerID',
    'serializeImagePulls',
    'shutdownGracePeriod',
    'topologyManagerPolicy',
  ),
  fc.oneof(
    fc.constantFrom('10Mi', '30s', 'static', 'none', 'aws:///eu-west-1a/i-0123', false, 1024, ['net.core.*']),
    fc.dictionary(
      fc.constantFrom('cpu', 'memory', 'memory.available', 'nodefs.available'),
      fc.oneof(fc.constantFrom('100m', '256Mi', '10%'), hostileText({ maxParts: 3 })),
    ),
    hostileText({ maxParts: 3 }),
  ),
  { minKeys: 1, maxKeys: 3 },
);

/** Bottlerocket: user-data TOML read by tomllib, judged by the settings model of its release. */
export const bottlerocketSubject: FuzzSubject = {
  id: 'bottlerocket',
  adapterId: 'bottlerocket',
  create: () => createBottlerocket(),
  profile: {
    distro: 'bottlerocket',
    supported: supportedFeatures(createBottlerocket().capabilities),
    kubernetesMinors: ['1.29', '1.30', '1.31', '1.32', '1.33'],
    userNames: ['ec2-user'],
    singleProxy: true,
    kubelet: bottlerocketKubelet,
    adapterOptions: fc.option(
      fc
        .record(
          {
            updates: fc.record(
              {
                ignoreWaves: fc.boolean(),
                seed: fc.integer({ min: 0, max: 2047 }),
                metadataBaseUrl: fc.constantFrom(
                  'https://updates.example/metadata/',
                  'https://updates.example/%h/',
                ),
                targetsBaseUrl: fc.constant('https://updates.example/targets/'),
              },
              { requiredKeys: [] },
            ),
            settings: fc
              .record(
                { motd: hostileText({ maxParts: 4 }), 'kernel.lockdown': fc.constant('integrity') },
                { requiredKeys: [] },
              )
              .map((settings) => {
                const out: Record<string, unknown> = {};
                if (settings.motd !== undefined) out.motd = settings.motd;
                if (settings['kernel.lockdown'] !== undefined)
                  out.kernel = { lockdown: settings['kernel.lockdown'] };
                return out;
              }),
          },
          { requiredKeys: [] },
        )
        .map((bottlerocket) => ({ bottlerocket })),
      { nil: undefined },
    ),
  },
  twin: { keepKubelet: true },
  invalidOptions: fc.constantFrom(
    {
      options: { bottlerocket: { variant: 'aws-ecs-2' } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'variant'],
    },
    {
      options: { bottlerocket: { variant: 'metal-k8s-1.32\n' } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'variant'],
    },
    {
      options: { bottlerocket: { authenticationMode: 'iam' } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'authenticationMode'],
    },
    {
      options: { bottlerocket: { settings: { motd: 42 } } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'settings', 'motd'],
    },
    {
      options: { bottlerocket: { settings: { kubernetes: { 'api-server': 'https://evil.example' } } } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'settings', 'kubernetes'],
    },
    {
      options: { bottlerocket: { settings: { 'no-such-section': { x: 1 } } } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'settings', 'no-such-section'],
    },
    {
      options: { bottlerocket: { updates: { metadataBaseUrl: 'https://x.example/"y' } } },
      path: ['spec', 'adapterOptions', 'bottlerocket', 'updates', 'metadataBaseUrl'],
    },
    { options: { bottlerocket: { bogus: 1 } }, path: ['spec', 'adapterOptions', 'bottlerocket', 'bogus'] },
  ),
  async read(result: ProvisioningResultV1, _pool: NodePool, judges: UpstreamJudges): Promise<ReadResult> {
    const artifact = result.artifacts.find((candidate) => candidate.name === 'user-data.toml');
    if (!artifact)
      return { view: { shape: undefined, problems: ['no user-data.toml'] }, rejections: [], judges: [] };
    return {
      view: await readBottlerocket(artifact.contents, judges.oracle),
      rejections: [],
      judges: ['tomllib'],
    };
  },
  carries: {
    fileModes: false,
    fileOwners: false,
    userDetails: false,
    kubeletPassThrough: false,
    proxyDropins: false,
  },
};
