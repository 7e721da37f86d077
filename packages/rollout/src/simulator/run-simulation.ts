import { setMaxListeners } from 'node:events';
import type { UpdateStrategyV1 } from '@kubenode/core';
import { createRolloutExecutor } from '../executor/rollout-executor.js';
import type { RolloutResultV1 } from '../executor/rollout-result.js';
import { formatDuration, type BindingConstraint, type LowerBoundV1 } from '../plan/lower-bound.js';
import { planRollout, type RolloutPlanV1 } from '../plan/plan-rollout.js';
import { resolveRolloutPolicy } from '../policy/resolve-rollout-policy.js';
import { parseRolloutPolicy, type RolloutPolicy, type RolloutPolicyInput } from '../policy/rollout-policy.js';
import { createTestAbImageStrategy } from '../test-support/test-ab-image-strategy.js';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import type { EmulationId } from '../emulations/policy-emulation.js';
import { EMULATIONS } from '../emulations/emulations.js';
import { createScenario, type Scenario, type ScenarioOptions } from './generate-scenario.js';
import { Random } from './random.js';
import { SafetyMonitor, type SafetyMetrics } from './safety-monitor.js';

/** The policies `runSimulation` can drive: kubenode's executor, or an emulation of another tool's defaults. */
export type SimulationPolicyId = 'kubenode' | EmulationId;

/** Options of {@link runSimulation}. */
export interface SimulationOptions extends ScenarioOptions {
  readonly policy: SimulationPolicyId;
  /** kubenode's rollout policy; `maxUnavailable: 10%`, `readySeconds` = the distro's settle time otherwise default. */
  readonly rolloutPolicy?: RolloutPolicyInput;
  /** The update strategy kubenode drives (a test strategy matching the distro profile's kind by default). */
  readonly strategy?: UpdateStrategyV1;
  /** Executor crashes (kubenode): at these seconds after the start, the executor process dies. */
  readonly crashAtSeconds?: readonly number[];
  /** Seconds until a crashed executor's replacement starts (default 30). */
  readonly restartDelaySeconds?: number;
  /** Stop when nothing was updated for this long (default 2 days). */
  readonly stallSeconds?: number;
  /** Stop at this much virtual time (default 60 days). */
  readonly horizonSeconds?: number;
  /** Reports progress about every simulated 10 minutes. */
  readonly onProgress?: (progress: {
    readonly seconds: number;
    readonly updated: number;
    readonly total: number;
  }) => void;
  /** Run something against the scenario before the rollout starts (tests: cordon a node, ...). */
  readonly prepare?: (scenario: Scenario) => void;
}

/** The outcome of one simulated rollout. */
export interface SimulationReport {
  readonly scenario: {
    readonly nodes: number;
    readonly zones: number;
    readonly profile: string;
    readonly seed: number;
    readonly distro: string;
    readonly faults: string;
    readonly unevictable: boolean;
    readonly pods: number;
    readonly podDisruptionBudgets: number;
  };
  readonly policy: SimulationPolicyId;
  /** Every node the policy could update was updated (or, for kubenode, the executor finished). */
  readonly finished: boolean;
  /** Why the run ended. */
  readonly ended: 'finished' | 'stalled' | 'horizon';
  /** Start to the last node back in service on the target version; null when not finished. */
  readonly makespanSeconds: number | null;
  readonly lowerBoundSeconds: number;
  /** lowerBound ÷ makespan; null when not finished. */
  readonly efficiency: number | null;
  /** The makespan kubenode's planner predicted before anything ran. */
  readonly predictedMakespanSeconds: number;
  readonly bindingConstraint: BindingConstraint;
  readonly bindingConstraintDescription: string;
  readonly lowerBound: LowerBoundV1;
  readonly nodes: {
    readonly total: number;
    /** On the target version and in service. */
    readonly updated: number;
    /** Not on the target version at the end. */
    readonly notUpdated: number;
    /** Nodes no PDB-respecting policy can drain (kubenode's plan). */
    readonly unupdatable: number;
    /** kubenode's own report (absent for emulations). */
    readonly blocked?: number;
    readonly failed?: number;
    readonly reverted?: number;
    readonly skipped?: number;
  };
  /** S1a. */
  readonly pdbBypasses: number;
  /** S4. */
  readonly budgetOverruns: number;
  /** S2a, seconds summed over zones. */
  readonly capacityBelowFloor: number;
  /** S3: nodes cordoned by the policy at the end that it did not report as quarantined. */
  readonly nodesLeftCordoned: number;
  /** Failed nodes kubenode keeps cordoned and reports, awaiting acknowledgement. */
  readonly nodesQuarantined: number;
  /** S6. */
  readonly doubleEvictions: number;
  /** Everything the safety monitor measured. */
  readonly safety: SafetyMetrics;
  /** Node disruption (first cordon or reboot to back in service), seconds. */
  readonly cycleSeconds: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly apiRequests: { readonly total: number; readonly peakPerSecond: number };
  /** The policy's node budget used for S4. */
  readonly budget: number;
  readonly executor?: {
    readonly outcome: RolloutResultV1['outcome'];
    readonly restarts: number;
    readonly haltReason?: string;
  };
  readonly simulatedSeconds: number;
  readonly wallClockMs: number;
}

