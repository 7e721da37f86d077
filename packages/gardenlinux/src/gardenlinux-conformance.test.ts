import {
  ConformanceError,
  describeAdapterConformance,
  runAdapterConformance,
  type AdapterConformanceProbes,
} from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import {
  APT_POOLS,
  GARDENER_POOLS,
  OVERRIDE_POOLS,
  gardenLinuxNode,
} from './__fixtures__/gardenlinux-test-pools.js';
import { createGardenLinux } from './index.js';

const replacementProbes: AdapterConformanceProbes = {
  externalValidators: true,
  updates: {
    node: gardenLinuxNode('Garden Linux 1877.3', 'b1'),
    target: { version: '1877.4' },
    verify: [
      {
        description: 'replaced by a node booted from 1877.4',
        before: gardenLinuxNode('Garden Linux 1877.3', 'b1'),
        after: gardenLinuxNode('Garden Linux 1877.4', 'b2'),
        target: { version: '1877.4' },
        ok: true,
      },
      {
        description: 'a new node, still on 1877.3',
        before: gardenLinuxNode('Garden Linux 1877.3', 'b1'),
        after: gardenLinuxNode('Garden Linux 1877.3', 'b2'),
        target: { version: '1877.4' },
        ok: false,
      },
    ],
  },
};

const invalidAdapterOptions = [
  { value: { mode: 'kubernetes' }, path: 'mode' },
  { value: { flavor: 'aws-gardener_prod-amd64' }, path: 'flavor' },
  { value: { gardener: { workerName: 'a-name-that-is-far-too-long' } }, path: 'gardener.workerName' },
  { value: { flavor: 'gcp-gardener_prod' }, path: 'flavor' },
];

// Standalone, cloud-init (the default: aws-gardener_prod), judged by Debian's cloud-init.
describeAdapterConformance(createGardenLinux, {
  test: { describe, it, expect },
  title: 'Garden Linux standalone cloud-init (aws-gardener_prod) conformance',
  goldenDir: new URL('../golden/conformance-cloud-init/', import.meta.url),
  pools: [...APT_POOLS, ...OVERRIDE_POOLS],
  invalidAdapterOptions,
  probes: replacementProbes,
  timeouts: { externalValidators: 120_000 },
});

// Standalone, Ignition (kvm: Ignition in the initrd), judged by Debian's ignition-validate.
describeAdapterConformance(createGardenLinux, {
  test: { describe, it, expect },
  title: 'Garden Linux standalone Ignition (kvm-gardener_prod) conformance',
  settings: { flavor: 'kvm-gardener_prod' },
  goldenDir: new URL('../golden/conformance-ignition/', import.meta.url),
  pools: OVERRIDE_POOLS,
  invalidAdapterOptions,
  probes: replacementProbes,
  timeouts: { externalValidators: 120_000 },
});

describe('Garden Linux on flavours with apt (no _prod)', () => {
  it.each([
    ['cloud-init', 'openstack-gardener'],
    ['Ignition', 'metal_pxe'],
  ])(
    '%s (%s): packages are installed, every pool honest, valid and deterministic',
    async (_format, flavor) => {
      const report = await runAdapterConformance(createGardenLinux, {
        settings: { flavor },
        goldenDir: new URL(`../golden/conformance-${flavor}/`, import.meta.url),
        pools: [...APT_POOLS, ...OVERRIDE_POOLS],
        probes: { externalValidators: true },
        only: ['honest:', 'validate:', 'deterministic:', 'secrets:', 'feature:', 'capabilities:'],
      });
      expect(report.failures.map((failure) => failure.message)).toEqual([]);
      expect(report.results.length).toBeGreaterThan(60);
    },
    300_000,
  );
});

