import type { NodePool, NodePoolFeature, ProvisioningResultV1 } from '@kubenode/core';
import { createGardenLinux, type GardenLinuxSettingsInput } from '@kubenode/gardenlinux';
import fc from 'fast-check';
import { poolFilePaths } from '../readers/pool-file-paths.js';
import { readGardener } from '../readers/read-gardener.js';
import type { FuzzSubject, ReadResult, UpstreamJudges } from './fuzz-subject.js';
import { readCloudConfigResult } from './read-cloud-config-result.js';
import { readIgnitionResult } from './read-ignition-result.js';
import { supportedFeatures } from './supported-features.js';

const invalidOptions = fc.constantFrom(
  { options: { gardenlinux: { mode: 'cluster' } }, path: ['spec', 'adapterOptions', 'gardenlinux', 'mode'] },
  {
    options: { gardenlinux: { flavor: 'no-such_flavor' } },
    path: ['spec', 'adapterOptions', 'gardenlinux', 'flavor'],
  },
  {
    options: { gardenlinux: { nodeName: 'Node A' } },
    path: ['spec', 'adapterOptions', 'gardenlinux', 'nodeName'],
  },
  {
    options: { gardenlinux: { gardener: { workerName: 'a-worker-pool-name-too-long' } } },
    path: ['spec', 'adapterOptions', 'gardenlinux', 'gardener', 'workerName'],
  },
  { options: { gardenlinux: { bogus: 1 } }, path: ['spec', 'adapterOptions', 'gardenlinux', 'bogus'] },
);

/** Features Gardener mode refuses naming the field (Gardener configures them itself). */
const GARDENER_REFUSES: readonly NodePoolFeature[] = [
  'kubernetes.clusterDNS',
  'os.hostname',
  'os.users',
  'os.kernelArgs',
  'os.packages',
  'os.rootDisk',
  'runtime.sandboxImage',
];

function subject(
  id: string,
  settings: GardenLinuxSettingsInput,
  read: FuzzSubject['read'],
  carries: FuzzSubject['carries'],
): FuzzSubject {
  const create = () => createGardenLinux(settings);
  return {
    id,
    adapterId: 'gardenlinux',
    create,
    profile: {
      distro: 'gardenlinux',
      // The adapter's capabilities cover both modes; Gardener mode refuses more (Gardener owns
      // those settings): they appear rarely there, as unsupported features do.
      supported: new Set(
        [...supportedFeatures(create().capabilities)].filter(
          (feature) => settings.mode !== 'gardener' || !GARDENER_REFUSES.includes(feature),
        ),
      ),
      kubernetesMinors: ['1.30', '1.31', '1.32', '1.33'],
      ...(settings.mode === 'gardener' ? { rootOwnedFiles: true, clusterDomain: 'cluster.local' } : {}),
    },
    invalidOptions,
    // Gardener mode checks kubelet values against Gardener's KubeletConfig: the twin keeps them.
    ...(settings.mode === 'gardener' ? { twin: { keepKubelet: true } } : {}),
    read,
    carries,
  };
}

/** Garden Linux standalone on a cloud-init flavour (aws-gardener_prod), judged by cloud-init's schema. */
export const gardenLinuxCloudInitSubject = subject(
  'gardenlinux-cloud-init',
  {},
  (result, pool, judges, options) => readCloudConfigResult(result, pool, judges, 'user-data', options),
  { fileModes: true, fileOwners: true, userDetails: true, kubeletPassThrough: true, proxyDropins: true },
);

/** Garden Linux standalone on an Ignition flavour (kvm-gardener_prod), judged by ignition-validate. */
export const gardenLinuxIgnitionSubject = subject(
  'gardenlinux-ignition',
  { flavor: 'kvm-gardener_prod' },
  (result, pool, judges, options) => readIgnitionResult(result, pool, judges, 'config.ign', options),
  { fileModes: true, fileOwners: true, userDetails: true, kubeletPassThrough: true, proxyDropins: true },
);

/** Garden Linux under Gardener: OperatingSystemConfig and Shoot patch, read by PyYAML. */
export const gardenLinuxGardenerSubject = subject(
  'gardenlinux-gardener',
  { mode: 'gardener' },
  async (result: ProvisioningResultV1, pool: NodePool, judges: UpstreamJudges): Promise<ReadResult> => {
    const artifacts = new Map(result.artifacts.map((artifact) => [artifact.name, artifact.contents]));
    return {
      view: await readGardener(artifacts, poolFilePaths(pool), judges.oracle),
      rejections: [],
      judges: ['pyyaml'],
    };
  },
  { fileModes: true, fileOwners: false, userDetails: false, kubeletPassThrough: false, proxyDropins: true },
);
