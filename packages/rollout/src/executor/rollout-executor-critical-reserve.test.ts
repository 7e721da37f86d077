import { describe, expect, it } from 'vitest';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { executorHarness } from './rollout-executor-harness.js';

describe('rollout executor: slots kept for critical budget chains', () => {
  it('does not keep a slot for a critical node an operator cordoned: the other nodes go, it is skipped', async () => {
    // Two slots: the operator's cordon takes one (a node out of service for any reason counts).
    const h = executorHarness({
      distro: 'debian',
      strategy: createTestPackageStrategy(),
      // Room in every zone for two nodes out (the cordoned one and one updating).
      policy: { maxUnavailable: 2, capacityFloor: { percent: 30, fitRequests: false } },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(() => rollout.plan() !== undefined, 60, 1000);
    const plan = rollout.plan();
    const critical = new Set(plan?.criticalPdbs);
    expect(critical.size).toBeGreaterThan(0);
    // A node of a critical chain, staged and not started yet: an operator takes it for maintenance.
    const stagedCritical = () =>
      plan?.model.nodes.find(
        (node) =>
          node.pdbKeys.some((key) => critical.has(key)) &&
          h.record(node.name, rollout.rolloutId).phase === 'staged',
      )?.name;
    await h.runUntil(() => stagedCritical() !== undefined, 3600, 1000);
    const second = stagedCritical();
    expect(second).toBeDefined();
    h.scenario.cluster.cordonAs('operator', second as string);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.error).toBeUndefined();
    expect(run.state.result?.outcome).toBe('completed');
    const others = (plan?.order ?? []).filter((name) => name !== second).sort();
    expect(run.state.result?.nodes.updated).toEqual(others);
    expect(run.state.result?.nodes.skipped).toEqual([
      { node: second, reason: 'cordoned by someone else; left alone' },
    ]);
    expect(h.scenario.cluster.nodeCordon(second as string)).toEqual({ unschedulable: true, by: 'operator' });
    expect(h.scenario.cluster.nodeVersion(second as string)).toBe(h.scenario.profile.fromVersion);
    expect(h.cordonedBy('kubenode')).toEqual([]);
  });
});
