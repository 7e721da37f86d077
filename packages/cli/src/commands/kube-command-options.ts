import { hostname } from 'node:os';
import { ExternalToolError, type NodePool } from '@kubenode/core';
import { createKubeClusterClient, type KubeClusterClient } from '@kubenode/kubernetes';
import {
  ClusterApiError,
  parseLabelSelector,
  parseRolloutPolicy,
  type RolloutPolicy,
} from '@kubenode/rollout';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { inputName, integerOption, maxUnavailableOption, readDocument } from './rollout-options.js';

/** The options every command that talks to a cluster takes. */
export interface KubeCommandOptions {
  kubeconfig?: string;
  context?: string;
  qps: string;
  burst: string;
  pool?: string;
  policy?: string;
  maxUnavailable?: string;
  target?: string;
  namespace: string;
  identity?: string;
}

/** Adds `--kubeconfig`, `--context`, `--qps`, `--burst`, `--pool`, `--policy`, ... to a command. */
export function addKubeOptions(command: Command, defaults: { namespace: string }): Command {
  return command
    .option(
      '--kubeconfig <file>',
      'kubeconfig file (default: $KUBECONFIG, the in-cluster service account, ~/.kube/config)',
    )
    .option('--context <name>', 'kubeconfig context (default: its current context)')
    .option(
      '--pool <selector>',
      "label selector of the pool's nodes (default: kubenode.dev/pool=<the NodePool's name>)",
    )
    .option('--policy <file>', 'a RolloutPolicy document (YAML or JSON)')
    .option('--max-unavailable <n|%>', 'override the node budget')
    .option('--target <version>', 'update to this version (default: the newest the update strategy offers)')
    .option(
      '--namespace <name>',
      "namespace of the rollout Lease, the step-signing key and the agents' trust ConfigMap",
      defaults.namespace,
    )
    .option('--identity <id>', 'this process in the Lease and in Events (default: <hostname>-<pid>)')
    .option('--qps <n>', 'client-side rate limit: requests per second', '20')
    .option('--burst <n>', 'client-side rate limit: requests at once after an idle period', '40');
}

/**
 * The RolloutPolicy of `--policy`, `--pool` and `--max-unavailable`. The rollout Lease lives in
 * `--namespace` unless the policy names `lease.namespace` (the manifests grant the controller
 * Leases in its own namespace only).
 */
export function kubePolicy(context: CliContext, options: KubeCommandOptions): RolloutPolicy {
  const raw = options.policy ? readDocument(context, options.policy, 4 * 1024 * 1024) : {};
  let policy = parseRolloutPolicy(raw, options.policy ? { source: inputName(options.policy) } : {});
  const body = (
    typeof raw === 'object' && raw !== null && 'kind' in raw ? (raw as { spec?: unknown }).spec : raw
  ) as { lease?: { namespace?: unknown } } | undefined;
  if (body?.lease?.namespace === undefined)
    policy = parseRolloutPolicy({ ...policy, lease: { ...policy.lease, namespace: options.namespace } });
  if (options.pool !== undefined) {
    if (!parseLabelSelector(options.pool))
      throw new CliUsageError(`--pool: not a label selector: '${options.pool}'`);
    policy = parseRolloutPolicy({ ...policy, nodeSelector: options.pool });
  }
  if (options.maxUnavailable !== undefined) {
    policy = parseRolloutPolicy({ ...policy, maxUnavailable: maxUnavailableOption(options.maxUnavailable) });
  }
  return policy;
}

/**
 * The Kubernetes client of `--kubeconfig`/`--context` (a bad kubeconfig is a
 * `KubeClientConfigError` naming the file and the field: exit code 1).
 */
export function kubeClient(
  context: CliContext,
  options: Pick<KubeCommandOptions, 'kubeconfig' | 'context' | 'qps' | 'burst'>,
  extra: object = {},
): KubeClusterClient {
  return createKubeClusterClient({
    ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
    env: context.io.env,
    qps: integerOption('--qps', options.qps, 1, 100_000),
    burst: integerOption('--burst', options.burst, 1, 100_000),
    ...extra,
  });
}

/**
 * A cluster that cannot be reached or refuses kubenode's requests is an external failure
 * (exit code 4); the message names the request and the server's answer.
 */
export function asExternalError(error: unknown, client: KubeClusterClient | undefined): unknown {
  if (!ClusterApiError.isInstance(error)) return error;
  return new ExternalToolError({
    tool: `the Kubernetes API server${client ? ` at ${client.server}` : ''}`,
    failure: error.code === 503 || error.code === 504 ? 'unreachable' : 'failed',
    detail: error.message,
    cause: error,
  });
}

/** The update strategy of the pool's distro, from the adapter registry. */
export async function poolStrategy(context: CliContext, pool: NodePool) {
  const registry = await context.adapters();
  return registry.get(pool.spec.distro).updates;
}

/** `--identity`, else `$POD_NAME` (in a cluster), else `<hostname>-<pid>`. */
export function kubeIdentity(context: CliContext, options: KubeCommandOptions): string {
  return options.identity ?? context.io.env.POD_NAME ?? `${hostname()}-${process.pid}`;
}
