// The rollout engine against its goals, measured in one run (issue 8, reference/updates.md §7):
//   - at 1,000 nodes / 3 zones / typical profile: kubenode's efficiency (lower bound ÷ makespan,
//     goal >= 0.85) and its speed-up over the kured default emulation on the same cluster (goal
//     >= 10x with zero PDB bypasses); the other emulations run on the same cluster for comparison;
//   - the planner on a 10,000-node cluster (goal <= 1 s);
//   - a whole 10,000-node simulation of kubenode's executor (goal < 60 s of wall time).
// Simulated times are deterministic per seed; wall times depend on the machine (reported as-is).
// Run: npm run bench -- rollout   (KUBENODE_BENCH_SEEDS=1,2,3 to change the seeds)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

// The sources are run directly (no build), so provide what tsup would inject.
(globalThis as { __PACKAGE_VERSION__?: string }).__PACKAGE_VERSION__ ??= '0.0.0-bench';
const {
  createScenario,
  createTestAbImageStrategy,
  parseClusterSnapshot,
  parseRolloutPolicy,
  planRollout,
  resolveRolloutPolicy,
  runSimulation,
  formatDuration,
} = await import('@kubenode/rollout');
type SimulationReport = Awaited<ReturnType<typeof runSimulation>>;

const root = new URL('..', import.meta.url).pathname;
const seeds = (process.env.KUBENODE_BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const log = (line: string) => console.log(line);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summary(report: SimulationReport) {
  return {
    finished: report.finished,
    ended: report.ended,
    makespanSeconds: report.makespanSeconds,
    lowerBoundSeconds: report.lowerBoundSeconds,
    efficiency: report.efficiency,
    bindingConstraint: report.bindingConstraint,
    predictedMakespanSeconds: report.predictedMakespanSeconds,
    nodesUpdated: report.nodes.updated,
    nodesNotUpdated: report.nodes.notUpdated,
    pdbBypasses: report.pdbBypasses,
    podsKilledWithoutEviction: report.safety.podsKilledWithoutEviction,
    budgetOverruns: report.budgetOverruns,
    maxNodesDisrupted: report.safety.maxNodesDisrupted,
    capacityBelowFloorSeconds: report.capacityBelowFloor,
    nodesLeftCordoned: report.nodesLeftCordoned,
    doubleEvictions: report.doubleEvictions,
    evictions: report.safety.evictions,
    wallClockMs: report.wallClockMs,
  };
}

// 1. 1,000 nodes, 3 zones, typical profile: kubenode and every emulation on the same clusters
//    (common random numbers: the same seed gives every policy the same cluster and timings).
const policies = ['kubenode', 'kured', 'fluo', 'brupop', 'suc'] as const;
type Row = ReturnType<typeof summary>;
async function cell(policy: (typeof policies)[number], seed: number, unevictable: boolean): Promise<Row> {
  const report = await runSimulation({
    nodes: 1000,
    zones: 3,
    profile: 'typical',
    seed,
    policy,
    unevictable,
  });
  log(
    `1000 nodes${unevictable ? '' : ' (no unevictable PDBs)'} seed ${seed} ${policy.padEnd(8)} makespan ${report.makespanSeconds === null ? `not finished (${report.ended} after ${formatDuration(report.simulatedSeconds)}, ${report.nodes.updated} updated)` : formatDuration(report.makespanSeconds)}, bound ${formatDuration(report.lowerBoundSeconds)} (${report.bindingConstraint}), efficiency ${report.efficiency ?? '-'}, pdbBypasses ${report.pdbBypasses}, budgetOverruns ${report.budgetOverruns}, left cordoned ${report.nodesLeftCordoned}, double evictions ${report.doubleEvictions} [${(report.wallClockMs / 1000).toFixed(1)} s]`,
  );
  return summary(report);
}
const typical: Record<string, Row[]> = {};
for (const policy of policies) {
  typical[policy] = [];
  for (const seed of seeds) typical[policy].push(await cell(policy, seed, true));
}
const kubenodeRuns = typical.kubenode!;
const efficiencies = kubenodeRuns.map((run) => run.efficiency ?? 0);
const efficiencyMin = Math.min(...efficiencies);
const kubenodeBypasses = kubenodeRuns.reduce((sum, run) => sum + run.pdbBypasses, 0);

// 1b. kured's default drain never times out, so on the typical profile (1 % of budgets allow no
//     eviction) it holds its lock on the first such node forever and never finishes. The speed-up
//     is therefore measured on the same clusters without those budgets, where kured finishes.
const drainable: Record<string, Row[]> = { kubenode: [], kured: [] };
for (const policy of ['kubenode', 'kured'] as const)
  for (const seed of seeds) drainable[policy]!.push(await cell(policy, seed, false));
const speedUps = drainable.kubenode!.map((run, index) => {
  const kured = drainable.kured![index]!;
  return run.makespanSeconds && kured.makespanSeconds ? kured.makespanSeconds / run.makespanSeconds : 0;
});
const drainableBypasses = drainable.kubenode!.reduce((sum, run) => sum + run.pdbBypasses, 0);
const speedUpMin = Math.min(...speedUps);

// 2. The planner on 10,000 nodes (the cluster generated once; the plan computed several times).
//    Measured in a function so that its cluster (about 300,000 pods) is garbage once it returns:
//    held on, it would double the heap the simulation below collects, as it never is when one
//    CLI process plans or simulates.
function measurePlanner() {
  const planScenario = createScenario({ nodes: 10_000, zones: 3, profile: 'typical', seed: seeds[0]! });
  const items = planScenario.cluster.snapshot().items;
  const snapshot = parseClusterSnapshot({ items });
  const planPolicy = parseRolloutPolicy({
    maxUnavailable: '10%',
    verify: { readySeconds: planScenario.profile.settleSeconds },
  });
  const resolved = resolveRolloutPolicy({ policy: planPolicy, poolSize: 10_000, pool: planScenario.pool });
  const capabilities = createTestAbImageStrategy().capabilities;
  const planTimes: number[] = [];
  const planCpuTimes: number[] = [];
  let planned: ReturnType<typeof planRollout> | undefined;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    planned = planRollout({
      snapshot,
      policy: resolved,
      capabilities,
      timing: planScenario.timing,
      startMs: planScenario.engine.now,
    });
    planTimes.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpu);
    planCpuTimes.push((used.user + used.system) / 1e6);
  }
  const planSeconds = median(planTimes);
  const planCpuSeconds = median(planCpuTimes);
  log(
    `planner, 10,000 nodes / ${snapshot.pods.length} pods / ${snapshot.pdbs.length} PDBs: median ${planSeconds.toFixed(3)} s wall, ${planCpuSeconds.toFixed(3)} s CPU, of ${planTimes.length} (fastest ${Math.min(...planTimes).toFixed(3)} s); bound ${formatDuration(planned!.lowerBound.seconds)}, predicted ${formatDuration(planned!.predictedMakespanSeconds)}`,
  );
  return {
    pods: snapshot.pods.length,
    pdbs: snapshot.pdbs.length,
    planSeconds,
    planCpuSeconds,
    planTimes,
  };
}
const { pods: plannerPods, pdbs: plannerPdbs, planSeconds, planCpuSeconds, planTimes } = measurePlanner();

