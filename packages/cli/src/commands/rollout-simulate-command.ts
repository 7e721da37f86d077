import {
  formatDuration,
  formatSimulationReport,
  parseRolloutPolicy,
  runSimulation,
  type RolloutPolicyInput,
  type SimulationPolicyId,
  type SimulationReport,
} from '@kubenode/rollout';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { parseOutputFormat } from '../output-format.js';
import {
  choiceOption,
  inputName,
  integerOption,
  maxUnavailableOption,
  progressBar,
  readDocument,
} from './rollout-options.js';

interface SimulateOptions {
  nodes: string;
  zones: string;
  profile: string;
  seed: string;
  policy: string;
  faults: string;
  distro: string;
  maxUnavailable: string;
  unevictable: boolean;
  crashAt?: string;
  rolloutPolicy?: string;
  output: string;
  json?: boolean;
}

const POLICIES = ['kubenode', 'kured', 'fluo', 'brupop', 'suc'] as const;
const DISTROS = ['flatcar', 'bottlerocket', 'gardenlinux', 'k3os', 'debian', 'ubuntu'] as const;

/** The report as printed: everything but the wall-clock time, so the same seed prints the same bytes. */
export function simulationData(report: SimulationReport): Omit<SimulationReport, 'wallClockMs'> {
  const { wallClockMs: _wallClockMs, ...data } = report;
  return data;
}

/**
 * `kubenode rollout simulate`: generates a cluster (nodes, zones, workloads with the profile's
 * PodDisruptionBudget mix, per-distro update timings, faults), runs kubenode's executor or an
 * emulation of kured, FLUO, brupop or system-upgrade-controller defaults on it, and prints the
 * makespan, the lower bound, the efficiency, the binding constraint and the safety metrics.
 */
export function registerRolloutSimulateCommand(rollout: Command, context: CliContext): void {
  rollout
    .command('simulate')
    .description('simulate a pool update on a generated cluster and measure it against the lower bound')
    .option('--nodes <n>', 'nodes in the pool', '100')
    .option('--zones <z>', 'zones the nodes spread over', '3')
    .option('--profile <profile>', 'PodDisruptionBudget mix: lenient, typical or strict', 'typical')
    .option('--seed <s>', 'random seed (same seed, same cluster, same timings for every policy)', '1')
    .option('--policy <policy>', 'kubenode, kured, fluo, brupop or suc (their defaults)', 'kubenode')
    .option('--faults <faults>', 'fault injection: none, low or high', 'none')
    .option('--distro <id>', `update timings of ${DISTROS.join(', ')}`, 'flatcar')
    .option('--max-unavailable <n|%>', "kubenode's node budget (also the lower bound's)", '10%')
    .option('--no-unevictable', 'leave out PodDisruptionBudgets that never allow an eviction')
    .option(
      '--crash-at <seconds>',
      'kill the kubenode executor at these seconds (comma-separated); a new one resumes',
    )
    .option('--rollout-policy <file>', 'a RolloutPolicy document (YAML or JSON) for kubenode')
    .option('--output <format>', 'table, json or yaml', 'table')
    .option('--json', 'same as --output json')
    .action(async (options: SimulateOptions) => {
      const format = options.json ? 'json' : parseOutputFormat(options.output, ['table', 'json', 'yaml']);
      const nodes = integerOption('--nodes', options.nodes, 1, 100_000);
      const zones = integerOption('--zones', options.zones, 1, 64);
      const seed = integerOption('--seed', options.seed, 0, 2 ** 31 - 1);
      const profile = choiceOption('--profile', options.profile, ['lenient', 'typical', 'strict'] as const);
      const policy: SimulationPolicyId = choiceOption('--policy', options.policy, POLICIES);
      const faults = choiceOption('--faults', options.faults, ['none', 'low', 'high'] as const);
      const distro = choiceOption('--distro', options.distro, DISTROS);
      const maxUnavailable = maxUnavailableOption(options.maxUnavailable);
      const crashAtSeconds = (options.crashAt ?? '')
        .split(',')
        .filter((part) => part.trim() !== '')
        .map((part) => integerOption('--crash-at', part.trim(), 0, 365 * 86_400));
      let rolloutPolicy: RolloutPolicyInput = { maxUnavailable };
      if (options.rolloutPolicy) {
        const parsed = parseRolloutPolicy(readDocument(context, options.rolloutPolicy, 4 * 1024 * 1024), {
          source: inputName(options.rolloutPolicy),
        });
        rolloutPolicy = { ...parsed, maxUnavailable: parsed.maxUnavailable ?? maxUnavailable };
      }
      const bar = progressBar(context);
      const started = Date.now();
      const report = await runSimulation({
        nodes,
        zones,
        profile,
        seed,
        policy,
        faults,
        distro,
        unevictable: options.unevictable,
        rolloutPolicy,
        ...(crashAtSeconds.length > 0 ? { crashAtSeconds } : {}),
        onProgress: (progress) =>
          bar.update(
            progress.updated,
            progress.total,
            `${progress.updated}/${progress.total} nodes, ${formatDuration(progress.seconds)} simulated`,
          ),
      });
      bar.end();
      const data = simulationData(report);
      if (format === 'json') context.out(`${JSON.stringify(data, null, 2)}\n`);
      else if (format === 'yaml') context.out(stringify(data));
      else {
        context.out(formatSimulationReport(report));
        context.out(
          `  cycle           p50 ${formatDuration(report.cycleSeconds.p50)}, p95 ${formatDuration(report.cycleSeconds.p95)}, p99 ${formatDuration(report.cycleSeconds.p99)}\n` +
            `  api requests    ${report.apiRequests.total} (peak ${report.apiRequests.peakPerSecond}/s across all clients)\n`,
        );
      }
      context.info(
        `simulated ${formatDuration(report.simulatedSeconds)} of ${policy} on ${nodes} nodes (${report.scenario.pods} pods) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    });
}
