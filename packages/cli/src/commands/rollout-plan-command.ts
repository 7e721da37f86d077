import type { NodePool, UpdateCapabilitiesV1 } from '@kubenode/core';
import {
  createPriorTimingModel,
  createScenario,
  createTestAbImageStrategy,
  createTestPackageStrategy,
  DISTRO_TIMING_PROFILES,
  formatDuration,
  parseClusterSnapshot,
  parseLabelSelector,
  parseRolloutPolicy,
  planRollout,
  resolveRolloutPolicy,
  type ClusterSnapshot,
  type K8sNode,
  type K8sPod,
  type K8sPodDisruptionBudget,
  type RolloutPlanV1,
  type RolloutPolicy,
  type TimingModelV1,
} from '@kubenode/rollout';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { adapterForDistro, loadPool } from '../load-pool.js';
import { parseOutputFormat } from '../output-format.js';
import {
  choiceOption,
  inputName,
  integerOption,
  maxUnavailableOption,
  readDocument,
} from './rollout-options.js';

interface PlanOptions {
  cluster?: string;
  selector?: string;
  policy?: string;
  distro?: string;
  maxUnavailable?: string;
  nodes: string;
  zones: string;
  profile: string;
  seed: string;
  output: string;
  json?: boolean;
}

/** The plan as printed (without the planning model, which is internal and large). */
export function planData(plan: RolloutPlanV1, source: string): Record<string, unknown> {
  const { model: _model, ...data } = plan;
  return { source, ...data };
}

