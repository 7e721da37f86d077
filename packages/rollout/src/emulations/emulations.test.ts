import { describe, expect, it } from 'vitest';
import { runSimulation, type SimulationOptions } from '../simulator/run-simulation.js';

const base = { nodes: 24, zones: 3, profile: 'typical', seed: 21, stallSeconds: 12 * 3600 } satisfies Omit<
  SimulationOptions,
  'policy'
>;

describe('policy emulations on the same simulator', () => {
  it('kured: a PodDisruptionBudget that never allows an eviction stalls the whole pool behind its lock', async () => {
    const kured = await runSimulation({ ...base, policy: 'kured' });
    expect(kured.nodes.unupdatable).toBeGreaterThan(0);
    expect(kured.finished).toBe(false);
    expect(kured.ended).toBe('stalled');
    expect(kured.pdbBypasses).toBe(0);
    // The lock holder stays cordoned, draining forever (kured#82, #145).
    expect(kured.nodesLeftCordoned).toBe(1);
    const kubenode = await runSimulation({
      ...base,
      policy: 'kubenode',
      rolloutPolicy: { maxUnavailable: 3 },
    });
    expect(kubenode.finished).toBe(true);
    expect(kubenode.nodes.updated + kubenode.nodes.unupdatable).toBe(base.nodes);
    expect(kubenode.nodes.blocked).toBe(kubenode.nodes.unupdatable);
    expect(kubenode.nodesLeftCordoned).toBe(0);
    expect(kubenode.pdbBypasses).toBe(0);
  });

  it('FLUO: reboots anyway after its 600 s drain timeout, bypassing the budget', async () => {
    const fluo = await runSimulation({ ...base, policy: 'fluo' });
    expect(fluo.pdbBypasses).toBeGreaterThan(0);
    expect(fluo.finished).toBe(true);
    expect(fluo.nodes.updated).toBe(base.nodes);
    expect(fluo.budgetOverruns).toBe(0);
  });

  it('SUC: the Job deadline fails the node, which stays cordoned while the plan stalls', async () => {
    const suc = await runSimulation({ ...base, policy: 'suc' });
    expect(suc.finished).toBe(false);
    expect(suc.nodesLeftCordoned).toBe(1);
    expect(suc.pdbBypasses).toBe(0);
  });

  it('brupop: waits forever on the budget, without bypassing it', async () => {
    const brupop = await runSimulation({ ...base, policy: 'brupop' });
    expect(brupop.finished).toBe(false);
    expect(brupop.pdbBypasses).toBe(0);
    expect(brupop.nodesLeftCordoned).toBe(1);
  });

  it('without unevictable budgets every tool finishes, one node at a time, and kubenode is fastest', async () => {
    const options = { ...base, unevictable: false, seed: 22 };
    const reports = await Promise.all(
      // The lower bound is computed with kubenode's budget (3 nodes) for every row.
      (['kured', 'fluo', 'brupop', 'suc', 'kubenode'] as const).map((policy) =>
        runSimulation({ ...options, policy, rolloutPolicy: { maxUnavailable: 3 } }),
      ),
    );
    for (const report of reports) {
      expect(report.lowerBoundSeconds).toBe(reports[4]!.lowerBoundSeconds);
      if (report.policy === 'kubenode') continue;
      expect(report.safety.maxNodesDisrupted).toBe(1);
      expect(report.makespanSeconds).toBeGreaterThan(reports[4]!.makespanSeconds as number);
    }
    expect(reports.find((report) => report.policy === 'suc')?.finished).toBe(true);
  });

  it('emulations ride out transient API errors (429, 500) instead of crashing the run', async () => {
    // FLUO's reconcile used to throw on a 429 from its Node LIST under the high fault profile.
    const fluo = await runSimulation({
      nodes: 40,
      zones: 3,
      profile: 'strict',
      seed: 2,
      faults: 'high',
      policy: 'fluo',
    });
    expect(fluo.finished).toBe(true);
    expect(fluo.nodes.updated).toBe(40);
    expect(fluo.budgetOverruns).toBe(0);
  });
});
