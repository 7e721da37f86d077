import { describe, expect, it } from 'vitest';
import { ANNOTATIONS } from './node-annotations.js';
import { executorHarness } from './rollout-executor-harness.js';

describe('rollout executor: nodes no budget-respecting drain can empty', () => {
  it('reports them blocked without cordoning or retrying them, and updates the rest', async () => {
    // Strict budgets: some pods are covered by a budget that never allows an eviction.
    const h = executorHarness({
      nodes: 10,
      profile: 'strict',
      seed: 1,
      policy: { maxUnavailable: 2, capacityFloor: { percent: 30 }, retryBlockedAfterSeconds: 60 },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 24 * 3600);
    expect(run.state.error).toBeUndefined();
    const planned = (rollout.plan()?.blocked ?? []).map((entry) => entry.node).sort();
    expect(planned.length).toBeGreaterThan(0);
    const result = run.state.result;
    expect(result?.outcome).toBe('completed');
    expect(result?.nodes.blocked.map((entry) => entry.node)).toEqual(planned);
    for (const entry of result?.nodes.blocked ?? []) expect(entry.reason).toMatch(/PodDisruptionBudget/);
    expect(result?.nodes.updated).toEqual(
      h.scenario.cluster
        .nodeNames()
        .filter((name) => !planned.includes(name))
        .sort(),
    );
    for (const name of planned) {
      // Never disrupted, never retried: attempts are spent at once, no drain was tried.
      expect(h.node(name).metadata.annotations?.[ANNOTATIONS.started]).toBeUndefined();
      expect(h.record(name, rollout.rolloutId).attempts).toBe(h.policy.maxAttempts);
      expect(h.scenario.cluster.nodeCordon(name)?.unschedulable).toBe(false);
    }
    expect(h.scenario.cluster.requestStats().byActor.kubenode?.byVerb.delete ?? 0).toBe(0);
    expect(h.monitor.metrics().pdbBypasses).toBe(0);
    expect(h.cordonedBy('kubenode')).toEqual([]);
  });
});
