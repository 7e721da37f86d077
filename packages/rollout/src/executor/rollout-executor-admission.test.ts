import type { UpdateStrategyV1 } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../kubernetes/time-format.js';
import { nodeZone } from '../kubernetes/node-facts.js';
import { createTestAbImageStrategy } from '../test-support/test-ab-image-strategy.js';
import { ANNOTATIONS } from './node-annotations.js';
import { executorHarness, type ExecutorHarness } from './rollout-executor-harness.js';

const ROOMY = { capacityFloor: { percent: 30, fitRequests: false } } as const;

/** Start and finish (phase-since of `done`) of every node, by start. */
function cycles(h: ExecutorHarness, rolloutId: string) {
  return h.scenario.cluster
    .nodeNames()
    .map((name) => {
      const node = h.node(name);
      return {
        name,
        zone: nodeZone(node),
        start: parseTime(node.metadata.annotations?.[ANNOTATIONS.started]) ?? Number.NaN,
        end: h.record(name, rolloutId).since ?? Number.NaN,
      };
    })
    .sort((a, b) => a.start - b.start);
}

describe('rollout executor: admission', () => {
  it('disrupts up to maxUnavailable nodes at once and never more', async () => {
    const h = executorHarness({ nodes: 8, policy: { ...ROOMY, maxUnavailable: 3 } });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toHaveLength(8);
    expect(h.monitor.metrics().maxNodesDisrupted).toBe(3);
    expect(h.monitor.metrics().budgetOverruns).toBe(0);
  });

  it('starts at most rateLimit.nodes per period', async () => {
    const h = executorHarness({
      policy: { ...ROOMY, maxUnavailable: 3, rateLimit: { nodes: 2, per: '1h' } },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 24 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    const starts = cycles(h, rollout.rolloutId).map((entry) => entry.start);
    expect(starts).toHaveLength(6);
    // Any three consecutive starts span at least the hour (the period is half-open).
    for (let i = 2; i < starts.length; i++)
      expect((starts[i] as number) - (starts[i - 2] as number)).toBeGreaterThanOrEqual(3600_000);
    // The limit, not something else, spaces them: the third starts right after the hour.
    expect((starts[2] as number) - (starts[0] as number)).toBeLessThan(3600_000 + 60_000);
  });

  it('runs one canary per zone first, soaks, then grows', async () => {
    const h = executorHarness({
      nodes: 8,
      policy: { ...ROOMY, maxUnavailable: 4, waves: { canaryPerZone: 1, growthFactor: 2, soakSeconds: 900 } },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    const order = cycles(h, rollout.rolloutId);
    const canaries = order.slice(0, 2);
    expect(new Set(canaries.map((entry) => entry.zone)).size).toBe(2);
    const canaryDone = Math.max(...canaries.map((entry) => entry.end));
    for (const entry of order.slice(2)) expect(entry.start).toBeGreaterThanOrEqual(canaryDone + 900_000);
    // Growth: after the canaries the cap is canaries + (factor − 1) × updated (4 here), not 2.
    expect(h.monitor.metrics().maxNodesDisrupted).toBeGreaterThan(2);
    expect(h.monitor.metrics().maxNodesDisrupted).toBeLessThanOrEqual(4);
  });

  it('halts at the first failure beyond the failure budget: exact counts, events and skipped reasons', async () => {
    const ab = createTestAbImageStrategy();
    const bad: UpdateStrategyV1 = {
      ...ab,
      capabilities: { ...ab.capabilities, rollback: false },
      verify: () => ({ ok: false, reasons: ['health check failed'] }),
    };
    // Three slots: failed nodes keep theirs (quarantine), so a second failure needs room to happen.
    const h = executorHarness({
      nodes: 10,
      strategy: bad,
      policy: { maxUnavailable: 3, failureBudget: 1, capacityFloor: { percent: 30 } },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.error).toBeUndefined();
    const result = run.state.result;
    expect(result?.outcome).toBe('halted');
    const failedCount = result?.nodes.failed.length ?? 0;
    // The second failure halts; a node already in flight then still finishes (and fails).
    expect(failedCount).toBeGreaterThanOrEqual(2);
    expect(failedCount).toBeLessThanOrEqual(3);
    expect(result?.haltReason).toBe(`2 node failures exceed the failure budget of 1`);
    expect(result?.nodes.updated).toEqual([]);
    for (const failed of result?.nodes.failed ?? []) {
      expect(failed.reason).toBe('verification failed: health check failed');
      expect(failed.acknowledged).toBe(false);
    }
    expect(result?.quarantined).toEqual(result?.nodes.failed.map((entry) => entry.node));
    expect(result?.nodes.skipped).toHaveLength(10 - failedCount);
    expect([...(result?.nodes.reverted ?? []), ...(result?.nodes.blocked ?? [])]).toEqual([]);
    for (const skipped of result?.nodes.skipped ?? []) expect(skipped.reason).toBe('rollout halted');
    const failedEvents = h.scenario.cluster
      .recordedEvents()
      .filter((event) => event.reason === 'NodeUpdateFailed')
      .map((event) => event.involvedObject.name)
      .sort();
    expect(failedEvents).toEqual(result?.nodes.failed.map((entry) => entry.node));
    // The quarantined nodes stay cordoned by kubenode; nothing else is.
    expect(h.cordonedBy('kubenode').sort()).toEqual(result?.quarantined);
  });
});
