import {
  ExternalToolError,
  SpecValidationError,
  UnsupportedFeatureError,
  validateNodePool,
} from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import { gardenLinuxNode } from './__fixtures__/gardenlinux-test-pools.js';
import { createGardenLinux, gardenLinuxVersionOf, parseUsiBootState } from './index.js';

const minimal = canonicalPool('minimal', 'gardenlinux');
const node = gardenLinuxNode('Garden Linux 1877.3', 'boot-1');

describe('image replacement (the default)', () => {
  const { updates } = createGardenLinux();

  it('is declared as image replacement with osImage and bootID verification and no node steps', () => {
    expect(updates.kind).toBe('image-replacement');
    expect(updates.capabilities.inPlace).toBe(false);
    expect(updates.verificationKeys).toEqual(['osImage', 'bootID']);
    expect(updates.planNode({ pool: minimal, node, target: { version: '1877.4' } })).toEqual({
      node: 'worker-1',
      steps: [],
    });
    expect(updates.nodeConfiguration(minimal)).toEqual({ files: [], units: [] });
  });

  it('verifies the replacement by release and boot id', () => {
    const replaced = gardenLinuxNode('Garden Linux 1877.4', 'boot-2');
    expect(updates.verify({ before: node, after: replaced, target: { version: '1877.4' } })).toEqual({
      ok: true,
      reasons: [],
    });
    expect(updates.verify({ before: node, after: replaced, target: {} }).ok).toBe(true);
    const older = updates.verify({
      before: node,
      after: gardenLinuxNode('Garden Linux 1877.3', 'boot-2'),
      target: {},
    });
    expect(older.reasons).toEqual([
      'osImage still reports Garden Linux 1877.3 (was 1877.3): the update did not take effect',
    ]);
    const foreign = updates.verify({
      before: node,
      after: gardenLinuxNode('Debian GNU/Linux 12 (bookworm)', 'x'),
      target: {},
    });
    expect(foreign.reasons[0]).toMatch(/not a Garden Linux release string/);
  });

  it('refuses to plan a pool whose flavour updates differently from the adapter’s', () => {
    const usiPool = validateNodePool({
      ...minimal,
      spec: { ...minimal.spec, adapterOptions: { gardenlinux: { flavor: 'aws-gardener_prod_usi' } } },
    });
    try {
      updates.planNode({ pool: usiPool, node, target: { version: '1877.4' } });
      expect.unreachable();
    } catch (error) {
      expect(UnsupportedFeatureError.isInstance(error)).toBe(true);
      expect((error as UnsupportedFeatureError).field).toBe('spec.adapterOptions.gardenlinux.flavor');
      expect((error as UnsupportedFeatureError).alternative).toContain("flavor: 'aws-gardener_prod_usi'");
    }
  });
});