describe('Garden Linux standalone _usi flavour (in-place updates)', () => {
  it('declares and plans in-place updates with gardenlinux-update', async () => {
    const report = await runAdapterConformance(createGardenLinux, {
      settings: { flavor: 'aws-gardener_prod_usi' },
      goldenDir: new URL('../golden/conformance-usi/', import.meta.url),
      probes: {
        updates: {
          node: gardenLinuxNode('Garden Linux 1877.3', 'b1'),
          target: { version: '1877.4' },
          detect: [
            {
              description: '1877.4 staged with boot counting',
              output: {
                exitCode: 0,
                stdout:
                  'GARDENLINUX_VERSION=1877.3\nGARDENLINUX_CNAME=aws-gardener_prod_usi-amd64-1877.3\naws-gardener_prod_usi-amd64-1877.3.efi\naws-gardener_prod_usi-amd64-1877.4+3.efi\n',
                stderr: '',
              },
              expected: { available: true, version: '1877.4', rebootRequired: true },
            },
            {
              description: 'nothing staged',
              output: {
                exitCode: 0,
                stdout:
                  'GARDENLINUX_VERSION=1877.3\nGARDENLINUX_CNAME=aws-gardener_prod_usi-amd64-1877.3\naws-gardener_prod_usi-amd64-1877.3.efi\n',
                stderr: '',
              },
              expected: { available: false, rebootRequired: false },
            },
          ],
          verify: [
            {
              description: 'rebooted into 1877.4',
              before: gardenLinuxNode('Garden Linux 1877.3', 'b1'),
              after: gardenLinuxNode('Garden Linux 1877.4', 'b2'),
              target: { version: '1877.4' },
              ok: true,
            },
            {
              description: 'systemd-boot fell back to 1877.3',
              before: gardenLinuxNode('Garden Linux 1877.3', 'b1'),
              after: gardenLinuxNode('Garden Linux 1877.3', 'b2'),
              target: { version: '1877.4' },
              ok: false,
            },
          ],
        },
      },
      only: ['updates:', 'capabilities:', 'image', 'identity'],
    });
    expect(report.failures.map((failure) => failure.message)).toEqual([]);
    expect(report.results.some((result) => result.id === 'updates:plan')).toBe(true);
  });
});

describe('Garden Linux under Gardener (OperatingSystemConfig and Shoot patch)', () => {
  it('passes the conformance suite except the join, which Gardener owns', async () => {
    const report = await runAdapterConformance(createGardenLinux, {
      settings: { mode: 'gardener' },
      goldenDir: new URL('../golden/conformance-gardener/', import.meta.url),
      pools: [...GARDENER_POOLS, ...OVERRIDE_POOLS],
      // Under Gardener every flavour works (gcp included): only the shape of the options is checked.
      invalidAdapterOptions: invalidAdapterOptions.filter(
        (sample) => sample.value.flavor !== 'gcp-gardener_prod',
      ),
      probes: replacementProbes,
    });
    expect(report.results.length).toBeGreaterThan(100);
    // Every failure is a rendered pool whose output lacks the bootstrap token, the API server and
    // the CA: under Gardener those come from the Shoot (gardener-node-agent's bootstrap), never
    // from the pool. Nothing else may fail.
    const unexpected: string[] = [];
    for (const failure of report.failures) {
      const problems = ConformanceError.isInstance(failure.error)
        ? failure.error.problems
        : [failure.message ?? failure.id];
      for (const problem of problems)
        if (
          !/^the output of pool '[^']+' does not carry (the bootstrap token|the API server host and port|the cluster CA) .*: a node could not join$/.test(
            problem,
          )
        )
          unexpected.push(`${failure.id}: ${problem}`);
    }
    expect(unexpected).toEqual([]);
    const failed = new Set(report.failures.map((failure) => failure.id));
    expect(failed.has('honest:minimal')).toBe(true);
    expect(failed.has('honest:gardener-worker')).toBe(true);
    for (const passed of [
      'honest:users-ssh',
      'honest:network',
      'golden:gardener-node',
      'validate:gardener-worker',
    ])
      expect(failed.has(passed)).toBe(false);
  }, 120_000);
});
