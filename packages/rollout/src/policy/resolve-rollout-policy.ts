import { parseDurationSeconds, type MaintenanceWindow, type NodePool } from '@kubenode/core';
import { scaleIntOrPercent } from '../kubernetes/int-or-percent.js';
import type { RolloutPolicy } from './rollout-policy.js';

/** A policy with its budgets resolved against the pool: every limit a number. */
export interface ResolvedRolloutPolicy {
  /** The validated policy. */
  readonly policy: RolloutPolicy;
  /** The pool's name (from the NodePool, or as given). */
  readonly poolName: string;
  /** Label selector of the pool's nodes. */
  readonly nodeSelector: string;
  /** Nodes in the pool when resolved. */
  readonly poolSize: number;
  /** Most nodes disrupted at once (count; a percentage rounds down, at least 1). */
  readonly maxUnavailable: number;
  /** Node failures tolerated before halting. */
  readonly failureBudget: number;
  /** The maintenance window, from the policy or the pool. */
  readonly window: MaintenanceWindow | undefined;
  /** The rate limit in nodes per second-period, if any. */
  readonly rateLimit: { readonly nodes: number; readonly perSeconds: number } | undefined;
  /** Nodes staged ahead while serving. */
  readonly stageAhead: number;
  /** The Lease's namespace and name. */
  readonly lease: { readonly namespace: string; readonly name: string };
}

/** The pool label kubenode selects nodes by unless the policy names another selector. */
export const POOL_LABEL = 'kubenode.dev/pool';

/**
 * Resolves a policy's counts and percentages for a pool of `poolSize` nodes; `maxUnavailable` and
 * the window come from the pool's `spec.updates` when the policy leaves them out.
 */
export function resolveRolloutPolicy(options: {
  readonly policy: RolloutPolicy;
  readonly poolSize: number;
  readonly pool?: NodePool;
  readonly poolName?: string;
}): ResolvedRolloutPolicy {
  const { policy, poolSize, pool } = options;
  const poolName = pool?.metadata.name ?? options.poolName ?? 'pool';
  const maxUnavailableSpec = policy.maxUnavailable ?? pool?.spec.updates?.maxUnavailable ?? 1;
  const maxUnavailable = Math.max(1, scaleIntOrPercent(maxUnavailableSpec, poolSize, false) ?? 1);
  const failureBudget = scaleIntOrPercent(policy.failureBudget, poolSize, false) ?? 0;
  return {
    policy,
    poolName,
    nodeSelector: policy.nodeSelector ?? `${POOL_LABEL}=${poolName}`,
    poolSize,
    maxUnavailable,
    failureBudget,
    window: policy.window ?? pool?.spec.updates?.window,
    rateLimit: policy.rateLimit
      ? { nodes: policy.rateLimit.nodes, perSeconds: parseDurationSeconds(policy.rateLimit.per) ?? 3600 }
      : undefined,
    stageAhead: policy.stageAhead ?? maxUnavailable,
    lease: { namespace: policy.lease.namespace, name: policy.lease.name ?? `kubenode-rollout-${poolName}` },
  };
}
