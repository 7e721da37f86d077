import type { RolloutResultV1 } from '@kubenode/rollout';
import { formatDuration } from '@kubenode/rollout';
import { prepareClusterRollout, type KubeClusterClient } from '@kubenode/kubernetes';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../exit-codes.js';
import { loadPool } from '../load-pool.js';
import { parseOutputFormat } from '../output-format.js';
import {
  addKubeOptions,
  asExternalError,
  kubeClient,
  kubeIdentity,
  kubePolicy,
  poolStrategy,
  type KubeCommandOptions,
} from './kube-command-options.js';
import { progressBar } from './rollout-options.js';

interface RunOptions extends KubeCommandOptions {
  output: string;
  json?: boolean;
}

function resultTable(result: RolloutResultV1): string {
  const lines = [
    `rollout ${result.rolloutId}: ${result.outcome}${result.haltReason ? ` (${result.haltReason})` : ''}`,
    `  updated      ${result.nodes.updated.length}`,
    `  current      ${result.nodes.current.length}`,
  ];
  for (const [title, list] of [
    ['failed', result.nodes.failed],
    ['reverted', result.nodes.reverted],
    ['blocked', result.nodes.blocked],
    ['skipped', result.nodes.skipped],
  ] as const) {
    lines.push(`  ${title.padEnd(12)} ${list.length}`);
    for (const entry of list.slice(0, 20)) lines.push(`    ${entry.node}: ${entry.reason}`);
    if (list.length > 20) lines.push(`    ... ${list.length - 20} more (--output json lists all)`);
  }
  if (result.quarantined.length > 0)
    lines.push(`  quarantined  ${result.quarantined.join(', ')} (left cordoned until acknowledged)`);
  return `${lines.join('\n')}\n`;
}

/**
 * `kubenode rollout run <pool>`: runs the rollout executor against a real cluster, in this
 * process: it takes the pool's rollout Lease (so it never runs beside a `kubenode controller`
 * or another `rollout run` of the same pool), drains, updates through the node agents, verifies
 * and uncordons node by node within the policy's budget, and resumes where an interrupted run
 * stopped. Exit code 0 when the rollout completed, 4 when it halted or nodes failed (and when
 * the cluster cannot be reached), 1 for a bad pool, policy or kubeconfig. SIGINT/SIGTERM stop it
 * between actions; a later run resumes.
 */
export function registerRolloutRunCommand(rollout: Command, context: CliContext): void {
  const command = rollout
    .command('run')
    .description('update a pool on a real cluster: drain, update, verify and uncordon node by node')
    .argument('<pool>', 'NodePool file (YAML or JSON): the pool name, distro and update settings');
  addKubeOptions(command, { namespace: 'kubenode-system' })
    .option('--output <format>', 'table, json or yaml (the result)', 'table')
    .option('--json', 'same as --output json')
    .action(async (file: string, options: RunOptions) => {
      const format = options.json ? 'json' : parseOutputFormat(options.output, ['table', 'json', 'yaml']);
      const { pool } = loadPool(context, file);
      const policy = kubePolicy(context, options);
      const strategy = await poolStrategy(context, pool);
      const identity = kubeIdentity(context, options);
      const client: KubeClusterClient = kubeClient(context, options);
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        context.info(`${signal}: stopping after the current action (a later run resumes)`);
        stop.abort(new Error(signal));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar = progressBar(context);
      const started = Date.now();
      try {
        const prepared = await prepareClusterRollout({
          client,
          pool,
          strategy,
          policy,
          identity,
          namespace: options.namespace,
          ...(options.target !== undefined ? { target: { version: options.target } } : {}),
          onProgress: (progress) =>
            bar.update(progress.finished, progress.total, `${progress.finished}/${progress.total} nodes`),
          log: (line) => context.info(line),
        });
        context.info(
          `rollout ${prepared.executor.rolloutId}: ${identity} on ${client.server}, nodes ${prepared.nodeSelector}`,
        );
        let result: RolloutResultV1;
        try {
          result = await prepared.executor.run(stop.signal);
        } finally {
          bar.end();
          await prepared.close();
        }
        if (format === 'json') context.out(`${JSON.stringify(result, null, 2)}\n`);
        else if (format === 'yaml') context.out(stringify(result));
        else context.out(resultTable(result));
        context.info(`finished in ${formatDuration((Date.now() - started) / 1000)}`);
        if (result.outcome !== 'completed') context.exitCode = ExitCode.external;
      } catch (error) {
        throw asExternalError(error, client);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        client.close();
      }
    });
}