describe('in place on standalone _usi flavours (gardenlinux-update)', () => {
  const { updates } = createGardenLinux({ flavor: 'aws-gardener_prod_usi' });

  it('stages with gardenlinux-update while serving, confirms, reboots, verifies and can roll back', () => {
    expect(updates.kind).toBe('ab-partition');
    expect(updates.capabilities).toEqual({
      inPlace: true,
      abPartitions: true,
      stageWhileServing: true,
      rollback: true,
      requiresReboot: true,
      livepatch: false,
    });
    const plan = updates.planNode({ pool: minimal, node, target: { version: '1877.4' } });
    expect(plan.steps.map((step) => [step.phase, step.whileServing])).toEqual([
      ['detect', true],
      ['stage', true],
      ['apply', false],
      ['reboot', false],
      ['verify', false],
      ['rollback', false],
    ]);
    expect(plan.steps[1]!.command).toEqual(['/usr/bin/gardenlinux-update', '1877.4']);
    expect(plan.steps[2]!.command[2]).toContain('/efi/EFI/Linux/*-1877.4+*.efi');
    expect(plan.steps[4]!.command[2]).toBe('. /etc/os-release && test "$GARDENLINUX_VERSION" = "1877.4"');
    expect(plan.steps[5]!.command[2]).toContain(
      'rm -f /efi/EFI/Linux/*-1877.4.efi /efi/EFI/Linux/*-1877.4+*.efi',
    );
  });

  it('takes the version from the pool when the rollout gives none, and refuses to plan without one', () => {
    const pinned = validateNodePool({
      ...minimal,
      spec: { ...minimal.spec, image: { arch: 'amd64', version: '1877.5' } },
    });
    expect(updates.planNode({ pool: pinned, node, target: {} }).steps[1]!.command).toEqual([
      '/usr/bin/gardenlinux-update',
      '1877.5',
    ]);
    expect(() => updates.planNode({ pool: minimal, node, target: {} })).toThrowError(
      expect.objectContaining({ name: 'KubenodeSpecValidationError' }) as unknown as Error,
    );
    try {
      updates.planNode({ pool: minimal, node, target: {} });
    } catch (error) {
      expect(SpecValidationError.isInstance(error)).toBe(true);
    }
  });

  it('reads staged UKIs from the detect output', () => {
    const stdout = [
      'GARDENLINUX_VERSION=1877.3',
      'GARDENLINUX_CNAME=aws-gardener_prod_usi-amd64-1877.3',
      'aws-gardener_prod_usi-amd64-1877.2.efi',
      'aws-gardener_prod_usi-amd64-1877.3.efi',
      'aws-gardener_prod_usi-amd64-1877.4+2-1.efi',
      'aws-gardener_prod_usi-amd64-1877.5+3.efi',
      '',
    ].join('\n');
    expect(parseUsiBootState(stdout)).toEqual({
      version: '1877.3',
      cname: 'aws-gardener_prod_usi-amd64-1877.3',
      ukis: [
        { file: 'aws-gardener_prod_usi-amd64-1877.2.efi', version: '1877.2', counting: false },
        { file: 'aws-gardener_prod_usi-amd64-1877.3.efi', version: '1877.3', counting: false },
        { file: 'aws-gardener_prod_usi-amd64-1877.4+2-1.efi', version: '1877.4', counting: true },
        { file: 'aws-gardener_prod_usi-amd64-1877.5+3.efi', version: '1877.5', counting: true },
      ],
    });
    expect(updates.interpretDetect({ exitCode: 0, stdout, stderr: '' })).toEqual({
      available: true,
      version: '1877.5',
      rebootRequired: true,
    });
    for (const output of [
      { exitCode: 2, stdout: '', stderr: 'ls: cannot access /efi/EFI/Linux' },
      { exitCode: 0, stdout: 'NAME=Debian\n', stderr: '' },
    ]) {
      try {
        updates.interpretDetect(output);
        expect.unreachable();
      } catch (error) {
        expect(ExternalToolError.isInstance(error)).toBe(true);
      }
    }
  });

  it('reads the release from osImage', () => {
    expect(gardenLinuxVersionOf('Garden Linux 1877.3')).toBe('1877.3');
    expect(gardenLinuxVersionOf('Garden Linux 2150.0.0')).toBe('2150.0.0');
    expect(gardenLinuxVersionOf('Garden Linux today')).toBeUndefined();
    expect(gardenLinuxVersionOf('Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)')).toBeUndefined();
  });
});

describe('under Gardener', () => {
  it('never updates nodes itself, even on _usi (Gardener’s in-place update does)', () => {
    const { updates, capabilities } = createGardenLinux({
      mode: 'gardener',
      flavor: 'aws-gardener_prod_usi',
    });
    expect(updates.kind).toBe('image-replacement');
    expect(capabilities.updateStrategies).toEqual(['replace']);
    expect(updates.planNode({ pool: minimal, node, target: { version: '1877.4' } }).steps).toEqual([]);
  });
});
