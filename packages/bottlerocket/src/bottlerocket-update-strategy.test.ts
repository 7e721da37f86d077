import type { NodeObservationV1 } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import {
  bottlerocketCancelSteps,
  bottlerocketUpdateStrategy as strategy,
  parseBottlerocketOsImage,
} from './bottlerocket-update-strategy.js';

const node = (osImage: string, bootID = 'boot-1'): NodeObservationV1 => ({
  name: 'node-1',
  osImage,
  kernelVersion: '6.1.112',
  bootID,
  annotations: {},
});

/** What `apiclient update check` prints on stdout (its log line goes to stderr). */
const checkOutput = (state: string, chosen: string | null) =>
  JSON.stringify(
    {
      active_partition: {
        image: { arch: 'x86_64', variant: 'aws-k8s-1.27', version: '1.14.0' },
        next_to_boot: true,
      },
      available_updates: ['1.15.0', '1.14.3', '1.14.0'],
      chosen_update: chosen === null ? null : { arch: 'x86_64', variant: 'aws-k8s-1.27', version: chosen },
      most_recent_command: {
        cmd_status: 'Success',
        cmd_type: 'refresh',
        exit_status: 0,
        stderr: '',
        timestamp: '2023-10-13T21:10:58.126609177Z',
      },
      staging_partition: null,
      update_state: state,
    },
    null,
    2,
  );

describe('Bottlerocket A/B updates', () => {
  it('declares A/B updates staged while serving, verified by osImage and bootID', () => {
    expect(strategy.kind).toBe('ab-partition');
    expect(strategy.capabilities).toMatchObject({
      abPartitions: true,
      stageWhileServing: true,
      rollback: true,
      requiresReboot: true,
    });
    expect(strategy.verificationKeys).toEqual(['osImage', 'bootID']);
    expect(strategy.nodeConfiguration(canonicalPool('minimal', 'bottlerocket'))).toEqual({
      files: [],
      units: [],
    });
  });

  it('plans version lock, check, apply while serving, reboot, verify, and a rollback to the previous version', () => {
    const plan = strategy.planNode({
      pool: canonicalPool('minimal', 'bottlerocket'),
      node: node('Bottlerocket OS 1.19.4 (aws-k8s-1.27)'),
      target: { version: '1.20.0' },
    });
    expect(plan.node).toBe('node-1');
    expect(plan.steps.map((step) => [step.phase, step.command.join(' '), step.whileServing])).toEqual([
      ['detect', 'apiclient set --json {"updates":{"version-lock":"v1.20.0","ignore-waves":true}}', true],
      ['detect', 'apiclient update check', true],
      ['stage', 'apiclient update apply', true],
      ['apply', 'apiclient update check', false],
      ['reboot', 'apiclient reboot', false],
      ['verify', '', false],
      ['rollback', 'apiclient set --json {"updates":{"version-lock":"v1.19.4","ignore-waves":true}}', false],
      ['rollback', 'signpost rollback-to-inactive', false],
      ['rollback', 'apiclient reboot', false],
    ]);
    const latest = strategy.planNode({
      pool: canonicalPool('minimal', 'bottlerocket'),
      node: node('Bottlerocket OS 1.19.4 (aws-k8s-1.27)'),
      target: {},
    });
    expect(latest.steps[0]!.command.at(-1)).toBe('{"updates":{"version-lock":"latest","ignore-waves":true}}');
    expect(bottlerocketCancelSteps({ name: 'n' }).steps[0]!.command).toEqual([
      'apiclient',
      'update',
      'cancel',
    ]);
  });

  it('reads the update status apiclient prints', () => {
    expect(
      strategy.interpretDetect({
        exitCode: 0,
        stdout: checkOutput('Available', '1.15.0'),
        stderr: '21:10:57 [INFO] Refreshing updates...',
      }),
    ).toEqual({
      available: true,
      version: '1.15.0',
      rebootRequired: false,
    });
    expect(
      strategy.interpretDetect({ exitCode: 0, stdout: checkOutput('Ready', '1.15.0'), stderr: '' }),
    ).toEqual({
      available: true,
      version: '1.15.0',
      rebootRequired: true,
    });
    expect(strategy.interpretDetect({ exitCode: 0, stdout: checkOutput('Idle', null), stderr: '' })).toEqual({
      available: false,
      rebootRequired: false,
    });
    expect(
      strategy.interpretDetect({ exitCode: 1, stdout: '', stderr: 'Failed to make refresh request' }),
    ).toEqual({ available: false, rebootRequired: false });
    expect(strategy.interpretDetect({ exitCode: 0, stdout: 'not json {', stderr: '' })).toEqual({
      available: false,
      rebootRequired: false,
    });
  });

  it('verifies the version in osImage and a new bootID', () => {
    const before = node('Bottlerocket OS 1.19.4 (aws-k8s-1.27)', 'boot-1');
    expect(
      strategy.verify({
        before,
        after: node('Bottlerocket OS 1.20.0 (aws-k8s-1.27)', 'boot-2'),
        target: { version: '1.20.0' },
      }),
    ).toEqual({ ok: true, reasons: [] });
    expect(
      strategy.verify({ before, after: node('Bottlerocket OS 1.20.0 (aws-k8s-1.27)', 'boot-2'), target: {} })
        .ok,
    ).toBe(true);
    expect(
      strategy.verify({
        before,
        after: node('Bottlerocket OS 1.19.4 (aws-k8s-1.27)', 'boot-1'),
        target: { version: '1.20.0' },
      }).reasons,
    ).toEqual([
      'bootID boot-1 did not change: the node has not rebooted',
      'osImage reports 1.19.4, expected 1.20.0',
    ]);
    expect(
      strategy.verify({ before, after: node('Bottlerocket OS 1.19.4 (aws-k8s-1.27)', 'boot-2'), target: {} })
        .reasons,
    ).toEqual(['osImage reports 1.19.4, not newer than 1.19.4']);
    expect(
      strategy.verify({ before, after: node('Bottlerocket OS 1.20.0 (aws-k8s-1.28)', 'boot-2'), target: {} })
        .reasons,
    ).toEqual(['variant changed from aws-k8s-1.27 to aws-k8s-1.28']);
    expect(strategy.verify({ before, after: node('Ubuntu 22.04.4 LTS', 'boot-2'), target: {} }).ok).toBe(
      false,
    );
    expect(parseBottlerocketOsImage('Bottlerocket OS 1.26.1 (metal-k8s-1.29)')).toEqual({
      version: '1.26.1',
      variant: 'metal-k8s-1.29',
    });
  });
});
