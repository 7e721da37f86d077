import type { NodePool, ProvisioningResultV1 } from '@kubenode/core';
import { createK3os } from '@kubenode/k3os';
import fc from 'fast-check';
import { hostileText } from '../arbitraries/hostile-text.js';
import { poolFilePaths } from '../readers/pool-file-paths.js';
import { readK3os } from '../readers/read-k3os.js';
import type { FuzzSubject, ReadResult, UpstreamJudges } from './fuzz-subject.js';
import { supportedFeatures } from './supported-features.js';

const KUBELET_PATH = '/etc/rancher/k3s/kubenode-kubelet.yaml';
const command = hostileText({ maxParts: 5 }).filter((value) => value.length > 0);

/** k3OS: config.yaml read by PyYAML (and a Go-semantics YAML 1.1 reader), judged by the k3OS config fields. */
export const k3osSubject: FuzzSubject = {
  id: 'k3os',
  adapterId: 'k3os',
  create: () => createK3os(),
  profile: {
    distro: 'k3os',
    supported: supportedFeatures(createK3os().capabilities),
    kubernetesMinors: ['1.20', '1.21', '1.22', '1.32'],
    userNames: ['rancher'],
    noWildcardMirror: true,
    adapterOptions: fc.option(
      fc
        .record(
          {
            tokenFormat: fc.constantFrom('agent-token', 'bootstrap-token'),
            upgrade: fc.constantFrom('kubenode', 'system-upgrade-controller'),
            dataSources: fc.subarray(['aws', 'cdrom', 'openstack']),
            dnsNameservers: fc.array(fc.ipV4(), { maxLength: 2 }),
            initCmd: fc.array(command, { maxLength: 2 }),
            bootCmd: fc.array(command, { maxLength: 2 }),
            runCmd: fc.array(command, { maxLength: 2 }),
          },
          { requiredKeys: [] },
        )
        .map((k3os) => ({ k3os })),
      { nil: undefined },
    ),
  },
  invalidOptions: fc.constantFrom(
    { options: { k3os: { tokenFormat: 'plain' } }, path: ['spec', 'adapterOptions', 'k3os', 'tokenFormat'] },
    { options: { k3os: { initCmd: [''] } }, path: ['spec', 'adapterOptions', 'k3os', 'initCmd', 0] },
    { options: { k3os: { runCmd: 'id' } }, path: ['spec', 'adapterOptions', 'k3os', 'runCmd'] },
    {
      options: { k3os: { dataSources: ['aws\nrun_cmd: [id]'] } },
      path: ['spec', 'adapterOptions', 'k3os', 'dataSources', 0],
    },
    {
      options: { k3os: { dnsNameservers: ['8.8.8.8; id'] } },
      path: ['spec', 'adapterOptions', 'k3os', 'dnsNameservers', 0],
    },
    {
      options: { k3os: { kubeletConfigPath: '/etc/rancher/../passwd.yaml' } },
      path: ['spec', 'adapterOptions', 'k3os', 'kubeletConfigPath'],
    },
    { options: { k3os: { release: 'v0.22.2\n' } }, path: ['spec', 'adapterOptions', 'k3os', 'release'] },
    { options: { k3os: { bogus: 1 } }, path: ['spec', 'adapterOptions', 'k3os', 'bogus'] },
  ),
  async read(result: ProvisioningResultV1, pool: NodePool, judges: UpstreamJudges): Promise<ReadResult> {
    const artifact = result.artifacts.find((candidate) => candidate.name === 'config.yaml');
    if (!artifact)
      return { view: { shape: undefined, problems: ['no config.yaml'] }, rejections: [], judges: [] };
    const view = await readK3os(artifact.contents, poolFilePaths(pool), judges.oracle, KUBELET_PATH);
    const options = (pool.spec.adapterOptions.k3os ?? {}) as {
      initCmd?: string[];
      bootCmd?: string[];
      runCmd?: string[];
    };
    const expected = [
      ...(options.initCmd ?? []),
      ...(pool.spec.os.caCerts.length > 0 ? ['update-ca-certificates'] : []),
      ...(options.bootCmd ?? []),
      ...(options.runCmd ?? []),
    ];
    const problems = [...view.problems];
    if (JSON.stringify(view.commands) !== JSON.stringify(expected)) {
      problems.push(
        `k3OS runs ${JSON.stringify(view.commands)}, not the commands the pool names ${JSON.stringify(expected)}`,
      );
    }
    return { view: { ...view, problems }, rejections: [], judges: ['pyyaml'] };
  },
  carries: {
    fileModes: true,
    fileOwners: true,
    userDetails: false,
    kubeletPassThrough: true,
    proxyDropins: false,
  },
};
