import type { NodePool, ProvisioningResultV1 } from '@kubenode/core';
import { createTalos } from '@kubenode/talos';
import { TEST_EXTRA_CA } from '@kubenode/testkit';
import fc from 'fast-check';
import { readTalos } from '../readers/read-talos.js';
import type { FuzzSubject, ReadResult, UpstreamJudges } from './fuzz-subject.js';
import { supportedFeatures } from './supported-features.js';

/** Talos PKI options made up for the fuzz tests (they protect nothing). */
const MACHINE_TOKEN = 'fuzz01.fuzzfuzzfuzzfuzz';
const CLUSTER_SECRET = Buffer.alloc(32, 7).toString('base64');
const talosOptions = {
  machine: { token: MACHINE_TOKEN, ca: TEST_EXTRA_CA },
  cluster: { id: Buffer.alloc(32, 1).toString('base64'), secret: CLUSTER_SECRET },
};

/** Talos 1.13: machine configuration read by PyYAML, judged by the vendored upstream JSON schema. */
export const talosSubject: FuzzSubject = {
  id: 'talos',
  adapterId: 'talos',
  create: () => createTalos(),
  profile: {
    distro: 'talos',
    supported: supportedFeatures(createTalos().capabilities),
    kubernetesMinors: ['1.31', '1.32', '1.33', '1.34', '1.35', '1.36'],
    filePrefix: '/var/',
    rootOwnedFiles: true,
    adapterOptions: fc
      .record(
        {
          platform: fc.constantFrom('metal', 'aws', 'gcp', 'nocloud'),
          installDisk: fc.constantFrom('/dev/sda', '/dev/nvme0n1', '/dev/disk/by-id/a:b'),
          systemExtensions: fc.subarray(['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent']),
          secureBoot: fc.boolean(),
          kubePrism: fc.boolean(),
          discovery: fc.boolean(),
        },
        { requiredKeys: [] },
      )
      .map((extra) => ({ talos: { ...talosOptions, ...extra } })),
  },
  invalidOptions: fc.constantFrom(
    {
      options: { talos: { ...talosOptions, machine: { ...talosOptions.machine, token: 'x' } } },
      path: ['spec', 'adapterOptions', 'talos', 'machine', 'token'],
    },
    {
      options: { talos: { ...talosOptions, machine: { ...talosOptions.machine, ca: 'not a certificate' } } },
      path: ['spec', 'adapterOptions', 'talos', 'machine', 'ca'],
    },
    {
      options: { talos: { ...talosOptions, cluster: { ...talosOptions.cluster, secret: 'short' } } },
      path: ['spec', 'adapterOptions', 'talos', 'cluster', 'secret'],
    },
    {
      options: { talos: { ...talosOptions, installDisk: '/dev/sda; id' } },
      path: ['spec', 'adapterOptions', 'talos', 'installDisk'],
    },
    {
      options: { talos: { ...talosOptions, systemExtensions: ['siderolabs/x\ny'] } },
      path: ['spec', 'adapterOptions', 'talos', 'systemExtensions', 0],
    },
    { options: { talos: { ...talosOptions, bogus: 1 } }, path: ['spec', 'adapterOptions', 'talos', 'bogus'] },
    { options: {}, path: ['spec', 'adapterOptions', 'talos'] },
  ),
  requiredAdapterOptions: { talos: talosOptions },
  secretsOf: () => [MACHINE_TOKEN, CLUSTER_SECRET],
  async read(result: ProvisioningResultV1, _pool: NodePool, judges: UpstreamJudges): Promise<ReadResult> {
    const artifact = result.artifacts.find((candidate) => candidate.name === 'machine-config.yaml');
    if (!artifact)
      return { view: { shape: undefined, problems: ['no machine-config.yaml'] }, rejections: [], judges: [] };
    return { view: await readTalos(artifact.contents, judges.oracle), rejections: [], judges: ['pyyaml'] };
  },
  carries: {
    fileModes: true,
    fileOwners: false,
    userDetails: false,
    kubeletPassThrough: true,
    proxyDropins: false,
  },
};