/**
 * Generates a scenario and runs one policy on it: kubenode's real executor (with executor crashes
 * and restarts when asked) or an emulation of kured, FLUO, brupop or the system-upgrade-controller
 * defaults, all against the same simulated cluster, measuring makespan, the lower bound,
 * efficiency and the safety metrics on the simulator's ground truth.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationReport> {
  const wallStart = performance.now();
  const scenario = createScenario(options);
  options.prepare?.(scenario);
  const { engine, cluster, profile } = scenario;
  const start = engine.now;
  const strategy =
    options.strategy ??
    (profile.updateKind === 'package-manager' ? createTestPackageStrategy() : createTestAbImageStrategy());
  const policy: RolloutPolicy = parseRolloutPolicy({
    maxUnavailable: '10%',
    ...options.rolloutPolicy,
    verify: { readySeconds: profile.settleSeconds, ...options.rolloutPolicy?.verify },
  });
  const snapshot = cluster.snapshot();
  const resolved = resolveRolloutPolicy({ policy, poolSize: cluster.nodes.size, pool: scenario.pool });
  const plan: RolloutPlanV1 = planRollout({
    snapshot: {
      nodes: snapshot.items.filter((item) => item.kind === 'Node') as never,
      pods: snapshot.items.filter((item) => item.kind === 'Pod') as never,
      pdbs: snapshot.items.filter((item) => item.kind === 'PodDisruptionBudget') as never,
    },
    policy: resolved,
    capabilities: strategy.capabilities,
    timing: scenario.timing,
    startMs: start,
  });

  const emulation = options.policy === 'kubenode' ? undefined : EMULATIONS[options.policy];
  const actor = emulation?.actor ?? 'kubenode';
  const budget = emulation?.budget ?? resolved.maxUnavailable;
  const monitor = new SafetyMonitor({
    orchestrator: actor,
    budget,
    floorPercent: policy.capacityFloor.percent,
    zones: cluster.zones.length,
    start,
  });
  cluster.attachMonitor(monitor);

  // Ground truth: when each node was first disrupted and when it was back in service on the target.
  const target = profile.toVersion;
  const disruptedAt = new Map<string, number>();
  const completedAt = new Map<string, number>();
  let lastProgress = start;
  cluster.observeNodes((node) => {
    const now = engine.now;
    if (
      !disruptedAt.has(node.name) &&
      ((node.unschedulable && node.cordonedBy === actor) || (!node.up && node.rebootBy === actor))
    )
      disruptedAt.set(node.name, now);
    if (!completedAt.has(node.name) && node.version === target && node.up && !node.unschedulable) {
      completedAt.set(node.name, now);
      lastProgress = now;
    }
  });

  const controller = new AbortController();
  // Every per-node loop of an emulation listens on it.
  setMaxListeners(0, controller.signal);
  let ended: SimulationReport['ended'] = 'finished';
  let finished = false;
  let executorResult: RolloutResultV1 | undefined;
  let restarts = 0;
  const total = cluster.nodes.size;

  const runKubenode = async () => {
    const crashes = [...(options.crashAtSeconds ?? [])].sort((a, b) => a - b);
    for (let incarnation = 0; ; incarnation++) {
      const crash = new AbortController();
      const signal = AbortSignal.any([crash.signal, controller.signal]);
      const crashAt = crashes[incarnation];
      const clock = engine.clock();
      let crashTimer: AbortController | undefined;
      if (crashAt !== undefined) {
        crashTimer = new AbortController();
        clock.sleep(Math.max(0, start + crashAt * 1000 - engine.now), crashTimer.signal).then(
          () => crash.abort(new Error('executor crashed (simulated)')),
          () => undefined,
        );
      }
      const random = Random.derive(options.seed, 'executor', incarnation);
      const executor = createRolloutExecutor({
        client: cluster.client('kubenode'),
        agent: cluster.agent('kubenode'),
        strategy,
        pool: scenario.pool,
        policy,
        target: { version: target },
        identity: `kubenode-rollout-${incarnation}`,
        clock,
        random: () => random.next(),
        timing: scenario.timing,
      });
      try {
        executorResult = await executor.run(signal);
        crashTimer?.abort();
        return;
      } catch (error) {
        crashTimer?.abort();
        if (controller.signal.aborted) return;
        if (!crash.signal.aborted) throw error;
        restarts++;
        await clock
          .sleep((options.restartDelaySeconds ?? 30) * 1000, controller.signal)
          .catch(() => undefined);
        if (controller.signal.aborted) return;
      }
    }
  };

  let failure: unknown;
  const task = (
    emulation
      ? emulation.run({
          scenario,
          client: cluster.client(actor),
          agent: cluster.agent(actor),
          clock: engine.clock(),
          signal: controller.signal,
          seed: options.seed,
          target,
        })
      : runKubenode()
  ).then(
    () => {
      if (!controller.signal.aborted) {
        finished = options.policy === 'kubenode' ? executorResult !== undefined : completedAt.size === total;
        controller.abort();
        engine.stop();
      }
    },
    (error: unknown) => {
      // Once the run is over, the policy's pending work rejects with the abort: not a failure.
      if (controller.signal.aborted) return;
      failure = error;
      controller.abort();
      engine.stop();
    },
  );

  const horizon = start + (options.horizonSeconds ?? 60 * 86_400) * 1000;
  const stall = (options.stallSeconds ?? 2 * 86_400) * 1000;
  let nextReport = start;
  const outcome = await engine.run({
    untilMs: horizon,
    onStep: (now) => {
      if (options.onProgress && now >= nextReport) {
        nextReport = now + 600_000;
        options.onProgress({ seconds: (now - start) / 1000, updated: completedAt.size, total });
      }
      if (emulation && completedAt.size === total) {
        finished = true;
        controller.abort();
        engine.stop();
      } else if (now - lastProgress > stall) {
        ended = 'stalled';
        controller.abort();
        engine.stop();
      }
    },
  });
  if (outcome === 'horizon') ended = 'horizon';
  if (!controller.signal.aborted) controller.abort();
  const end = engine.now;
  monitor.finish(end);
  cluster.quiesce();
  await engine.run({ untilMs: end });
  await task;
  if (failure) throw failure;
  if (!finished && ended === 'finished') ended = 'stalled';

  // S3: nodes the policy left cordoned that it did not report as quarantined.
  const quarantined = new Set(executorResult?.quarantined ?? []);
  let leftCordoned = 0;
  for (const name of cluster.nodeNames()) {
    const cordon = cluster.nodeCordon(name);
    if (cordon?.unschedulable && cordon.by === actor && !quarantined.has(name)) leftCordoned++;
  }
  let updated = 0;
  for (const name of cluster.nodeNames())
    if (cluster.nodeVersion(name) === target && cluster.nodeUp(name)) updated++;
  const cycles: number[] = [];
  for (const [name, at] of completedAt) {
    const from = disruptedAt.get(name);
    if (from !== undefined && from <= at) cycles.push((at - from) / 1000);
  }
  cycles.sort((a, b) => a - b);
  const quantile = (q: number) =>
    cycles.length === 0
      ? 0
      : Math.round(cycles[Math.min(cycles.length - 1, Math.floor(q * cycles.length))] as number);
  let last = start;
  for (const at of completedAt.values()) if (at > last) last = at;
  const makespan = finished ? (last - start) / 1000 : null;
  const safety = monitor.metrics();
  const requests = cluster.requestStats();
  const stats = requests.byActor[actor];
  const lowerBound = plan.lowerBound;
  return {
    scenario: {
      nodes: options.nodes,
      zones: scenario.options.zones,
      profile: options.profile,
      seed: options.seed,
      distro: scenario.options.distro,
      faults: scenario.options.faults.id,
      unevictable: scenario.options.unevictable,
      pods: cluster.pods.size,
      podDisruptionBudgets: cluster.pdbs.size,
    },
    policy: options.policy,
    finished,
    ended,
    makespanSeconds: makespan === null ? null : Math.round(makespan),
    lowerBoundSeconds: Math.round(lowerBound.seconds),
    efficiency:
      makespan === null || makespan === 0 ? null : Math.round((1000 * lowerBound.seconds) / makespan) / 1000,
    predictedMakespanSeconds: Math.round(plan.predictedMakespanSeconds),
    bindingConstraint: lowerBound.binding,
    bindingConstraintDescription: lowerBound.description,
    lowerBound,
    nodes: {
      total,
      updated,
      notUpdated: total - updated,
      unupdatable: plan.blocked.length,
      ...(executorResult
        ? {
            blocked: executorResult.nodes.blocked.length,
            failed: executorResult.nodes.failed.length,
            reverted: executorResult.nodes.reverted.length,
            skipped: executorResult.nodes.skipped.length,
          }
        : {}),
    },
    pdbBypasses: safety.pdbBypasses,
    budgetOverruns: safety.budgetOverruns,
    capacityBelowFloor: safety.capacityBelowFloorSeconds,
    nodesLeftCordoned: leftCordoned,
    nodesQuarantined: quarantined.size,
    doubleEvictions: safety.doubleEvictions,
    safety,
    cycleSeconds: { p50: quantile(0.5), p95: quantile(0.95), p99: quantile(0.99) },
    apiRequests: { total: stats?.total ?? 0, peakPerSecond: requests.peakPerSecond },
    budget,
    ...(options.policy === 'kubenode'
      ? {
          executor: {
            outcome: executorResult?.outcome ?? 'aborted',
            restarts,
            ...(executorResult?.haltReason ? { haltReason: executorResult.haltReason } : {}),
          },
        }
      : {}),
    simulatedSeconds: Math.round((end - start) / 1000),
    wallClockMs: Math.round(performance.now() - wallStart),
  };
}

/** One line per figure, for humans. */
export function formatSimulationReport(report: SimulationReport): string {
  const lines = [
    `policy ${report.policy} on ${report.scenario.nodes} nodes / ${report.scenario.zones} zones, profile ${report.scenario.profile}, seed ${report.scenario.seed}, faults ${report.scenario.faults}`,
    `  makespan        ${report.makespanSeconds === null ? `not finished (${report.ended} after ${formatDuration(report.simulatedSeconds)})` : formatDuration(report.makespanSeconds)}`,
    `  lower bound     ${formatDuration(report.lowerBoundSeconds)} (${report.bindingConstraint}: ${report.bindingConstraintDescription})`,
    `  efficiency      ${report.efficiency === null ? '-' : report.efficiency.toFixed(3)}`,
    `  predicted       ${formatDuration(report.predictedMakespanSeconds)} (kubenode planner)`,
    `  nodes           ${report.nodes.updated}/${report.nodes.total} updated, ${report.nodes.unupdatable} undrainable under their PDBs`,
    `  pdbBypasses ${report.pdbBypasses}  budgetOverruns ${report.budgetOverruns}  capacityBelowFloor ${report.capacityBelowFloor} s  nodesLeftCordoned ${report.nodesLeftCordoned}  doubleEvictions ${report.doubleEvictions}`,
  ];
  return `${lines.join('\n')}\n`;
}
