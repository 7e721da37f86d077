import {
  describeAdapterConformance,
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_SSH_KEY_ED25519,
  TEST_SSH_KEY_RSA,
  type CanonicalPool,
} from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { createBottlerocket } from './index.js';

/** `apiclient update check` output (the shape the Bottlerocket update API returns). */
const check = (state: string, chosen: string | null) =>
  JSON.stringify({
    active_partition: {
      image: { arch: 'x86_64', variant: 'aws-k8s-1.32', version: '1.40.0' },
      next_to_boot: true,
    },
    available_updates: ['1.41.0', '1.40.0'],
    chosen_update: chosen === null ? null : { arch: 'x86_64', variant: 'aws-k8s-1.32', version: chosen },
    most_recent_command: {
      cmd_status: 'Success',
      cmd_type: 'refresh',
      exit_status: 0,
      stderr: '',
      timestamp: '2025-08-01T10:00:00Z',
    },
    staging_partition: null,
    update_state: state,
  });
/** os.users is restricted to one login user of the admin container: a pool within that restriction. */
const adminUser: CanonicalPool = {
  id: 'bottlerocket-admin-user',
  description: "One user with SSH keys: the admin host container's login user.",
  features: ['os.users'],
  input: {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'bottlerocket-admin-user' },
    spec: {
      distro: 'bottlerocket',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
      },
      os: { users: [{ name: 'ec2-user', sshAuthorizedKeys: [TEST_SSH_KEY_ED25519, TEST_SSH_KEY_RSA] }] },
    },
  },
};
const node = (osImage: string, bootID: string) => ({
  name: 'br-1',
  osImage,
  kernelVersion: '6.1.141',
  bootID,
  annotations: {},
});

// The kubenode conformance suite, through the testkit's package entry point, as a third party runs it.
describeAdapterConformance(createBottlerocket, {
  test: { describe, it, expect },
  goldenDir: new URL('../golden/conformance/', import.meta.url),
  pools: [adminUser],
  probes: {
    imageRef: { variant: 'aws-k8s-1.32' },
    updates: {
      node: node('Bottlerocket OS 1.40.0 (aws-k8s-1.32)', 'a'),
      target: { version: '1.41.0' },
      detect: [
        {
          description: 'an update is available',
          output: { exitCode: 0, stdout: check('Available', '1.41.0'), stderr: '' },
          expected: { available: true, version: '1.41.0', rebootRequired: false },
        },
        {
          description: 'idle',
          output: { exitCode: 0, stdout: check('Idle', null), stderr: '' },
          expected: { available: false },
        },
      ],
      verify: [
        {
          description: 'rebooted into 1.41.0',
          before: node('Bottlerocket OS 1.40.0 (aws-k8s-1.32)', 'a'),
          after: node('Bottlerocket OS 1.41.0 (aws-k8s-1.32)', 'b'),
          target: { version: '1.41.0' },
          ok: true,
        },
        {
          description: 'rolled back',
          before: node('Bottlerocket OS 1.40.0 (aws-k8s-1.32)', 'a'),
          after: node('Bottlerocket OS 1.40.0 (aws-k8s-1.32)', 'b'),
          target: { version: '1.41.0' },
          ok: false,
        },
      ],
    },
  },
});
