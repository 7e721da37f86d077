import { describe, expect, it } from 'vitest';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { executorHarness } from './rollout-executor-harness.js';

const REASON = 'uncordoned by someone else during its drain; left in service';

/** A harness whose drains take a while (typical budgets) with room in every zone. */
function harness(maxUnavailable = 1) {
  return executorHarness({
    profile: 'typical',
    policy: {
      maxUnavailable,
      retryBlockedAfterSeconds: 60,
      capacityFloor: { percent: 30, fitRequests: false },
    },
  });
}

describe("rollout executor: an operator's cordon on a node kubenode is working on", () => {
  it('keeps the cordon of an operator who uncordoned a draining node and cordoned it again', async () => {
    // Two slots: the operator's cordon then holds one (a node out of service for any reason does).
    const h = harness(2);
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(() => h.inPhase(rollout.rolloutId, 'draining').length > 0, 6 * 3600, 500);
    const [name] = h.inPhase(rollout.rolloutId, 'draining') as [string];
    const operator = h.scenario.cluster.client('operator');
    await operator.patchNode(name, { spec: { unschedulable: false } });
    await h.runUntil(() => false, 5, 1000);
    h.scenario.cluster.cordonAs('operator', name);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.error).toBeUndefined();
    expect(h.scenario.cluster.nodeCordon(name)).toEqual({ unschedulable: true, by: 'operator' });
    expect(h.scenario.cluster.nodeVersion(name)).toBe(h.scenario.profile.fromVersion);
    expect(h.reboots(name)).toBe(0);
    expect(h.record(name, rollout.rolloutId).cordonOwned).toBe(false);
    expect(run.state.result?.nodes.updated).toEqual(
      h.scenario.cluster
        .nodeNames()
        .filter((other) => other !== name)
        .sort(),
    );
    expect(run.state.result?.nodes.skipped).toEqual([
      { node: name, reason: 'cordoned by someone else; left alone' },
    ]);
    expect(h.cordonedBy('kubenode')).toEqual([]);
  });

  it('stops draining a node an operator uncordons, reports it, and updates it on a later attempt', async () => {
    const h = harness();
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(() => h.inPhase(rollout.rolloutId, 'draining').length > 0, 6 * 3600, 500);
    const [name] = h.inPhase(rollout.rolloutId, 'draining') as [string];
    await h.scenario.cluster.client('operator').patchNode(name, { spec: { unschedulable: false } });
    await h.runUntil(() => h.record(name, rollout.rolloutId).phase !== 'draining', 60, 1000);
    const record = h.record(name, rollout.rolloutId);
    expect(record.phase).toBe('blocked');
    expect(record.reason).toBe(REASON);
    expect(record.cordonOwned).toBe(false);
    expect(h.reboots(name)).toBe(0);
    const events = h.scenario.cluster
      .recordedEvents()
      .filter((event) => event.involvedObject.name === name && event.reason === 'DrainBlocked');
    expect(events.map((event) => event.message)).toEqual([REASON]);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toEqual(h.scenario.cluster.nodeNames().sort());
    expect(h.record(name, rollout.rolloutId).attempts).toBe(2);
    expect(h.reboots(name)).toBe(1);
    expect(h.cordonedBy('kubenode')).toEqual([]);
    expect(h.monitor.metrics().pdbBypasses).toBe(0);
  });

  it('does not cordon again a node an operator uncordoned while no executor ran', async () => {
    const h = harness();
    const crash = new AbortController();
    const first = h.executor('kubenode-0');
    const run = h.start(first, crash.signal);
    await h.runUntil(() => h.inPhase(first.rolloutId, 'draining').length > 0, 6 * 3600, 500);
    const [name] = h.inPhase(first.rolloutId, 'draining') as [string];
    crash.abort(new Error('process killed'));
    await h.runUntil(run.ended, 60);
    await h.scenario.cluster.client('operator').patchNode(name, { spec: { unschedulable: false } });
    const second = h.executor('kubenode-1');
    const resumed = h.start(second);
    await h.runUntil(() => h.record(name, first.rolloutId).phase !== 'draining', 60, 1000);
    const record = h.record(name, first.rolloutId);
    expect(record.phase).toBe('blocked');
    expect(record.reason).toBe(REASON);
    expect(record.cordonOwned).toBe(false);
    expect(h.scenario.cluster.nodeCordon(name)?.unschedulable).toBe(false);
    await h.runUntil(resumed.ended, 12 * 3600);
    expect(resumed.state.error).toBeUndefined();
    expect(resumed.state.result?.nodes.updated).toEqual(h.scenario.cluster.nodeNames().sort());
    expect(h.reboots(name)).toBe(1);
    expect(h.cordonedBy('kubenode')).toEqual([]);
  });

  it('does not reboot a drained node an operator uncordoned before its reboot', async () => {
    // apt's install (30–150 s) runs between the drain and the reboot.
    const h = executorHarness({
      distro: 'debian',
      strategy: createTestPackageStrategy(),
      policy: { retryBlockedAfterSeconds: 60, capacityFloor: { percent: 30, fitRequests: false } },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(() => h.inPhase(rollout.rolloutId, 'applying').length > 0, 6 * 3600, 500);
    const [name] = h.inPhase(rollout.rolloutId, 'applying') as [string];
    await h.scenario.cluster.client('operator').patchNode(name, { spec: { unschedulable: false } });
    await h.runUntil(() => h.record(name, rollout.rolloutId).phase !== 'applying', 600, 1000);
    const record = h.record(name, rollout.rolloutId);
    expect(record.phase).toBe('blocked');
    expect(record.reason).toBe('uncordoned by someone else before its reboot; left in service');
    expect(h.reboots(name)).toBe(0);
    expect(h.scenario.cluster.nodeCordon(name)?.unschedulable).toBe(false);
    const events = h.scenario.cluster
      .recordedEvents()
      .filter((event) => event.involvedObject.name === name && event.reason === 'NodeUpdateBlocked');
    expect(events).toHaveLength(1);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toEqual(h.scenario.cluster.nodeNames().sort());
    expect(h.reboots(name)).toBe(1);
    expect(h.monitor.metrics().pdbBypasses).toBe(0);
    expect(h.cordonedBy('kubenode')).toEqual([]);
  });
});
