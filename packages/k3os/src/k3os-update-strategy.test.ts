import {
  SpecValidationError,
  validateNodePool,
  type NodeObservationV1,
  type NodePoolInput,
} from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { k3osUpdateStrategy as strategy, parseK3osOsImage } from './k3os-update-strategy.js';
import { renderK3osUpgradePlan } from './k3os-upgrade-plan.js';

const node = (osImage: string, bootID = 'b1'): NodeObservationV1 => ({
  name: 'edge-1',
  osImage,
  kernelVersion: '5.4.0',
  bootID,
  annotations: {},
});
const pool = canonicalPool('labels-taints', 'k3os');

describe('k3OS upgrades through the node agent', () => {
  it('plans detect, pre-pull while serving, upgrade after the drain, reboot, verify and rollback', () => {
    const plan = strategy.planNode({
      pool,
      node: node('k3OS v0.21.5-k3s2r1'),
      target: { version: 'v0.22.2-k3s2r0' },
    });
    expect(plan.steps.map((step) => [step.phase, step.whileServing])).toEqual([
      ['detect', true],
      ['stage', true],
      ['apply', false],
      ['reboot', false],
      ['verify', false],
      ['rollback', false],
      ['rollback', false],
      ['rollback', false],
    ]);
    expect(plan.steps[0]!.command).toEqual([
      'sh',
      '-c',
      'k3os --version && printf "kubenode-target %s\\n" "$1"',
      'sh',
      'v0.22.2-k3s2r0',
    ]);
    expect(plan.steps[1]!.command).toEqual([
      'k3s',
      'ctr',
      'images',
      'pull',
      'docker.io/rancher/k3os:v0.22.2-k3s2r0',
    ]);
    expect(plan.steps[2]!.command.join(' ')).toBe(
      'k3s ctr run --rm --privileged --mount type=bind,src=/,dst=/host,options=rbind:rw docker.io/rancher/k3os:v0.22.2-k3s2r0 kubenode-k3os-upgrade-v0.22.2-k3s2r0 k3os --debug upgrade --kernel --rootfs --remount --sync --lock-file=/host/run/k3os/upgrade.lock --source=/k3os/system --destination=/host/k3os/system',
    );
    expect(plan.steps[6]!.command).toContain('docker.io/rancher/k3os:v0.21.5-k3s2r1');
    expect(
      strategy
        .planNode({ pool, node: node('k3OS v0.22.2-k3s2r0'), target: {} })
        .steps.filter((s) => s.phase === 'rollback'),
    ).toEqual([]);
    expect(() =>
      strategy.planNode({ pool, node: node('k3OS v0.22.2-k3s2r0'), target: { version: 'v1; rm -rf /' } }),
    ).toThrow(RangeError);
  });

  it('reads the detect output', () => {
    expect(
      strategy.interpretDetect({
        exitCode: 0,
        stdout: 'k3os version v0.21.5-k3s2r1\nkubenode-target v0.22.2-k3s2r0\n',
        stderr: '',
      }),
    ).toEqual({
      available: true,
      version: 'v0.22.2-k3s2r0',
      rebootRequired: false,
    });
    expect(
      strategy.interpretDetect({
        exitCode: 0,
        stdout: 'k3os version v0.22.2-k3s2r0\nkubenode-target v0.22.2-k3s2r0\n',
        stderr: '',
      }).available,
    ).toBe(false);
    expect(strategy.interpretDetect({ exitCode: 127, stdout: '', stderr: 'k3os: not found' }).available).toBe(
      false,
    );
  });

  it('verifies the release in osImage and a new bootID', () => {
    const before = node('k3OS v0.21.5-k3s2r1', 'b1');
    expect(
      strategy.verify({
        before,
        after: node('k3OS v0.22.2-k3s2r0', 'b2'),
        target: { version: 'v0.22.2-k3s2r0' },
      }),
    ).toEqual({ ok: true, reasons: [] });
    expect(strategy.verify({ before, after: node('k3OS v0.21.5-k3s2r1', 'b1'), target: {} }).reasons).toEqual(
      [
        'bootID b1 did not change: the node has not rebooted',
        'osImage reports v0.21.5-k3s2r1, expected v0.22.2-k3s2r0',
      ],
    );
    expect(parseK3osOsImage('Ubuntu 22.04')).toBeUndefined();
    expect(strategy.kind).toBe('image-replacement');
    expect(strategy.capabilities.abPartitions).toBe(false);
  });
});

describe('the system-upgrade-controller Plan', () => {
  it("upgrades the pool's opted-in, installed nodes like upstream's k3os-latest Plan", () => {
    const plan = parse(renderK3osUpgradePlan(pool));
    expect(plan).toEqual({
      apiVersion: 'upgrade.cattle.io/v1',
      kind: 'Plan',
      metadata: {
        name: 'k3os-labels-taints',
        namespace: 'k3os-system',
        labels: { 'kubenode.dev/pool': 'labels-taints' },
      },
      spec: {
        concurrency: 1,
        version: 'v0.22.2-k3s2r0',
        nodeSelector: {
          matchLabels: {
            'node.example.com/tier': 'gold',
            pool: 'gpu',
            'topology.kubernetes.io/zone': 'eu-1a',
          },
          matchExpressions: [
            { key: 'k3os.io/upgrade', operator: 'Exists' },
            { key: 'k3os.io/upgrade', operator: 'NotIn', values: ['disabled'] },
            { key: 'k3os.io/mode', operator: 'Exists' },
            { key: 'k3os.io/mode', operator: 'NotIn', values: ['live'] },
          ],
        },
        serviceAccountName: 'k3os-upgrade',
        prepare: { image: 'docker.io/rancher/k3os', command: ['k3os', '--version'] },
        drain: { force: true, ignoreDaemonSets: true, deleteEmptydirData: true },
        upgrade: {
          image: 'docker.io/rancher/k3os',
          command: ['k3os', '--debug'],
          args: [
            'upgrade',
            '--kernel',
            '--rootfs',
            '--remount',
            '--sync',
            '--reboot',
            '--lock-file=/host/run/k3os/upgrade.lock',
            '--source=/k3os/system',
            '--destination=/host/k3os/system',
          ],
        },
      },
    });
  });

  it('turns maxUnavailable and the maintenance window into concurrency and window', () => {
    const input = structuredClone(canonicalPool('minimal', 'k3os')) as unknown as NodePoolInput;
    const windowed = validateNodePool({
      ...input,
      spec: {
        ...input.spec,
        updates: {
          maxUnavailable: '25%',
          window: { days: ['Sat', 'Sun'], start: '22:30', duration: '3h', timeZone: 'Europe/Amsterdam' },
        },
      },
    } as NodePoolInput);
    expect(() => renderK3osUpgradePlan(windowed)).toThrow(SpecValidationError);
    const plan = parse(renderK3osUpgradePlan(windowed, { nodeCount: 10, followChannel: true }));
    expect(plan.spec.concurrency).toBe(2);
    expect(plan.spec.channel).toBe('https://github.com/rancher/k3os/releases/latest');
    expect(plan.spec.version).toBeUndefined();
    expect(plan.spec.window).toEqual({
      days: ['saturday', 'sunday'],
      startTime: '22:30',
      endTime: '01:30',
      timeZone: 'Europe/Amsterdam',
    });
    expect(plan.spec.nodeSelector.matchLabels).toBeUndefined();
  });
});