function planTable(plan: RolloutPlanV1, source: string): string {
  const bound = plan.lowerBound;
  const lines = [
    `pool ${plan.pool.name} (${source}): ${plan.pool.nodes} nodes selected by ${plan.pool.nodeSelector || '(all nodes)'}, ${plan.order.length} to update, ${plan.blocked.length} blocked, ${plan.skipped.length} skipped`,
    `budget        maxUnavailable ${plan.budget.maxUnavailable}, failure budget ${plan.budget.failureBudget}; spare per zone: ${plan.budget.zones.map((zone) => `${zone.zone} ${zone.spare}/${zone.nodes}`).join(', ')}`,
    `lower bound   ${formatDuration(bound.seconds)} (${bound.binding}: ${bound.description})`,
    `              critical path ${formatDuration(bound.criticalPathSeconds)}, capacity ${formatDuration(bound.capacitySeconds)} (${bound.concurrency.nodes} at a time, ${bound.concurrency.limitedBy}), per zone ${formatDuration(bound.perZoneSeconds)}, PDB ${formatDuration(bound.pdbSeconds)}, window ${formatDuration(bound.windowSeconds)}`,
  ];
  if (plan.policyBound)
    lines.push(`policy bound  ${formatDuration(plan.policyBound.seconds)} (${plan.policyBound.description})`);
  lines.push(`predicted     ${formatDuration(plan.predictedMakespanSeconds)}`);
  if (plan.canary.length > 0) lines.push(`canary        ${plan.canary.join(', ')}`);
  if (plan.bottleneckPdbs.length > 0) {
    lines.push('busiest PodDisruptionBudgets');
    for (const pdb of plan.bottleneckPdbs)
      lines.push(
        `  ${pdb.pdb}: ${pdb.evictions} evictions, ${pdb.allowedDisruptions} at a time, ~${pdb.holdSeconds} s each: ${formatDuration(pdb.seconds)}`,
      );
  }
  for (const [title, list] of [
    ['blocked', plan.blocked],
    ['skipped', plan.skipped],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(`${title} (${list.length})`);
    for (const entry of list.slice(0, 20)) lines.push(`  ${entry.node}: ${entry.reason}`);
    if (list.length > 20) lines.push(`  ... ${list.length - 20} more (--output json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `kubenode rollout plan [pool]`: plans an update of a pool before anything runs. The cluster is
 * a snapshot (`--cluster`: the output of `kubectl get nodes,pods,poddisruptionbudgets -A -o json`,
 * JSON or YAML) or, without one, a generated cluster (`--nodes`, `--zones`, `--profile`, `--seed`,
 * as `rollout simulate` generates). The NodePool, when given, names the pool (its nodes carry
 * `kubenode.dev/pool=<name>` unless `--selector` says otherwise) and brings `maxUnavailable`, the
 * maintenance window and the distro; `--policy` reads a RolloutPolicy document.
 */
export function registerRolloutPlanCommand(rollout: Command, context: CliContext): void {
  rollout
    .command('plan')
    .description(
      'plan a pool update: order, blocked nodes, lower bound with the binding constraint, predicted makespan',
    )
    .argument('[pool]', 'NodePool file (YAML or JSON): pool name, maxUnavailable, window, distro')
    .option(
      '--cluster <file>',
      'cluster snapshot: `kubectl get nodes,pods,poddisruptionbudgets -A -o json` (JSON or YAML), - for stdin',
    )
    .option(
      '--selector <labels>',
      "label selector of the pool's nodes (default kubenode.dev/pool=<pool name>)",
    )
    .option('--policy <file>', 'a RolloutPolicy document (YAML or JSON)')
    .option(
      '--distro <id>',
      'update timings and capabilities of this distro (default: the pool’s, else flatcar)',
    )
    .option('--max-unavailable <n|%>', 'override the node budget')
    .option('--nodes <n>', 'without --cluster: nodes of the generated cluster', '100')
    .option('--zones <z>', 'without --cluster: zones of the generated cluster', '3')
    .option('--profile <profile>', 'without --cluster: lenient, typical or strict', 'typical')
    .option('--seed <s>', 'without --cluster: random seed', '1')
    .option('--output <format>', 'table, json or yaml', 'table')
    .option('--json', 'same as --output json')
    .action(async (file: string | undefined, options: PlanOptions) => {
      const format = options.json ? 'json' : parseOutputFormat(options.output, ['table', 'json', 'yaml']);
      const pool: NodePool | undefined = file ? loadPool(context, file, options.distro).pool : undefined;
      const distro = options.distro ?? pool?.spec.distro ?? 'flatcar';
      let policy: RolloutPolicy = parseRolloutPolicy(
        options.policy ? readDocument(context, options.policy, 4 * 1024 * 1024) : {},
        {
          ...(options.policy ? { source: inputName(options.policy) } : {}),
        },
      );
      const profileForDefaults = DISTRO_TIMING_PROFILES[distro] ?? DISTRO_TIMING_PROFILES.flatcar;
      // Defaults as `rollout simulate` uses them: the distro's settle time; 10 % of a generated cluster.
      policy = parseRolloutPolicy({
        ...policy,
        verify: {
          ...policy.verify,
          readySeconds: Math.max(policy.verify.readySeconds, profileForDefaults?.settleSeconds ?? 0),
        },
        ...(policy.maxUnavailable === undefined && !pool && !options.cluster
          ? { maxUnavailable: '10%' }
          : {}),
      });
      if (options.maxUnavailable !== undefined) {
        policy = parseRolloutPolicy({
          ...policy,
          maxUnavailable: maxUnavailableOption(options.maxUnavailable),
        });
      }
      if (options.selector !== undefined && !parseLabelSelector(options.selector))
        throw new CliUsageError(`--selector: not a label selector: '${options.selector}'`);

      const registry = await context.adapters();
      const adapter = registry.has(distro) ? registry.get(distro) : undefined;
      const profile = DISTRO_TIMING_PROFILES[distro];
      // A distro nothing knows (a typo) must not be planned silently with Flatcar's timings.
      if (!adapter && !profile) await adapterForDistro(context, distro, options.distro !== undefined);
      const capabilities: UpdateCapabilitiesV1 =
        adapter?.updates.capabilities ??
        (profile?.updateKind === 'package-manager'
          ? createTestPackageStrategy()
          : createTestAbImageStrategy()
        ).capabilities;
      const timingProfile = profile ?? (DISTRO_TIMING_PROFILES.flatcar as NonNullable<typeof profile>);

      let snapshot: ClusterSnapshot;
      let timing: TimingModelV1;
      let source: string;
      let poolName = pool?.metadata.name;
      let startMs = Date.now();
      if (options.cluster) {
        snapshot = parseClusterSnapshot(readDocument(context, options.cluster), {
          source: inputName(options.cluster),
        });
        timing = createPriorTimingModel({ profile: timingProfile, readySeconds: policy.verify.readySeconds });
        source = options.cluster === '-' ? 'snapshot from stdin' : `snapshot ${options.cluster}`;
      } else {
        const scenario = createScenario({
          nodes: integerOption('--nodes', options.nodes, 1, 100_000),
          zones: integerOption('--zones', options.zones, 1, 64),
          profile: choiceOption('--profile', options.profile, ['lenient', 'typical', 'strict'] as const),
          seed: integerOption('--seed', options.seed, 0, 2 ** 31 - 1),
          distro: profile ? distro : 'flatcar',
          poolName: poolName ?? 'workers',
        });
        const items = scenario.cluster.snapshot().items;
        snapshot = {
          nodes: items.filter((item): item is K8sNode => item.kind === 'Node'),
          pods: items.filter((item): item is K8sPod => item.kind === 'Pod'),
          pdbs: items.filter((item): item is K8sPodDisruptionBudget => item.kind === 'PodDisruptionBudget'),
        };
        timing = scenario.timing;
        poolName ??= 'workers';
        startMs = scenario.engine.now;
        source = `generated cluster: ${scenario.options.nodes} nodes, ${scenario.options.zones} zones, profile ${scenario.options.profile}, seed ${scenario.options.seed}`;
      }
      // The pool's nodes: --selector, the policy's selector, the pool label, or (neither pool nor
      // selector with a snapshot) every node.
      const selector =
        options.selector ?? policy.nodeSelector ?? (poolName ? `kubenode.dev/pool=${poolName}` : '');
      const select = parseLabelSelector(selector) ?? (() => false);
      const poolSize = snapshot.nodes.filter((node) => select(node.metadata.labels)).length;
      if (poolSize === 0)
        throw new CliUsageError(
          `no node in the cluster matches the selector '${selector}'; name the pool's nodes with --selector`,
        );
      const resolved = {
        ...resolveRolloutPolicy({
          policy,
          poolSize,
          ...(pool ? { pool } : { poolName: poolName ?? 'pool' }),
        }),
        nodeSelector: selector,
      };
      const plan = planRollout({ snapshot, policy: resolved, capabilities, timing, startMs });
      const data = planData(plan, source);
      if (format === 'json') context.out(`${JSON.stringify(data, null, 2)}\n`);
      else if (format === 'yaml') context.out(stringify(data));
      else context.out(planTable(plan, source));
    });
}
