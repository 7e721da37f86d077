import {
  ControllerMetrics,
  runController,
  startControllerHttpServer,
  type RolloutStatusTracker,
} from '@kubenode/kubernetes';
import type { RolloutResultV1 } from '@kubenode/rollout';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { ExitCode } from '../exit-codes.js';
import { loadPool } from '../load-pool.js';
import {
  addKubeOptions,
  asExternalError,
  kubeClient,
  kubeIdentity,
  kubePolicy,
  poolStrategy,
  type KubeCommandOptions,
} from './kube-command-options.js';
import { integerOption } from './rollout-options.js';

interface ControllerCommandOptions extends KubeCommandOptions {
  metricsAddress: string;
  recheckSeconds: string;
  once?: boolean;
}

/**
 * `kubenode controller <pool>`: the pool's rollout as a long-running, leader-elected controller
 * (what the Deployment of `kubenode manifests` runs). Every replica campaigns for the rollout
 * Lease; the leader runs the executor and resumes from the nodes' annotations after a restart
 * or a failover. Serves `/metrics` (Prometheus), `/status`, `/healthz` and `/readyz` on
 * `--metrics-address`. SIGTERM/SIGINT stop it and hand the Lease over (exit code 0); `--once`
 * stops after the first finished run (exit code 0 when it completed, 4 otherwise).
 */
export function registerControllerCommand(program: Command, context: CliContext): void {
  const command = program
    .command('controller')
    .description(
      'run the pool rollout as a leader-elected controller (in a cluster: see `kubenode manifests`)',
    )
    .argument('<pool>', 'NodePool file (YAML or JSON)');
  addKubeOptions(command, { namespace: context.io.env.POD_NAMESPACE ?? 'kubenode-system' })
    .option(
      '--metrics-address <host:port>',
      'where /metrics, /status, /healthz and /readyz are served',
      '0.0.0.0:8080',
    )
    .option(
      '--recheck-seconds <s>',
      'after a finished run, run again after this long (new nodes, acknowledged failures)',
      '3600',
    )
    .option('--once', 'stop after the first finished run')
    .action(async (file: string, options: ControllerCommandOptions) => {
      const { pool } = loadPool(context, file);
      const policy = kubePolicy(context, options);
      const strategy = await poolStrategy(context, pool);
      const identity = kubeIdentity(context, options);
      const recheckSeconds = integerOption('--recheck-seconds', options.recheckSeconds, 1, 30 * 86_400);
      if (!/^[^\s:]*:\d{1,5}$/.test(options.metricsAddress))
        throw new CliUsageError(
          `--metrics-address: expected host:port such as 0.0.0.0:8080; got '${options.metricsAddress}'`,
        );
      const metrics = new ControllerMetrics();
      const client = kubeClient(context, options, {
        onRequest: (record: Parameters<ControllerMetrics['recordRequest']>[0]) =>
          metrics.recordRequest(record),
      });
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        context.info(`${signal}: stopping, handing the Lease over`);
        stop.abort(new Error(signal));
      };
      let tracker: RolloutStatusTracker | undefined;
      let http: Awaited<ReturnType<typeof startControllerHttpServer>> | undefined;
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        http = await startControllerHttpServer({
          metrics,
          status: () => tracker?.summary() ?? {},
          ready: () => tracker?.ready ?? false,
          address: options.metricsAddress,
        });
        context.info(`${identity}: serving metrics on ${http.url}/metrics, cluster ${client.server}`);
        let last: RolloutResultV1 | undefined;
        const exit = await runController(
          {
            client,
            pool,
            strategy,
            policy,
            identity,
            namespace: options.namespace,
            ...(options.target !== undefined ? { target: { version: options.target } } : {}),
            metrics,
            recheckSeconds,
            log: (line) => context.info(line),
            onReady: (ready) => (tracker = ready),
            onRunFinished: (result) => {
              last = result;
              if (options.once) stop.abort(new Error('--once'));
            },
          },
          stop.signal,
        );
        if (options.once && last && last.outcome !== 'completed') context.exitCode = ExitCode.external;
        context.info(`${identity}: ${exit.runs} run(s)${exit.releasedLease ? ', lease released' : ''}`);
      } catch (error) {
        // Stopped (SIGTERM) before the first rollout was prepared: a clean stop.
        if (stop.signal.aborted) return;
        throw asExternalError(error, client);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await http?.close();
        client.close();
      }
    });
}