// 3. A whole 10,000-node simulation of kubenode's executor.
const bigCpu = process.cpuUsage();
const big = await runSimulation({
  nodes: 10_000,
  zones: 3,
  profile: 'typical',
  seed: seeds[0]!,
  policy: 'kubenode',
});
const bigCpuUsed = process.cpuUsage(bigCpu);
const bigCpuSeconds = (bigCpuUsed.user + bigCpuUsed.system) / 1e6;
log(
  `simulation, 10,000 nodes (${big.scenario.pods} pods): ${(big.wallClockMs / 1000).toFixed(1)} s wall, ${bigCpuSeconds.toFixed(1)} s CPU, for ${formatDuration(big.simulatedSeconds)} simulated; makespan ${big.makespanSeconds === null ? 'not finished' : formatDuration(big.makespanSeconds)}, efficiency ${big.efficiency ?? '-'}, pdbBypasses ${big.pdbBypasses}`,
);

const goals = {
  efficiency: { goal: '>= 0.85 (every seed)', value: efficiencyMin, met: efficiencyMin >= 0.85 },
  speedUpOverKured: {
    goal: '>= 10x with zero PDB bypasses (every seed; clusters without unevictable budgets, where kured finishes)',
    value: Number(speedUpMin.toFixed(2)),
    met: speedUpMin >= 10 && drainableBypasses === 0 && kubenodeBypasses === 0,
  },
  plannerSeconds10k: {
    goal: '<= 1 s (wall, median of 5)',
    value: Number(planSeconds.toFixed(3)),
    met: planSeconds <= 1,
  },
  simulationSeconds10k: {
    goal: '< 60 s (wall)',
    value: Number((big.wallClockMs / 1000).toFixed(1)),
    met: big.finished && big.wallClockMs < 60_000,
  },
};
const result = {
  name: 'rollout',
  seeds,
  thousandNodes: { nodes: 1000, zones: 3, profile: 'typical', runs: typical },
  thousandNodesWithoutUnevictableBudgets: { nodes: 1000, zones: 3, profile: 'typical', runs: drainable },
  efficiencies,
  speedUpsOverKured: speedUps.map((value) => Number(value.toFixed(2))),
  planner: {
    nodes: 10_000,
    pods: plannerPods,
    pdbs: plannerPdbs,
    secondsMedian: Number(planSeconds.toFixed(3)),
    secondsAll: planTimes.map((value) => Number(value.toFixed(3))),
    cpuSecondsMedian: Number(planCpuSeconds.toFixed(3)),
  },
  simulation10k: { ...summary(big), cpuSeconds: Number(bigCpuSeconds.toFixed(1)) },
  loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))),
  cpus: cpus().length,
  goals,
  node: process.version,
};
for (const [name, goal] of Object.entries(goals))
  log(`goal ${name}: ${goal.value} (${goal.goal}): ${goal.met ? 'met' : 'NOT met'}`);
const dir = process.env.KUBENODE_BENCH_RESULTS ?? join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'rollout.json'), `${JSON.stringify(result, null, 2)}\n`);
