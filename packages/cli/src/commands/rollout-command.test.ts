import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../exit-codes.js';
import { runCli } from '../run-cli.js';

const examples = new URL('../../../../examples/', import.meta.url).pathname;

async function run(
  args: string[],
  options: { tty?: boolean; cwd?: string; env?: Record<string, string> } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      env: options.env ?? {},
      cwd: options.cwd ?? examples,
      stderrIsTty: options.tty ?? false,
    },
  });
  return { code, stdout, stderr };
}

interface SimulateJson {
  scenario: { nodes: number; zones: number; profile: string; seed: number; pods: number };
  policy: string;
  finished: boolean;
  makespanSeconds: number | null;
  lowerBoundSeconds: number;
  efficiency: number | null;
  predictedMakespanSeconds: number;
  bindingConstraint: string;
  bindingConstraintDescription: string;
  pdbBypasses: number;
  budgetOverruns: number;
  capacityBelowFloor: number;
  nodesLeftCordoned: number;
  doubleEvictions: number;
  budget: number;
  nodes: { total: number; updated: number; notUpdated: number; unupdatable: number };
  safety: { maxNodesDisrupted: number; evictions: number };
  wallClockMs?: number;
}

const small = ['--nodes', '24', '--zones', '3', '--profile', 'typical', '--seed', '7'];

