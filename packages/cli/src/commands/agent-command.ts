import {
  createHostStepRunner,
  fileRequestJournal,
  loadTrustedKeys,
  runNodeAgent,
} from '@kubenode/kubernetes';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { asExternalError, kubeClient } from './kube-command-options.js';

interface AgentCommandOptions {
  node?: string;
  namespace: string;
  kubeconfig?: string;
  context?: string;
  nsenter: boolean;
  journal?: string;
  qps: string;
  burst: string;
}

/**
 * `kubenode agent --node NAME`: the node agent (what the DaemonSet of `kubenode manifests`
 * runs on every node). It watches its own Node, verifies each step request the rollout executor
 * writes into the Node's annotations against the public keys the controller published in the
 * `--namespace` ConfigMap, runs the step on the host (through `nsenter` into PID 1's namespaces
 * unless `--no-nsenter`) and answers in the Node's annotations. With `--journal FILE` it remembers
 * the requests it accepted in that file, so that none runs twice across restarts (the DaemonSet
 * keeps it on the host's disk). SIGTERM/SIGINT stop it (exit 0); a journal it cannot read, exit 4.
 */
export function registerAgentCommand(program: Command, context: CliContext): void {
  program
    .command('agent')
    .description('run the node agent: signed update steps from the rollout executor, on this host')
    .option('--node <name>', "this node's name (in a pod: spec.nodeName through the downward API)")
    .option(
      '--namespace <name>',
      "the controller's namespace (its trusted-keys ConfigMap)",
      'kubenode-system',
    )
    .option(
      '--kubeconfig <file>',
      'kubeconfig file (default: $KUBECONFIG, the in-cluster service account, ~/.kube/config)',
    )
    .option('--context <name>', 'kubeconfig context')
    .option('--no-nsenter', 'run steps directly (an agent installed on the host rather than in a pod)')
    .option(
      '--journal <file>',
      'remember accepted step requests in this file, so none runs twice across restarts (default: only while it runs)',
    )
    .option('--qps <n>', 'client-side rate limit: requests per second', '5')
    .option('--burst <n>', 'client-side rate limit: requests at once', '10')
    .action(async (options: AgentCommandOptions) => {
      const nodeName = options.node ?? context.io.env.NODE_NAME;
      if (!nodeName) throw new CliUsageError('--node: required (or set NODE_NAME)');
      const client = kubeClient(context, options);
      const stop = new AbortController();
      const onSignal = (signal: NodeJS.Signals) => {
        context.info(`${signal}: stopping the agent`);
        stop.abort(new Error(signal));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await runNodeAgent(
          {
            client,
            nodeName,
            runner: createHostStepRunner({ nsenter: options.nsenter }),
            trust: () => loadTrustedKeys(client, options.namespace),
            ...(options.journal ? { journal: fileRequestJournal(options.journal) } : {}),
            log: (line) => context.info(line),
            onReady: () =>
              context.info(`agent on ${nodeName}: watching for step requests (${client.server})`),
          },
          stop.signal,
        );
      } catch (error) {
        if (stop.signal.aborted) return;
        throw asExternalError(error, client);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        client.close();
      }
    });
}
