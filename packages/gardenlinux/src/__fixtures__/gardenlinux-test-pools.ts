import {
  HOSTILE_TEXT,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_EXTRA_CA,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
  type CanonicalPool,
} from '@kubenode/testkit';
import type { NodePoolInput } from '@kubenode/core';

const kubernetes = {
  version: '1.32.4',
  apiServer: 'https://10.0.0.1:6443',
  caCert: TEST_CLUSTER_CA,
  bootstrapToken: TEST_BOOTSTRAP_TOKEN,
};

function pool(name: string, spec: Omit<Partial<NodePoolInput['spec']>, 'kubernetes'> & { kubernetes?: object }): NodePoolInput {
  const { kubernetes: extra, ...rest } = spec;
  return {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name },
    spec: { distro: 'gardenlinux', kubernetes: { ...kubernetes, ...extra }, ...rest },
  };
}

/**
 * Pools within Gardener mode's restrictions: the worker fields Gardener's Shoot takes (kubelet
 * fields Gardener models, named registries only), and root-owned files with units, drop-ins,
 * masked and disabled units, modules, time servers and a proxy.
 */
export const GARDENER_POOLS: readonly CanonicalPool[] = [
  {
    id: 'gardener-worker',
    description: 'Everything that goes to the Shoot worker: labels, taints, kubelet fields Gardener models, sysctls, CA bundle, mirrors.',
    features: [
      'kubernetes.nodeLabels',
      'kubernetes.nodeTaints',
      'kubernetes.maxPods',
      'kubernetes.kubelet',
      'runtime.registryMirrors',
      'os.sysctls',
      'os.caCerts',
    ],
    input: pool('gardener-worker', {
      image: { channel: '1877', version: '1877.3', arch: 'arm64' },
      kubernetes: {
        nodeLabels: { pool: 'gpu', 'node.example.com/tier': 'gold' },
        nodeTaints: [
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
          { key: 'example.com/spot', effect: 'PreferNoSchedule' },
        ],
        maxPods: 64,
        kubelet: {
          serializeImagePulls: false,
          imageGCHighThresholdPercent: 80,
          kubeReserved: { cpu: '100m', memory: '1Gi', pid: '20k' },
          featureGates: { KubeletTracing: true },
          streamingConnectionIdleTimeout: '5m0s',
        },
      },
      runtime: {
        registryMirrors: {
          'docker.io': ['https://mirror.example', 'https://cache.example/v2/proxy'],
          'registry.example:5000': ['https://registry-mirror.example:5443'],
        },
      },
      os: {
        sysctls: { 'vm.max_map_count': 262144, 'net.core.somaxconn': '65535' },
        caCerts: [TEST_EXTRA_CA],
      },
      updates: { strategy: 'replace', maxUnavailable: '20%' },
    }),
  },
  {
    id: 'gardener-node',
    description: 'Root-owned files (text, hostile, base64, a private key), units with drop-ins, masked and disabled units, modules, NTP, proxy.',
    features: ['os.files', 'os.units', 'os.kernelModules', 'os.ntpServers', 'os.proxy'],
    input: pool('gardener-node', {
      os: {
        files: [
          { path: '/etc/motd', contents: 'Welcome.\n' },
          { path: '/opt/bin/hello.sh', contents: '#!/bin/sh\necho "hello $1"\n', mode: '0755' },
          { path: '/etc/hostile/all.txt', contents: HOSTILE_TEXT },
          { path: '/etc/app/binary.bin', contents: 'AAECAwT/', encoding: 'base64', mode: '0600' },
          { path: '/etc/app/tls.key', contents: TEST_PRIVATE_KEY, mode: '0600' },
          { path: '/etc/app/crlf.conf', contents: 'a=1\r\nb=2\r\n' },
        ],
        units: [
          {
            name: 'hello.service',
            enabled: true,
            contents:
              '[Unit]\nDescription=Say hello\n\n[Service]\nType=oneshot\nExecStart=/opt/bin/hello.sh world\n\n[Install]\nWantedBy=multi-user.target\n',
            dropins: [{ name: '10-env.conf', contents: '[Service]\nEnvironment=GREETING=hi\n' }],
          },
          {
            name: 'containerd.service',
            dropins: [{ name: '20-limits.conf', contents: '[Service]\nLimitNOFILE=1048576\n' }],
          },
          { name: 'apt-daily.timer', mask: true },
          { name: 'rpcbind.service', enabled: false },
        ],
        kernelModules: ['ip_vs', 'nf_conntrack'],
        ntpServers: ['time1.example', '192.0.2.123'],
        proxy: {
          http: 'http://proxy.example:3128',
          https: 'http://proxy.example:3128',
          noProxy: ['10.0.0.0/8', '.svc', 'localhost'],
        },
      },
    }),
  },
];

/** Pools for flavours with apt (no _prod): packages and users beside the join. */
export const APT_POOLS: readonly CanonicalPool[] = [
  {
    id: 'apt-packages-users',
    description: 'Packages on a flavour with apt, a user with an SSH key.',
    features: ['os.packages', 'os.users'],
    input: pool('apt-packages-users', {
      os: {
        packages: ['jq', 'nfs-common'],
        users: [{ name: 'ops', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519], groups: ['sudo'] }],
      },
    }),
  },
];

/**
 * Minimal pools that pick their own mode and flavour in `spec.adapterOptions.gardenlinux`, so
 * every adapter configuration renders both standalone formats (and both external validators run).
 */
export const OVERRIDE_POOLS: readonly CanonicalPool[] = [
  {
    id: 'standalone-openstack',
    description: 'Standalone on openstack-gardener_prod (cloud-init), chosen by the pool.',
    features: [],
    input: pool('standalone-openstack', {
      adapterOptions: { gardenlinux: { mode: 'standalone', flavor: 'openstack-gardener_prod' } },
    }),
  },
  {
    id: 'standalone-kvm',
    description: 'Standalone on kvm-gardener_prod (Ignition), chosen by the pool.',
    features: [],
    input: pool('standalone-kvm', {
      adapterOptions: { gardenlinux: { mode: 'standalone', flavor: 'kvm-gardener_prod' } },
    }),
  },
];

/** What a Garden Linux node reports (`status.nodeInfo`). */
export function gardenLinuxNode(osImage: string, bootID: string) {
  return { name: 'worker-1', osImage, kernelVersion: '6.12.44-cloud-amd64', bootID, annotations: {} };
}