describe('kubenode rollout simulate', () => {
  it('runs the kubenode executor and prints the figures by name in JSON', async () => {
    const { code, stdout, stderr } = await run([
      'rollout',
      'simulate',
      ...small,
      '--policy',
      'kubenode',
      '--json',
    ]);
    expect(stderr).toMatch(/simulated .* of kubenode on 24 nodes/);
    expect(code).toBe(ExitCode.ok);
    const report = JSON.parse(stdout) as SimulateJson;
    expect(report.scenario).toMatchObject({ nodes: 24, zones: 3, profile: 'typical', seed: 7 });
    expect(report.policy).toBe('kubenode');
    expect(report.finished).toBe(true);
    expect(report.nodes.total).toBe(24);
    expect(report.nodes.updated + report.nodes.unupdatable).toBe(24);
    expect(report.makespanSeconds).toBeGreaterThan(0);
    expect(report.lowerBoundSeconds).toBeGreaterThan(0);
    // The bound is a bound: no run beats it, and efficiency is exactly bound ÷ makespan.
    expect(report.makespanSeconds).toBeGreaterThanOrEqual(report.lowerBoundSeconds);
    expect(report.efficiency).toBeCloseTo(report.lowerBoundSeconds / (report.makespanSeconds ?? 1), 3);
    expect(report.bindingConstraint).toMatch(/^(critical-path|capacity|per-zone|pdb|window)$/);
    expect(report.bindingConstraintDescription.length).toBeGreaterThan(10);
    // Safety: kubenode never bypasses a PDB, never exceeds its budget, leaves nothing cordoned.
    expect(report.pdbBypasses).toBe(0);
    expect(report.budgetOverruns).toBe(0);
    expect(report.nodesLeftCordoned).toBe(0);
    // Re-evictions are measured, not forbidden: early in a rollout no updated node has room yet.
    expect(report.doubleEvictions).toBeLessThan(report.safety.evictions);
    expect(report.safety.maxNodesDisrupted).toBeLessThanOrEqual(report.budget);
    expect(report.safety.evictions).toBeGreaterThan(0);
    expect(typeof report.capacityBelowFloor).toBe('number');
    // Wall-clock time stays out of the output: same seed, same bytes.
    expect(report.wallClockMs).toBeUndefined();
    const again = await run(['rollout', 'simulate', ...small, '--policy', 'kubenode', '--json']);
    expect(again.stdout).toBe(stdout);
  });

  it('runs the kured emulation on the same cluster and reports it slower than kubenode', async () => {
    const kubenode = JSON.parse(
      (await run(['rollout', 'simulate', ...small, '--policy', 'kubenode', '--json'])).stdout,
    ) as SimulateJson;
    const { code, stdout } = await run([
      'rollout',
      'simulate',
      ...small,
      '--policy',
      'kured',
      '--output',
      'json',
    ]);
    expect(code).toBe(ExitCode.ok);
    const kured = JSON.parse(stdout) as SimulateJson;
    expect(kured.policy).toBe('kured');
    expect(kured.scenario.pods).toBe(kubenode.scenario.pods);
    expect(kured.lowerBoundSeconds).toBe(kubenode.lowerBoundSeconds);
    // kured reboots one node at a time cluster-wide.
    expect(kured.safety.maxNodesDisrupted).toBe(1);
    expect(kured.makespanSeconds ?? Number.POSITIVE_INFINITY).toBeGreaterThan(kubenode.makespanSeconds ?? 0);
  });

  it('prints a table with makespan, bound, efficiency, binding constraint and safety figures', async () => {
    const json = JSON.parse(
      (await run(['rollout', 'simulate', ...small, '--policy', 'fluo', '--json'])).stdout,
    ) as SimulateJson;
    const { code, stdout } = await run(['rollout', 'simulate', ...small, '--policy', 'fluo']);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toMatch(/makespan/i);
    expect(stdout).toMatch(/lower bound/i);
    expect(stdout).toMatch(/efficiency/i);
    expect(stdout).toContain(json.bindingConstraint);
    expect(stdout).toContain(`pdbBypasses ${json.pdbBypasses} `);
    expect(stdout).toContain(`budgetOverruns ${json.budgetOverruns} `);
    expect(stdout).toContain(`capacityBelowFloor ${json.capacityBelowFloor} s`);
    expect(stdout).toContain(`nodesLeftCordoned ${json.nodesLeftCordoned} `);
    expect(stdout).toContain(`doubleEvictions ${json.doubleEvictions}`);
    expect(stdout).toMatch(/cycle\s+p50/);
    if (json.efficiency !== null) expect(stdout).toContain(json.efficiency.toFixed(3));
  });

  it('draws a progress bar on stderr only when stderr is a terminal', async () => {
    const tty = await run(['rollout', 'simulate', ...small, '--policy', 'brupop', '--json'], { tty: true });
    expect(tty.code).toBe(ExitCode.ok);
    expect(tty.stderr).toMatch(/\r\[#*\.*\]\s+\d+% \d+\/24 nodes/);
    // The last line erases the bar before the summary.
    expect(tty.stderr).toContain('\r\u001b[Ksimulated ');
    const pipe = await run(['rollout', 'simulate', ...small, '--policy', 'brupop', '--json']);
    expect(pipe.stderr).not.toContain('\r');
    expect(pipe.stdout).toBe(tty.stdout);
    // No colour in it: NO_COLOR keeps it; a dumb terminal cannot erase a line, so it gets none.
    const noColor = await run(['rollout', 'simulate', ...small, '--policy', 'brupop'], {
      tty: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stderr).toContain('\r[');
    const dumb = await run(['rollout', 'simulate', ...small, '--policy', 'brupop'], {
      tty: true,
      env: { TERM: 'dumb' },
    });
    expect(dumb.stderr).not.toContain('\r');
  });

  it('resumes after an executor crash and stays safe under injected faults (--crash-at, --faults high)', async () => {
    const { code, stdout } = await run([
      'rollout',
      'simulate',
      ...small,
      '--faults',
      'high',
      '--crash-at',
      '600,2400',
      '--json',
    ]);
    expect(code).toBe(ExitCode.ok);
    const report = JSON.parse(stdout) as SimulateJson & {
      executor: { outcome: string; restarts: number };
      scenario: { faults: string };
    };
    expect(report.scenario.faults).toBe('high');
    expect(report.executor.restarts).toBe(2);
    expect(report.finished).toBe(true);
    expect(report.pdbBypasses).toBe(0);
    expect(report.budgetOverruns).toBe(0);
    expect(report.nodesLeftCordoned).toBe(0);
  });

  it.each([
    [['--nodes', '0'], '--nodes: expected an integer from 1'],
    [['--nodes', 'ten'], '--nodes: expected an integer'],
    [['--profile', 'chaotic'], '--profile: expected lenient, typical, strict'],
    [['--policy', 'cluster-api'], '--policy: expected kubenode, kured, fluo, brupop, suc'],
    [['--max-unavailable', '150%'], '--max-unavailable: expected a node count or a percentage'],
    [
      ['--max-unavailable', '0'],
      "--max-unavailable: expected a node count or a percentage such as 10% (at least 1 node, 1% to 100%); got '0'",
    ],
    [['--max-unavailable', '0%'], "got '0%'"],
    [['--seed', '-1'], '--seed: expected an integer from 0'],
    [['--output', 'xml'], 'xml'],
    [['--bogus'], "unknown option '--bogus'"],
  ])('exits 2 on a usage error (%j)', async (args, message) => {
    const { code, stdout, stderr } = await run(['rollout', 'simulate', ...args]);
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on a RolloutPolicy document that is missing or invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-rollout-'));
    const missing = await run(['rollout', 'simulate', '--rollout-policy', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(ExitCode.invalidInput);
    expect(missing.stderr).toContain('nope.yaml');
    writeFileSync(join(dir, 'policy.yaml'), 'maxUnavailable: -3\n');
    const invalid = await run(['rollout', 'simulate', '--nodes', '6', '--rollout-policy', 'policy.yaml'], {
      cwd: dir,
    });
    expect(invalid.code).toBe(ExitCode.invalidInput);
    expect(invalid.stderr).toContain('maxUnavailable');
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });

  it('applies a RolloutPolicy document to the kubenode run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-rollout-'));
    writeFileSync(join(dir, 'policy.yaml'), 'maxUnavailable: 1\n');
    const { code, stdout } = await run(
      ['rollout', 'simulate', ...small, '--rollout-policy', 'policy.yaml', '--json'],
      {
        cwd: dir,
      },
    );
    expect(code).toBe(ExitCode.ok);
    const report = JSON.parse(stdout) as SimulateJson;
    expect(report.budget).toBe(1);
    expect(report.safety.maxNodesDisrupted).toBe(1);
    expect(report.budgetOverruns).toBe(0);
  });
});

interface PlanJson {
  source: string;
  pool: { name: string; nodes: number; nodeSelector: string };
  order: string[];
  blocked: { node: string; reason: string }[];
  budget: { maxUnavailable: number; zones: { zone: string; nodes: number; spare: number }[] };
  lowerBound: { seconds: number; binding: string; description: string; criticalPathSeconds: number };
  predictedMakespanSeconds: number;
  model?: unknown;
}

function node(name: string, zone: string, pool = 'workers') {
  return {
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubenode.dev/pool': pool, 'topology.kubernetes.io/zone': zone },
    },
    spec: {},
    status: {
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
      nodeInfo: { bootID: `boot-${name}`, osImage: 'Flatcar Container Linux 4152.2.0' },
    },
  };
}

function pod(name: string, nodeName: string, app: string) {
  return {
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      labels: { app },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-rs`, uid: `${app}-uid`, controller: true },
      ],
    },
    spec: { nodeName, containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '500m' } } }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

describe('kubenode rollout plan', () => {
  it('plans a generated cluster: bound, binding constraint, predicted makespan', async () => {
    const { code, stdout } = await run(['rollout', 'plan', ...small, '--json']);
    expect(code).toBe(ExitCode.ok);
    const plan = JSON.parse(stdout) as PlanJson;
    expect(plan.model).toBeUndefined();
    expect(plan.source).toContain('24 nodes, 3 zones, profile typical, seed 7');
    expect(plan.pool).toMatchObject({
      name: 'workers',
      nodes: 24,
      nodeSelector: 'kubenode.dev/pool=workers',
    });
    expect(plan.order.length + plan.blocked.length).toBe(24);
    expect(plan.budget.maxUnavailable).toBe(2); // 10 % of 24, rounded down, at least 1
    expect(plan.budget.zones.map((zone) => zone.nodes).reduce((a, b) => a + b, 0)).toBe(24);
    expect(plan.lowerBound.seconds).toBeGreaterThan(0);
    expect(plan.lowerBound.seconds).toBeGreaterThanOrEqual(plan.lowerBound.criticalPathSeconds);
    expect(plan.predictedMakespanSeconds).toBeGreaterThanOrEqual(plan.lowerBound.seconds);
    // The plan's bound is the one the simulation of the same cluster measures against.
    const simulated = JSON.parse(
      (
        await run([
          'rollout',
          'simulate',
          ...small,
          '--policy',
          'kubenode',
          '--max-unavailable',
          '10%',
          '--json',
        ])
      ).stdout,
    ) as SimulateJson;
    expect(Math.round(plan.lowerBound.seconds)).toBe(simulated.lowerBoundSeconds);
    expect(plan.lowerBound.binding).toBe(simulated.bindingConstraint);
    expect(Math.round(plan.predictedMakespanSeconds)).toBe(simulated.predictedMakespanSeconds);
  });

  it('plans a cluster snapshot and names nodes a PodDisruptionBudget blocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-rollout-'));
    const items = [
      node('a-1', 'a'),
      node('a-2', 'a'),
      node('b-1', 'b'),
      node('b-2', 'b'),
      node('other', 'a', 'gpu'),
      pod('web-1', 'a-1', 'web'),
      pod('web-2', 'b-1', 'web'),
      pod('db-0', 'b-2', 'db'),
      {
        kind: 'PodDisruptionBudget',
        metadata: { name: 'db', namespace: 'shop' },
        spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'db' } } },
        status: { currentHealthy: 1, desiredHealthy: 1, disruptionsAllowed: 0, expectedPods: 1 },
      },
    ];
    writeFileSync(join(dir, 'cluster.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const { code, stdout, stderr } = await run(
      [
        'rollout',
        'plan',
        '--cluster',
        'cluster.json',
        '--selector',
        'kubenode.dev/pool=workers',
        '--max-unavailable',
        '1',
        '--json',
      ],
      { cwd: dir },
    );
    expect(stderr).toBe('');
    expect(code).toBe(ExitCode.ok);
    const plan = JSON.parse(stdout) as PlanJson;
    expect(plan.source).toBe('snapshot cluster.json');
    expect(plan.pool.nodes).toBe(4);
    expect(plan.budget.maxUnavailable).toBe(1);
    expect(plan.blocked.map((entry) => entry.node)).toEqual(['b-2']);
    expect(plan.blocked[0]?.reason).toContain('shop/db');
    expect([...plan.order].sort()).toEqual(['a-1', 'a-2', 'b-1']);
    // Two nodes per zone, one of them spare under the capacity floor: the zones bind.
    expect(plan.lowerBound.binding).toBe('zone');

    const table = await run(
      ['rollout', 'plan', '--cluster', 'cluster.json', '--selector', 'kubenode.dev/pool=workers'],
      {
        cwd: dir,
      },
    );
    expect(table.code).toBe(ExitCode.ok);
    expect(table.stdout).toContain('pool pool (snapshot cluster.json): 4 nodes');
    expect(table.stdout).toMatch(/lower bound\s+.+ \(zone: /);
    expect(table.stdout).toMatch(/blocked \(1\)\n\s+b-2: .*shop\/db/);
  });

  it('exits 1 on a snapshot that is not a cluster and 2 on a selector that matches nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-rollout-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ items: [{ kind: 'Node', metadata: {} }] }));
    writeFileSync(join(dir, 'broken.json'), '{ "items": [');
    const bad = await run(['rollout', 'plan', '--cluster', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(ExitCode.invalidInput);
    expect(bad.stderr).toContain('metadata');
    const broken = await run(['rollout', 'plan', '--cluster', 'broken.json'], { cwd: dir });
    expect(broken.code).toBe(ExitCode.invalidInput);
    expect(broken.stderr).toContain('not valid JSON or YAML');
    const none = await run(['rollout', 'plan', ...small, '--selector', 'kubenode.dev/pool=nothing']);
    expect(none.code).toBe(ExitCode.usage);
    expect(none.stderr).toContain("no node in the cluster matches the selector 'kubenode.dev/pool=nothing'");
    const selector = await run(['rollout', 'plan', ...small, '--selector', '=!=']);
    expect(selector.code).toBe(ExitCode.usage);
  });

  it('refuses a distro nothing knows instead of planning it with Flatcar timings', async () => {
    const flag = await run(['rollout', 'plan', ...small, '--distro', 'flatcr']);
    expect(flag).toMatchObject({ code: ExitCode.usage, stdout: '' });
    expect(flag.stderr).toContain("error: --distro: no adapter for distro 'flatcr'");
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-rollout-'));
    writeFileSync(
      join(dir, 'pool.yaml'),
      readFileSync(join(examples, 'minimal-pool.yaml'), 'utf8').replace('distro: flatcar', 'distro: flatcr'),
    );
    const spec = await run(['rollout', 'plan', 'pool.yaml', ...small], { cwd: dir });
    expect(spec).toMatchObject({ code: ExitCode.invalidInput, stdout: '' });
    expect(spec.stderr).toContain("error: spec.distro: no adapter for distro 'flatcr'");
  });

  it('reads stdin for one input only: a second - is a usage error, not an empty document', async () => {
    const pool = readFileSync(join(examples, 'minimal-pool.yaml'));
    let reads = 0;
    let stdout = '';
    let stderr = '';
    const code = await runCli(['rollout', 'plan', '-', '--cluster', '-'], {
      io: {
        stdout: (text) => void (stdout += text),
        stderr: (text) => void (stderr += text),
        env: {},
        cwd: examples,
        stderrIsTty: false,
        readStdin: () => (reads++ === 0 ? pool : new Uint8Array()),
      },
    });
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'error: - (standard input) is given for more than one input; only one can read it',
    );
    expect(reads).toBe(1);
  });

  it('names standard input <stdin> in the problems of a document read from it', async () => {
    let policyErrors = '';
    const code = await runCli(['rollout', 'plan', ...small, '--policy', '-'], {
      io: {
        stdout: () => {},
        stderr: (text) => void (policyErrors += text),
        env: {},
        cwd: examples,
        stderrIsTty: false,
        readStdin: () => Buffer.from('kind: Nope\n'),
      },
    });
    expect(code).toBe(ExitCode.invalidInput);
    expect(policyErrors).toContain('error: <stdin>: kind: expected "RolloutPolicy"');
  });
  it('exits 2 naming --max-unavailable when it is 0', async () => {
    const result = await run(['rollout', 'plan', ...small, '--max-unavailable', '0']);
    expect(result).toMatchObject({ code: ExitCode.usage, stdout: '' });
    expect(result.stderr).toContain('--max-unavailable: expected a node count or a percentage such as 10%');
  });
});
