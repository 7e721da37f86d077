import {
  describeAdapterConformance,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_PASSWORD_HASH,
  TEST_SSH_KEY_ED25519,
  type CanonicalPool,
} from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createK3os } from './index.js';

const kubernetes = {
  version: '1.32.4',
  apiServer: 'https://10.0.0.1:6443',
  caCert: TEST_CLUSTER_CA,
  bootstrapToken: TEST_BOOTSTRAP_TOKEN,
};

/** Pools within k3OS's restrictions: its one login user, and mirrors without "*". */
const k3osPools: CanonicalPool[] = [
  {
    id: 'k3os-rancher-user',
    description: "SSH keys and a password hash for rancher, k3OS's only login user.",
    features: ['os.users', 'os.users.passwordHash'],
    input: {
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'k3os-rancher-user' },
      spec: {
        distro: 'k3os',
        kubernetes,
        os: {
          users: [
            { name: 'rancher', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519], passwordHash: TEST_PASSWORD_HASH },
          ],
        },
      },
    },
  },
  {
    id: 'k3os-mirrors',
    description: 'Registry mirrors for named registries (k3s <= 1.22 has no "*" mirror).',
    features: ['runtime.registryMirrors'],
    input: {
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'k3os-mirrors' },
      spec: {
        distro: 'k3os',
        kubernetes,
        runtime: {
          registryMirrors: {
            'docker.io': ['https://mirror-a.example', 'https://mirror-b.example:5000'],
            'registry.example:5000': ['https://cache.example/v2/proxy'],
          },
        },
      },
    },
  },
];

const node = (osImage: string, bootID: string) => ({
  name: 'k3os-1',
  osImage,
  kernelVersion: '5.4.0-88-generic',
  bootID,
  annotations: {},
});

// The kubenode conformance suite, through the testkit's package entry point, as a third party runs it.
describeAdapterConformance(createK3os, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  pools: k3osPools,
  probes: {
    updates: {
      node: node('k3OS v0.21.5-k3s2r1', 'a'),
      target: { version: 'v0.22.2-k3s2r0' },
      detect: [
        {
          description: 'an older release runs',
          output: {
            exitCode: 0,
            stdout: 'k3os version v0.21.5-k3s2r1\nkubenode-target v0.22.2-k3s2r0\n',
            stderr: '',
          },
          expected: { available: true, version: 'v0.22.2-k3s2r0' },
        },
        {
          description: 'the target runs already',
          output: {
            exitCode: 0,
            stdout: 'k3os version v0.22.2-k3s2r0\nkubenode-target v0.22.2-k3s2r0\n',
            stderr: '',
          },
          expected: { available: false },
        },
      ],
      verify: [
        {
          description: 'rebooted into the target',
          before: node('k3OS v0.21.5-k3s2r1', 'a'),
          after: node('k3OS v0.22.2-k3s2r0', 'b'),
          target: { version: 'v0.22.2-k3s2r0' },
          ok: true,
        },
        {
          description: 'still the old release',
          before: node('k3OS v0.21.5-k3s2r1', 'a'),
          after: node('k3OS v0.21.5-k3s2r1', 'b'),
          target: { version: 'v0.22.2-k3s2r0' },
          ok: false,
        },
      ],
    },
  },
});
