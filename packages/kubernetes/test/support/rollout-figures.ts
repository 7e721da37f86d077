import {
  resolveRolloutPolicy,
  SafetyMonitor,
  type RolloutPolicy,
  type RolloutResultV1,
} from '@kubenode/rollout';
import type { PoolScenario } from './pool-scenario.js';

/** The safety and progress figures of one rollout, from the simulator's ground truth. */
export interface RolloutFigures {
  readonly outcome: RolloutResultV1['outcome'];
  readonly total: number;
  /** Nodes on the target version and in service. */
  readonly updated: number;
  /** S1a: pods terminated while their PDB allowed no disruption. */
  readonly pdbBypasses: number;
  /** S4: most nodes disrupted at once beyond the budget. */
  readonly budgetOverruns: number;
  /** S3: nodes kubenode left cordoned that it does not report as quarantined. */
  readonly leftCordoned: number;
  /** Cordons beyond the first per node (each is a second disruption cycle of that node). */
  readonly repeatedCycles: number;
  /** Cordons by kubenode per node. */
  readonly cordons: ReadonlyMap<string, number>;
}

/** Attaches a safety monitor and counts kubenode's cordons; `finish` reads the figures. */
export function observeRollout(scenario: PoolScenario, policy: RolloutPolicy) {
  const { cluster, engine, profile } = scenario;
  const budget = resolveRolloutPolicy({
    policy,
    poolSize: cluster.nodeNames().length,
    pool: scenario.pool,
  }).maxUnavailable;
  const monitor = new SafetyMonitor({
    orchestrator: 'kubenode',
    budget,
    floorPercent: policy.capacityFloor.percent,
    zones: 3,
    start: engine.now,
  });
  cluster.attachMonitor(monitor);
  const cordoned = new Map<string, boolean>();
  const cordons = new Map<string, number>();
  let repeatedCycles = 0;
  cluster.observeNodes((node) => {
    const was = cordoned.get(node.name) ?? false;
    if (!was && node.unschedulable && node.cordonedBy === 'kubenode')
      cordons.set(node.name, (cordons.get(node.name) ?? 0) + 1);
    cordoned.set(node.name, node.unschedulable);
  });
  return {
    budget,
    finish(result: RolloutResultV1 | undefined): RolloutFigures {
      monitor.finish(engine.now);
      const metrics = monitor.metrics();
      const quarantined = new Set(result?.quarantined ?? []);
      let leftCordoned = 0;
      let updated = 0;
      for (const name of cluster.nodeNames()) {
        const cordon = cluster.nodeCordon(name);
        if (cordon?.unschedulable && cordon.by === 'kubenode' && !quarantined.has(name)) leftCordoned++;
        if (cluster.nodeVersion(name) === profile.toVersion && cluster.nodeUp(name)) updated++;
      }
      for (const count of cordons.values()) if (count > 1) repeatedCycles += count - 1;
      return {
        outcome: result?.outcome ?? 'aborted',
        total: cluster.nodeNames().length,
        updated,
        pdbBypasses: metrics.pdbBypasses,
        budgetOverruns: metrics.budgetOverruns,
        leftCordoned,
        repeatedCycles,
        cordons,
      };
    },
  };
}
