import { describe, expect, it } from 'vitest';
import { PENDING_TAINT } from './node-annotations.js';
import { executorHarness } from './rollout-executor-harness.js';

const POOL_LABEL = 'kubenode.dev/pool';

describe('rollout executor: nodes changing under a running rollout', () => {
  for (const phase of ['draining', 'rebooting', 'verifying'] as const) {
    it(`lets a node whose pool label is removed while ${phase} go: released, no slot held, the rest updated`, async () => {
      // Room for the smaller pool: the capacity floor is not what this test is about.
      const h = executorHarness({ policy: { capacityFloor: { percent: 30, fitRequests: false } } });
      const rollout = h.executor('kubenode-0');
      const run = h.start(rollout);
      await h.runUntil(() => h.inPhase(rollout.rolloutId, phase).length > 0, 6 * 3600, 500);
      const [leaving] = h.inPhase(rollout.rolloutId, phase);
      expect(leaving).toBeDefined();
      await h.scenario.cluster
        .client('operator')
        .patchNode(leaving as string, { metadata: { labels: { [POOL_LABEL]: null } } });
      await h.runUntil(run.ended, 12 * 3600);
      expect(run.state.error).toBeUndefined();
      const result = run.state.result;
      const rest = h.scenario.cluster
        .nodeNames()
        .filter((name) => name !== leaving)
        .sort();
      expect(result?.nodes.updated).toEqual(rest);
      expect(result?.outcome).toBe('completed');
      // Nothing kubenode cordoned stays cordoned, the node that left included.
      expect(h.cordonedBy('kubenode')).toEqual([]);
      expect(h.scenario.cluster.nodeCordon(leaving as string)?.unschedulable).toBe(false);
      const record = h.record(leaving as string, rollout.rolloutId);
      expect(record.phase).toBe('blocked');
      expect(record.reason).toBe('left the pool during its update');
      expect(record.cordonOwned).toBe(false);
      const events = h.scenario.cluster
        .recordedEvents()
        .filter((event) => event.involvedObject.name === leaving && event.reason === 'NodeLeftPool');
      expect(events).toHaveLength(1);
      expect(h.monitor.metrics().pdbBypasses).toBe(0);
    });
  }

  it('updates a node that joins the pool mid-rollout', async () => {
    const h = executorHarness({ policy: { capacityFloor: { percent: 30, fitRequests: false } } });
    const joining = 'node-00003';
    const operator = h.scenario.cluster.client('operator');
    await operator.patchNode(joining, { metadata: { labels: { [POOL_LABEL]: null } } });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(() => h.inPhase(rollout.rolloutId, 'done').length >= 2, 6 * 3600, 1000);
    expect(rollout.plan()?.order).not.toContain(joining);
    await operator.patchNode(joining, { metadata: { labels: { [POOL_LABEL]: 'workers' } } });
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toEqual(h.scenario.cluster.nodeNames().sort());
    expect(h.scenario.cluster.nodeVersion(joining)).toBe(h.scenario.profile.toVersion);
    expect(h.cordonedBy('kubenode')).toEqual([]);
  });

  it('takes its pending taint off a node that leaves the pool while it waits for its turn', async () => {
    const h = executorHarness({ policy: { capacityFloor: { percent: 30, fitRequests: false } } });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(() => h.cordonedBy('kubenode').length > 0, 3600, 1000);
    const pending = (name: string) =>
      h.node(name).spec.taints?.some((taint) => taint.key === PENDING_TAINT.key) ?? false;
    const leaving = rollout.plan()?.order.at(-1) as string;
    expect(pending(leaving)).toBe(true);
    await h.scenario.cluster
      .client('operator')
      .patchNode(leaving, { metadata: { labels: { [POOL_LABEL]: null } } });
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toHaveLength(5);
    expect(pending(leaving)).toBe(false);
    expect(h.scenario.cluster.nodeVersion(leaving)).toBe(h.scenario.profile.fromVersion);
    for (const name of h.scenario.cluster.nodeNames()) expect(pending(name)).toBe(false);
  });
});
