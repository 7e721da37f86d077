import type { UpdateStrategyV1 } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createScenario, type Scenario } from '../simulator/generate-scenario.js';
import { Random } from '../simulator/random.js';
import { runSimulation } from '../simulator/run-simulation.js';
import { SafetyMonitor } from '../simulator/safety-monitor.js';
import { createTestAbImageStrategy } from '../test-support/test-ab-image-strategy.js';
import { parseRolloutPolicy, type RolloutPolicyInput } from '../policy/rollout-policy.js';
import { ANNOTATIONS, PENDING_TAINT, readNodeRecord } from './node-annotations.js';
import { acknowledgeNodeFailure, pauseRollout, resumeRollout } from './rollout-control.js';
import { createRolloutExecutor, type RolloutExecutor } from './rollout-executor.js';
import type { RolloutResultV1 } from './rollout-result.js';

const NODES = 42;

/** A scenario with kubenode's executor driven by hand (for crashes, aborts, acknowledgements). */
function harness(
  options: {
    seed?: number;
    policy?: RolloutPolicyInput;
    profile?: 'lenient' | 'typical' | 'strict';
    strategy?: UpdateStrategyV1;
  } = {},
) {
  const scenario = createScenario({
    nodes: NODES,
    zones: 3,
    profile: options.profile ?? 'typical',
    seed: options.seed ?? 3,
  });
  const policy = parseRolloutPolicy({
    maxUnavailable: 4,
    failureBudget: 10,
    verify: { readySeconds: scenario.profile.settleSeconds },
    ...options.policy,
  });
  const monitor = new SafetyMonitor({
    orchestrator: 'kubenode',
    budget: typeof policy.maxUnavailable === 'number' ? policy.maxUnavailable : 4,
    floorPercent: policy.capacityFloor.percent,
    zones: 3,
    start: scenario.engine.now,
  });
  scenario.cluster.attachMonitor(monitor);
  const strategy = options.strategy ?? createTestAbImageStrategy();
  const executor = (identity: string, actor = 'kubenode') => {
    const random = Random.derive(identity, 'jitter');
    return createRolloutExecutor({
      client: scenario.cluster.client(actor),
      agent: scenario.cluster.agent(actor),
      strategy,
      pool: scenario.pool,
      policy,
      target: { version: scenario.profile.toVersion },
      identity,
      clock: scenario.engine.clock(),
      random: () => random.next(),
      timing: scenario.timing,
    });
  };
  return { scenario, policy, monitor, executor, strategy };
}

/** Runs virtual time until `done()` or `limitSeconds` passed. */
async function runUntil(scenario: Scenario, done: () => boolean, limitSeconds: number): Promise<void> {
  const end = scenario.engine.now + limitSeconds * 1000;
  while (!done() && scenario.engine.now < end) {
    await scenario.engine.run({ untilMs: Math.min(end, scenario.engine.now + 60_000) });
  }
}

function start(executor: RolloutExecutor, signal?: AbortSignal) {
  const state: { result?: RolloutResultV1; error?: unknown } = {};
  const promise = executor.run(signal).then(
    (result) => {
      state.result = result;
    },
    (error: unknown) => {
      state.error = error;
    },
  );
  return { state, promise };
}

function cordonedBy(scenario: Scenario, actor: string): string[] {
  return scenario.cluster.nodeNames().filter((name) => scenario.cluster.nodeCordon(name)?.by === actor);
}

function phases(scenario: Scenario, rolloutId: string): Map<string, string | undefined> {
  const map = new Map<string, string | undefined>();
  for (const node of scenario.cluster.snapshot().items) {
    if (node.kind !== 'Node') continue;
    map.set(node.metadata.name, readNodeRecord(node as never, rolloutId).phase);
  }
  return map;
}

