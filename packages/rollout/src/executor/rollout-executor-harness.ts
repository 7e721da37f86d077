import type { UpdateStrategyV1 } from '@kubenode/core';
import type { K8sNode } from '../kubernetes/kubernetes-objects.js';
import { parseRolloutPolicy, type RolloutPolicyInput } from '../policy/rollout-policy.js';
import type { NodeAgentV1 } from '../ports/node-agent-v1.js';
import { createScenario, type Scenario } from '../simulator/generate-scenario.js';
import { Random } from '../simulator/random.js';
import { SafetyMonitor } from '../simulator/safety-monitor.js';
import { createTestAbImageStrategy } from '../test-support/test-ab-image-strategy.js';
import { readNodeRecord, type NodeRecord } from './node-annotations.js';
import { createRolloutExecutor, type RolloutExecutor } from './rollout-executor.js';
import type { RolloutResultV1 } from './rollout-result.js';

/** Options of {@link executorHarness}. */
export interface ExecutorHarnessOptions {
  readonly nodes?: number;
  readonly zones?: number;
  readonly seed?: number;
  readonly profile?: 'lenient' | 'typical' | 'strict';
  /** Simulator timing profile (default `flatcar`). */
  readonly distro?: string;
  readonly policy?: RolloutPolicyInput;
  readonly strategy?: UpdateStrategyV1;
  /** Wraps the simulated agent (to inject agent failures). */
  readonly agent?: (agent: NodeAgentV1) => NodeAgentV1;
}

/** A started executor run: its result or error once it ended. */
export interface HarnessRun {
  readonly state: { result?: RolloutResultV1; error?: unknown };
  readonly promise: Promise<void>;
  readonly ended: () => boolean;
}

/**
 * A small generated cluster (lenient budgets by default) with kubenode's executor driven by hand,
 * for the executor's focused tests: crashes, node lifecycle changes, admission and results.
 */
export function executorHarness(options: ExecutorHarnessOptions = {}) {
  const scenario = createScenario({
    nodes: options.nodes ?? 6,
    zones: options.zones ?? 2,
    profile: options.profile ?? 'lenient',
    seed: options.seed ?? 1,
    daemonSets: 2,
    distro: options.distro ?? 'flatcar',
  });
  const policy = parseRolloutPolicy({
    maxUnavailable: 1,
    failureBudget: 10,
    verify: { readySeconds: scenario.profile.settleSeconds },
    waves: { canaryPerZone: 0 },
    capacityFloor: { percent: 50 },
    ...options.policy,
  });
  const monitor = new SafetyMonitor({
    orchestrator: 'kubenode',
    budget: typeof policy.maxUnavailable === 'number' ? policy.maxUnavailable : 1,
    floorPercent: policy.capacityFloor.percent,
    zones: options.zones ?? 2,
    start: scenario.engine.now,
  });
  scenario.cluster.attachMonitor(monitor);
  const strategy = options.strategy ?? createTestAbImageStrategy();
  const executor = (identity: string, actor = 'kubenode'): RolloutExecutor => {
    const random = Random.derive(identity, 'jitter');
    const agent = scenario.cluster.agent(actor);
    return createRolloutExecutor({
      client: scenario.cluster.client(actor),
      agent: options.agent ? options.agent(agent) : agent,
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
  /** Runs virtual time until `done()` (checked every `stepMs`) or `limitSeconds` passed. */
  const runUntil = async (done: () => boolean, limitSeconds: number, stepMs = 60_000): Promise<void> => {
    const end = scenario.engine.now + limitSeconds * 1000;
    while (!done() && scenario.engine.now < end) {
      const why = await scenario.engine.run({ untilMs: Math.min(end, scenario.engine.now + stepMs) });
      // Nothing left to happen: later instants would change nothing.
      if (why === 'idle') return;
    }
  };
  const start = (rollout: RolloutExecutor, signal?: AbortSignal): HarnessRun => {
    const state: { result?: RolloutResultV1; error?: unknown } = {};
    const promise = rollout.run(signal).then(
      (result) => {
        state.result = result;
      },
      (error: unknown) => {
        state.error = error;
      },
    );
    return { state, promise, ended: () => state.result !== undefined || state.error !== undefined };
  };
  const node = (name: string): K8sNode =>
    scenario.cluster
      .snapshot()
      .items.find((item) => item.kind === 'Node' && item.metadata.name === name) as K8sNode;
  const record = (name: string, rolloutId: string): NodeRecord => readNodeRecord(node(name), rolloutId);
  /** Pool nodes in `phase`. */
  const inPhase = (rolloutId: string, phase: string): string[] =>
    scenario.cluster.nodeNames().filter((name) => record(name, rolloutId).phase === phase);
  /** Nodes cordoned by `actor`. */
  const cordonedBy = (actor: string): string[] =>
    scenario.cluster.nodeNames().filter((name) => scenario.cluster.nodeCordon(name)?.by === actor);
  /** Reboots each node's host went through. */
  const reboots = (name: string): number => scenario.cluster.nodes.get(name)?.host.reboots ?? -1;
  return {
    scenario,
    policy,
    monitor,
    strategy,
    executor,
    runUntil,
    start,
    node,
    record,
    inPhase,
    cordonedBy,
    reboots,
  };
}

/** The harness {@link executorHarness} returns. */
export type ExecutorHarness = ReturnType<typeof executorHarness>;

/** Shorthand for a scenario's type in tests. */
export type HarnessScenario = Scenario;
