import {
  createRolloutExecutor,
  createTestAbImageStrategy,
  parseRolloutPolicy,
  type RolloutPolicy,
} from '@kubenode/rollout';
import { describe, expect, it } from 'vitest';
import { prepareClusterRollout } from '../src/controller/cluster-rollout.js';
import { buildPoolScenario, type PoolScenario } from './support/pool-scenario.js';
import { observeRollout, type RolloutFigures } from './support/rollout-figures.js';
import { serveScenario, TOKENS } from './support/serve-scenario.js';

const NODES = 200;
const SEED = 11;
const NAMESPACE = 'kubenode-system';

function policyFor(scenario: PoolScenario): RolloutPolicy {
  return parseRolloutPolicy({
    maxUnavailable: '10%',
    verify: { readySeconds: scenario.profile.settleSeconds },
    // Generous lease timing: the compressed clock turns wall-clock hiccups into virtual seconds.
    lease: { namespace: NAMESPACE, durationSeconds: 60, renewDeadlineSeconds: 40, retryPeriodSeconds: 5 },
  });
}

/** The reference: the same executor on the in-process simulator ports. */
async function inProcess(): Promise<RolloutFigures & { virtualSeconds: number }> {
  const scenario = buildPoolScenario({ nodes: NODES, seed: SEED });
  const policy = policyFor(scenario);
  const observed = observeRollout(scenario, policy);
  const executor = createRolloutExecutor({
    client: scenario.cluster.client('kubenode'),
    agent: scenario.cluster.agent('kubenode'),
    strategy: createTestAbImageStrategy(),
    pool: scenario.pool,
    policy,
    target: { version: scenario.profile.toVersion },
    identity: 'in-process',
    clock: scenario.engine.clock(),
  });
  const start = scenario.engine.now;
  let result: Awaited<ReturnType<typeof executor.run>> | undefined;
  let failure: unknown;
  void executor.run().then(
    (value) => (result = value),
    (error: unknown) => (failure = error),
  );
  while (result === undefined && failure === undefined && scenario.engine.now - start < 86_400_000)
    await scenario.engine.run({ untilMs: scenario.engine.now + 600_000 });
  if (failure) throw failure;
  return { ...observed.finish(result), virtualSeconds: (scenario.engine.now - start) / 1000 };
}

describe('the real client path against the served simulator', () => {
  it(`completes a ${NODES}-node rollout with the same safety figures as the in-process run`, async () => {
    const reference = await inProcess();
    expect(reference).toMatchObject({
      outcome: 'completed',
      updated: NODES,
      pdbBypasses: 0,
      budgetOverruns: 0,
      leftCordoned: 0,
    });

    const scenario = buildPoolScenario({ nodes: NODES, seed: SEED });
    const policy = policyFor(scenario);
    const observed = observeRollout(scenario, policy);
    const served = await serveScenario(scenario, { speed: 150, namespace: NAMESPACE });
    try {
      const client = served.client(TOKENS.kubenode);
      const start = scenario.engine.now;
      const rollout = await prepareClusterRollout({
        client,
        pool: scenario.pool,
        strategy: createTestAbImageStrategy(),
        policy,
        target: { version: scenario.profile.toVersion },
        identity: 'real-client',
        namespace: NAMESPACE,
        clock: scenario.engine.clock(),
      });
      const result = await rollout.executor.run();
      await rollout.close();
      const figures = observed.finish(result);
      const virtualSeconds = (scenario.engine.now - start) / 1000;

      expect(result.outcome).toBe('completed');
      expect(result.nodes.updated).toHaveLength(NODES);
      // The same safety figures as the in-process run.
      const safety = (f: RolloutFigures) => ({
        outcome: f.outcome,
        updated: f.updated,
        pdbBypasses: f.pdbBypasses,
        budgetOverruns: f.budgetOverruns,
        leftCordoned: f.leftCordoned,
      });
      expect(safety(figures)).toEqual(safety(reference));
      // Every node went through at least one cycle (a drain a budget blocks is retried later).
      expect(figures.cordons.size).toBe(NODES);
      // Watch-based caches: a handful of lists at start (nodes, pods, budgets, agents' nodes), not one per cycle.
      const stats = client.stats();
      expect(stats.byVerb.list).toBeLessThanOrEqual(12);
      expect(stats.byVerb.watch).toBeGreaterThanOrEqual(4);
      // Conflicts happened (agents and the executor write the same nodes) and were retried.
      expect(stats.byCode['409'] ?? 0).toBeGreaterThan(0);
      // The makespan is of the same order as in-process (timings differ: HTTP and wall-clock jitter).
      expect(virtualSeconds).toBeLessThan(reference.virtualSeconds * 1.6);
      console.info(
        `in-process: ${Math.round(reference.virtualSeconds)} s virtual, ${reference.repeatedCycles} drains retried; real client: ${figures.repeatedCycles} drains retried, ${Math.round(virtualSeconds)} s virtual, ${stats.requests} requests (${JSON.stringify(stats.byVerb)}), server ${served.server.requests()} requests`,
      );
    } finally {
      await served.close();
    }
  }, 600_000);
});