describe('rollout executor: safety under injected faults', () => {
  it('updates every drainable node with no PDB bypass, no budget overrun and nothing left cordoned (faults: high)', async () => {
    for (const seed of [11, 12]) {
      const report = await runSimulation({
        nodes: NODES,
        zones: 3,
        profile: 'typical',
        seed,
        policy: 'kubenode',
        faults: 'high',
        rolloutPolicy: { maxUnavailable: 4, failureBudget: 10 },
      });
      expect(report.finished).toBe(true);
      expect(report.pdbBypasses).toBe(0);
      expect(report.safety.podsKilledWithoutEviction).toBe(0);
      expect(report.budgetOverruns).toBe(0);
      expect(report.safety.maxNodesDisrupted).toBeLessThanOrEqual(4);
      expect(report.nodesLeftCordoned).toBe(0);
      const accounted =
        (report.nodes.blocked ?? 0) + (report.nodes.failed ?? 0) + (report.nodes.reverted ?? 0);
      expect(report.nodes.updated + accounted).toBeGreaterThanOrEqual(NODES - (report.nodes.skipped ?? 0));
      expect(report.nodes.updated).toBeGreaterThan(NODES / 2);
    }
  });

  it('never disrupts more nodes than the budget: failed nodes hold their slots until acknowledged', async () => {
    const { scenario, monitor, executor } = harness({
      // Two dead nodes in one 14-node zone leave it at 86 %: a 60 % floor still lets the rest go.
      policy: { maxUnavailable: 2, waves: { canaryPerZone: 0 }, capacityFloor: { percent: 60 } },
    });
    for (const node of scenario.cluster.nodes.values()) node.host.neverReturns = true;
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    const failed = () =>
      [...phases(scenario, rollout.rolloutId)]
        .filter(([, phase]) => phase === 'failed')
        .map(([name]) => name);
    await runUntil(scenario, () => failed().length >= 2, 6 * 3600);
    expect(failed()).toHaveLength(2);
    // Both budget slots are held by the failed nodes: nothing else is touched, however long we wait.
    const touched = [...phases(scenario, rollout.rolloutId)].filter(
      ([, phase]) => phase !== undefined && phase !== 'staged' && phase !== 'staging',
    );
    await runUntil(scenario, () => false, 2 * 3600);
    const touchedLater = [...phases(scenario, rollout.rolloutId)].filter(
      ([, phase]) => phase !== undefined && phase !== 'staged' && phase !== 'staging',
    );
    expect(touchedLater).toEqual(touched);
    expect(monitor.metrics().maxNodesDisrupted).toBeLessThanOrEqual(2);
    expect(monitor.metrics().budgetOverruns).toBe(0);
    // The failed nodes stay cordoned by kubenode (quarantine) until an operator acknowledges them.
    for (const name of failed())
      expect(scenario.cluster.nodeCordon(name)).toEqual({ unschedulable: true, by: 'kubenode' });
    for (const node of scenario.cluster.nodes.values()) node.host.neverReturns = false;
    const operator = scenario.cluster.client('operator');
    for (const name of failed())
      expect(await acknowledgeNodeFailure(operator, name, rollout.rolloutId)).toBe(true);
    await runUntil(
      scenario,
      () => run.state.result !== undefined || run.state.error !== undefined,
      24 * 3600,
    );
    expect(run.state.error).toBeUndefined();
    expect(run.state.result?.outcome).toBe('completed-with-failures');
    expect(run.state.result?.nodes.failed.map((entry) => entry.acknowledged)).toEqual([true, true]);
    expect(run.state.result?.quarantined).toEqual([]);
    expect(cordonedBy(scenario, 'kubenode')).toEqual([]);
    expect(monitor.metrics().budgetOverruns).toBe(0);
    expect(monitor.metrics().pdbBypasses).toBe(0);
  });

  it('leaves no node cordoned by kubenode after an abort, and never touches a node an operator cordoned', async () => {
    const { scenario, executor } = harness();
    const held = 'node-00007';
    scenario.cluster.cordonAs('operator', held);
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    await runUntil(scenario, () => cordonedBy(scenario, 'kubenode').length >= 2, 3 * 3600);
    expect(cordonedBy(scenario, 'kubenode').length).toBeGreaterThanOrEqual(2);
    rollout.abort();
    await runUntil(scenario, () => run.state.result !== undefined || run.state.error !== undefined, 6 * 3600);
    expect(run.state.error).toBeUndefined();
    expect(run.state.result?.outcome).toBe('aborted');
    expect(cordonedBy(scenario, 'kubenode')).toEqual([]);
    expect(scenario.cluster.nodeCordon(held)).toEqual({ unschedulable: true, by: 'operator' });
    expect(scenario.cluster.nodeVersion(held)).toBe(scenario.profile.fromVersion);
    expect(run.state.result?.nodes.skipped).toContainEqual({
      node: held,
      reason: 'cordoned by someone else; left alone',
    });
  });

  it('resumes after an executor crash mid-drain and finishes the pool', async () => {
    const { scenario, monitor, executor } = harness({ seed: 5 });
    const crash = new AbortController();
    const first = executor('kubenode-0');
    const run = start(first, crash.signal);
    const draining = () =>
      [...phases(scenario, first.rolloutId)]
        .filter(([, phase]) => phase === 'draining')
        .map(([name]) => name);
    await runUntil(scenario, () => draining().length > 0, 3 * 3600);
    const interrupted = draining();
    expect(interrupted.length).toBeGreaterThan(0);
    crash.abort(new Error('process killed'));
    await runUntil(scenario, () => run.state.error !== undefined, 60);
    expect(run.state.result).toBeUndefined();
    // The crashed process changed nothing after dying: its nodes are still cordoned and draining.
    for (const name of interrupted) expect(scenario.cluster.nodeCordon(name)?.by).toBe('kubenode');
    await runUntil(scenario, () => false, 30);
    const second = executor('kubenode-1');
    const resumed = start(second);
    await runUntil(
      scenario,
      () => resumed.state.result !== undefined || resumed.state.error !== undefined,
      24 * 3600,
    );
    expect(resumed.state.error).toBeUndefined();
    expect(resumed.state.result?.outcome).toMatch(/^completed/);
    for (const name of interrupted) expect(resumed.state.result?.nodes.updated).toContain(name);
    expect(cordonedBy(scenario, 'kubenode')).toEqual([]);
    expect(monitor.metrics().pdbBypasses).toBe(0);
    expect(monitor.metrics().budgetOverruns).toBe(0);
    const blocked = resumed.state.result?.nodes.blocked.length ?? 0;
    expect(resumed.state.result?.nodes.updated.length).toBe(
      NODES - blocked - (resumed.state.result?.nodes.reverted.length ?? 0),
    );
  });

  it('lets only the Lease holder act; a second replica takes over when the first dies', async () => {
    const { scenario, executor } = harness({ seed: 6 });
    const crash = new AbortController();
    const a = executor('replica-a', 'kubenode');
    const b = executor('replica-b', 'kubenode-standby');
    const runA = start(a, crash.signal);
    const runB = start(b);
    await runUntil(scenario, () => false, 1800);
    const stats = scenario.cluster.requestStats().byActor;
    expect(stats.kubenode?.byVerb.patch ?? 0).toBeGreaterThan(0);
    expect(stats['kubenode-standby']?.byVerb.patch ?? 0).toBe(0);
    expect(stats['kubenode-standby']?.byVerb.evict ?? 0).toBe(0);
    const lease = await scenario.cluster.client('test').getLease('kube-system', 'kubenode-rollout-workers');
    expect(lease.spec.holderIdentity).toBe('replica-a');
    crash.abort(new Error('replica-a died'));
    await runUntil(
      scenario,
      () => runB.state.result !== undefined || runB.state.error !== undefined,
      24 * 3600,
    );
    expect(runA.state.error).toBeDefined();
    expect(runB.state.error).toBeUndefined();
    expect(runB.state.result?.outcome).toMatch(/^completed/);
    expect(scenario.cluster.requestStats().byActor['kubenode-standby']?.byVerb.patch ?? 0).toBeGreaterThan(0);
    // The standby started only after the dead holder's Lease expired (15 s) or was released.
    expect(cordonedBy(scenario, 'kubenode')).toEqual([]);
    expect(cordonedBy(scenario, 'kubenode-standby')).toEqual([]);
  });

  it('halts a bad release once the failure budget is spent, rolling the failed nodes back', async () => {
    const ab = createTestAbImageStrategy();
    const bad: UpdateStrategyV1 = {
      ...ab,
      verify: () => ({ ok: false, reasons: ['health check failed: the release is bad'] }),
    };
    const { scenario, monitor, executor } = harness({
      seed: 7,
      strategy: bad,
      policy: { failureBudget: 2, maxUnavailable: 4 },
    });
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    await runUntil(
      scenario,
      () => run.state.result !== undefined || run.state.error !== undefined,
      24 * 3600,
    );
    expect(run.state.error).toBeUndefined();
    expect(run.state.result?.outcome).toBe('halted');
    expect(run.state.result?.haltReason).toMatch(/exceed the failure budget of 2/);
    // Blast radius: the third failure halts; besides those, only the canary wave's nodes that were
    // already in flight (at most two more) finish their cycle.
    const reverted = run.state.result?.nodes.reverted ?? [];
    expect(reverted.length).toBeGreaterThanOrEqual(3);
    expect(reverted.length).toBeLessThanOrEqual(5);
    for (const { node, reason } of reverted) {
      expect(reason).toMatch(/rolled back/);
      expect(scenario.cluster.nodeVersion(node)).toBe(scenario.profile.fromVersion);
    }
    expect(run.state.result?.nodes.updated).toEqual([]);
    expect(cordonedBy(scenario, 'kubenode')).toEqual([]);
    expect(monitor.metrics().pdbBypasses).toBe(0);
    const lease = await scenario.cluster.client('test').getLease('kube-system', 'kubenode-rollout-workers');
    expect(lease.metadata.annotations?.[ANNOTATIONS.halted]).toMatch(/failure budget/);
  });

  it('retries a node whose new image did not boot (A/B fallback) and then updates it', async () => {
    const { scenario, executor } = harness({
      seed: 8,
      policy: { failureBudget: '100%', retryBlockedAfterSeconds: 60 },
    });
    for (const node of scenario.cluster.nodes.values()) node.host.failBoot = true;
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    await runUntil(
      scenario,
      () => run.state.result !== undefined || run.state.error !== undefined,
      48 * 3600,
    );
    expect(run.state.error).toBeUndefined();
    const result = run.state.result as RolloutResultV1;
    expect(result.nodes.reverted).toEqual([]);
    expect(result.nodes.updated.length).toBe(NODES - result.nodes.blocked.length);
    for (const name of result.nodes.updated)
      expect(scenario.cluster.nodeVersion(name)).toBe(scenario.profile.toVersion);
  });

  it('starts no node while paused and finishes once resumed', async () => {
    const { scenario, executor } = harness({ seed: 9 });
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    await runUntil(scenario, () => cordonedBy(scenario, 'kubenode').length > 0, 3 * 3600);
    const operator = scenario.cluster.client('operator');
    await pauseRollout(operator, rollout.lease);
    await runUntil(scenario, () => cordonedBy(scenario, 'kubenode').length === 0, 6 * 3600);
    const started = () =>
      scenario.cluster
        .snapshot()
        .items.filter(
          (item) => item.kind === 'Node' && item.metadata.annotations?.[ANNOTATIONS.started] !== undefined,
        ).length;
    const before = started();
    await runUntil(scenario, () => false, 2 * 3600);
    expect(started()).toBe(before);
    expect(run.state.result).toBeUndefined();
    await resumeRollout(operator, rollout.lease);
    await runUntil(
      scenario,
      () => run.state.result !== undefined || run.state.error !== undefined,
      24 * 3600,
    );
    expect(run.state.result?.outcome).toMatch(/^completed/);
    expect(started()).toBeGreaterThan(before);
  });

  it('leaves the nodes it reports blocked without the pending taint, as room for evicted pods', async () => {
    // Strict budgets: 3 of the 42 nodes host a pod whose budget never allows an eviction.
    const { scenario, monitor, executor } = harness({ profile: 'strict', seed: 3 });
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    const pendingTaint = (name: string) =>
      scenario.cluster
        .snapshot()
        .items.some(
          (item) =>
            item.kind === 'Node' &&
            item.metadata.name === name &&
            (item as { spec: { taints?: { key: string }[] } }).spec.taints?.some(
              (taint) => taint.key === PENDING_TAINT.key,
            ),
        );
    // Once the first node is cordoned, every pending node carries the taint except the blocked ones.
    await runUntil(scenario, () => cordonedBy(scenario, 'kubenode').length > 0, 3600);
    const untainted = scenario.cluster.nodeNames().filter((name) => !pendingTaint(name));
    await runUntil(
      scenario,
      () => run.state.result !== undefined || run.state.error !== undefined,
      24 * 3600,
    );
    expect(run.state.error).toBeUndefined();
    const blocked = (run.state.result?.nodes.blocked ?? []).map((outcome) => outcome.node).sort();
    expect(blocked).toHaveLength(3);
    expect(untainted.sort()).toEqual(blocked);
    expect(run.state.result?.nodes.updated).toHaveLength(NODES - blocked.length);
    for (const name of scenario.cluster.nodeNames()) expect(pendingTaint(name)).toBe(false);
    expect(monitor.metrics().pdbBypasses).toBe(0);
    expect(monitor.metrics().budgetOverruns).toBe(0);
  });

  it('disrupts nodes only inside the maintenance window', async () => {
    const { scenario, executor } = harness({
      seed: 10,
      policy: { window: { start: '02:00', duration: '3h', timeZone: 'UTC' } },
    });
    const rollout = executor('kubenode-0');
    const run = start(rollout);
    await runUntil(scenario, () => run.state.result !== undefined, 3 * 86_400);
    expect(run.state.result?.outcome).toMatch(/^completed/);
    for (const item of scenario.cluster.snapshot().items) {
      const started = item.metadata.annotations?.[ANNOTATIONS.started];
      if (!started) continue;
      const hour = new Date(started).getUTCHours();
      expect(hour >= 2 && hour < 5).toBe(true);
    }
  });
});
