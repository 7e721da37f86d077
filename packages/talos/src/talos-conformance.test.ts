import {
  describeAdapterConformance,
  HOSTILE_TEXT,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PRIVATE_KEY,
  type CanonicalPool,
} from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { TEST_TALOS_OPTIONS } from './__fixtures__/talos-test-options.js';
import { createTalos, talosSecrets } from './index.js';

const kubernetes = {
  version: '1.32.4',
  apiServer: 'https://10.0.0.1:6443',
  caCert: TEST_CLUSTER_CA,
  bootstrapToken: TEST_BOOTSTRAP_TOKEN,
};

/** Pools within Talos's restrictions: files below /var, and everything Talos supports at once. */
const talosPools: CanonicalPool[] = [
  {
    id: 'talos-var-files',
    description:
      'Files below /var (the only place Talos creates files): hostile text, base64 UTF-8, a private key.',
    features: ['os.files'],
    input: {
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'talos-var-files' },
      spec: {
        distro: 'talos',
        kubernetes,
        os: {
          files: [
            { path: '/var/lib/app/hostile.txt', contents: HOSTILE_TEXT },
            {
              path: '/var/lib/app/base64.conf',
              contents: Buffer.from('key = "välue"\n').toString('base64'),
              encoding: 'base64',
              mode: '0640',
            },
            { path: '/var/lib/app/tls.key', contents: TEST_PRIVATE_KEY, mode: '0600' },
            { path: '/var/lib/app/octal', contents: '0644' },
          ],
        },
      },
    },
  },
  {
    id: 'talos-everything',
    description: 'Every feature Talos supports, on AWS with system extensions and SecureBoot certificates.',
    features: [
      'kubernetes.nodeLabels',
      'kubernetes.nodeTaints',
      'kubernetes.maxPods',
      'kubernetes.clusterDNS',
      'kubernetes.kubelet',
      'runtime.registryMirrors',
      'runtime.sandboxImage',
      'os.hostname',
      'os.files',
      'os.sysctls',
      'os.kernelModules',
      'os.kernelArgs',
      'os.ntpServers',
      'os.proxy',
      'os.caCerts',
      'os.rootDisk',
    ],
    input: {
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'talos-everything' },
      spec: {
        distro: 'talos',
        image: { version: '1.13.7', arch: 'arm64' },
        kubernetes: {
          ...kubernetes,
          version: '1.34.2',
          clusterName: 'prod-eu',
          clusterDomain: 'cluster.example',
          clusterDNS: ['10.96.0.10'],
          nodeLabels: { pool: 'arm', 'node.example.com/tier': 'gold' },
          nodeTaints: [
            { key: 'arch', value: 'arm64', effect: 'NoSchedule' },
            { key: 'example.com/spot', effect: 'PreferNoSchedule' },
          ],
          maxPods: 64,
          kubelet: { serializeImagePulls: false, imageGCHighThresholdPercent: 80 },
        },
        runtime: {
          registryMirrors: { 'docker.io': ['https://mirror.example'], '*': ['https://cache.example/v2/all'] },
          sandboxImage: 'registry.example/pause:3.10',
        },
        os: {
          hostname: 'worker-arm',
          files: [{ path: '/var/etc/app.conf', contents: 'enabled = yes\n' }],
          sysctls: { 'vm.max_map_count': 262144, 'net.core.somaxconn': '65535' },
          kernelModules: ['nvme_tcp', 'br_netfilter'],
          kernelArgs: ['console=ttyS0,115200', 'net.ifnames=0'],
          ntpServers: ['time.example'],
          proxy: {
            http: 'http://proxy.example:3128',
            https: 'http://proxy.example:3128',
            noProxy: ['10.0.0.0/8', '.cluster.example'],
          },
          caCerts: [TEST_EXTRA_CA],
          rootDisk: { grow: false },
        },
        adapterOptions: {
          talos: {
            ...TEST_TALOS_OPTIONS,
            platform: 'aws',
            installDisk: '/dev/nvme0n1',
            systemExtensions: ['siderolabs/iscsi-tools', 'siderolabs/amd-ucode'],
            secureBoot: true,
            kubePrism: false,
          },
        },
      },
    },
  },
];

const node = (osImage: string, bootID: string) => ({
  name: 'worker-1',
  osImage,
  kernelVersion: '6.18.24-talos',
  bootID,
  annotations: {},
});

describeAdapterConformance(createTalos, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  adapterOptions: TEST_TALOS_OPTIONS,
  pools: talosPools,
  invalidAdapterOptions: [
    {
      value: {
        ...TEST_TALOS_OPTIONS,
        cluster: { id: 'too-short', secret: TEST_TALOS_OPTIONS.cluster.secret },
      },
      path: 'cluster.id',
    },
    {
      value: { ...TEST_TALOS_OPTIONS, machine: { token: 'NOT-A-TOKEN', ca: TEST_TALOS_OPTIONS.machine.ca } },
      path: 'machine.token',
    },
    { value: { ...TEST_TALOS_OPTIONS, platform: 'amiga' }, path: 'platform' },
    { value: { cluster: TEST_TALOS_OPTIONS.cluster }, path: 'machine' },
  ],
  probes: {
    secrets: (pool) => talosSecrets(pool),
    updates: {
      node: node('Talos (v1.13.8)', 'b1'),
      target: { version: '1.13.9' },
      detect: [
        {
          description: 'talosctl version against a 1.13.8 node',
          output: {
            exitCode: 0,
            stdout:
              'Client:\n\tTag:         v1.13.9\n\tSHA:         3ebd10a7\n\tOS/Arch:     linux/amd64\nServer:\n\tNODE:        10.0.0.21\n\tTag:         v1.13.8\n\tSHA:         9c1e2f3a\n\tOS/Arch:     linux/amd64\n\tEnabled:     RBAC\n',
            stderr: '',
          },
          expected: { available: true, rebootRequired: false },
        },
      ],
      verify: [
        {
          description: 'rebooted into v1.13.9',
          before: node('Talos (v1.13.8)', 'b1'),
          after: node('Talos (v1.13.9)', 'b2'),
          target: { version: '1.13.9' },
          ok: true,
        },
        {
          description: 'fell back to the old slot',
          before: node('Talos (v1.13.8)', 'b1'),
          after: node('Talos (v1.13.8)', 'b2'),
          target: { version: '1.13.9' },
          ok: false,
        },
      ],
    },
  },
});
