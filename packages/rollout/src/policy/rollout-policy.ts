import {
  maintenanceWindowSchema,
  maxUnavailableSchema,
  parseDurationSeconds,
  SpecValidationError,
  toSpecIssues,
} from '@kubenode/core';
import { z } from 'zod';

const duration = (what: string) =>
  z
    .string()
    .refine((value) => (parseDurationSeconds(value) ?? 0) > 0, {
      error: 'expected a duration such as "1h", "10m" or "30s"',
    })
    .describe(what);

const countOrPercent = z.union(
  [
    z.number().int({ error: 'expected an integer' }).min(0, { error: 'expected at least 0' }),
    z.string().regex(/^(100|[1-9]?[0-9])%$/, { error: 'expected a percentage from 0% to 100%' }),
  ],
  { error: 'expected a count (integer ≥ 0) or a percentage such as "1%"' },
);

/** How a rollout may disrupt a pool: budgets, waves, windows, drain and verification rules. */
export const rolloutPolicySchema = z
  .strictObject({
    maxUnavailable: maxUnavailableSchema
      .optional()
      .describe('Most nodes disrupted at once; the pool’s spec.updates.maxUnavailable when omitted.'),
    nodeSelector: z
      .string()
      .min(1)
      .optional()
      .describe('Label selector of the pool’s nodes; `kubenode.dev/pool=<pool name>` when omitted.'),
    capacityFloor: z
      .strictObject({
        percent: z
          .number()
          .min(0)
          .max(100)
          .default(80)
          .describe('Per zone, keep at least this share of allocatable CPU and memory schedulable.'),
        fitRequests: z
          .boolean()
          .default(true)
          .describe('Per zone, also keep room for every pod the zone runs (requests fit schedulable nodes).'),
      })
      .prefault({}),
    waves: z
      .strictObject({
        canaryPerZone: z.number().int().min(0).default(1).describe('Nodes per zone in the first wave.'),
        growthFactor: z
          .number()
          .min(1)
          .default(2)
          .describe('After the canary wave, the concurrency cap grows by this factor per generation.'),
        soakSeconds: z
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('Wait after the canary wave succeeded before growing.'),
      })
      .prefault({}),
    failureBudget: countOrPercent
      .default('1%')
      .describe('Node failures tolerated; one more halts the rollout. A percentage rounds down.'),
    // Returning the nodes already updated to their previous version (`rollback`) is not
    // implemented: refused by name rather than accepted and ignored.
    onFailureBudgetExhausted: z
      .enum(['halt', 'rollback'])
      .default('halt')
      .refine((value) => value === 'halt', {
        message:
          '"rollback" (returning the nodes already updated to their previous version) is not implemented yet; only "halt" is',
      })
      .describe(
        'halt: start no more nodes (a node that fails verification is still rolled back where its OS can). "rollback" (also returning updated nodes) is not implemented yet and is refused.',
      ),
    window: maintenanceWindowSchema
      .optional()
      .describe('Disrupt nodes only when their whole predicted cycle fits; the pool’s window when omitted.'),
    rateLimit: z
      .strictObject({
        nodes: z.number().int().min(1),
        per: duration('The sliding period, e.g. "1h".'),
      })
      .optional()
      .describe(
        'Start at most `nodes` nodes per period (a policy limit, reported apart from physical bounds).',
      ),
    drain: z
      .strictObject({
        concurrency: z.number().int().min(1).default(5).describe('Evictions in flight per node.'),
        retrySeconds: z
          .number()
          .min(0.1)
          .default(5)
          .describe('Retry a refused eviction after this (±20 % jitter).'),
        podDeadlineSeconds: z
          .number()
          .int()
          .min(1)
          .default(600)
          .describe('A pod not evicted by then triggers the escalation.'),
        terminationTimeoutSeconds: z
          .number()
          .int()
          .min(0)
          .default(120)
          .describe('After its grace period, how long an evicted pod may take to disappear.'),
        escalation: z
          .enum(['abort-node', 'delete', 'force'])
          .default('abort-node')
          .describe(
            'abort-node: uncordon and retry the node later; delete: delete blocked pods in deleteNamespaces, else abort; force: delete any blocked pod (bypasses PDBs).',
          ),
        deleteNamespaces: z
          .array(z.string().min(1))
          .default([])
          .describe('Namespaces whose blocked pods `delete` may remove.'),
      })
      .prefault({}),
    verify: z
      .strictObject({
        readySeconds: z
          .number()
          .int()
          .min(0)
          .default(30)
          .describe('The node must stay Ready this long after the reboot.'),
        daemonSetsReady: z.boolean().default(true).describe('All DaemonSet pods on the node must be Ready.'),
        rebootTimeoutSeconds: z
          .number()
          .int()
          .min(1)
          .default(900)
          .describe('The node must come back (new bootID, Ready) within this.'),
        timeoutSeconds: z
          .number()
          .int()
          .min(1)
          .default(900)
          .describe('Verification (Ready, DaemonSets, checks) must pass within this after the node is back.'),
      })
      .prefault({}),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('Attempts per node (a blocked drain or a boot that fell back is retried).'),
    retryBlockedAfterSeconds: z
      .number()
      .int()
      .min(0)
      .default(600)
      .describe('Wait before retrying a node whose drain was aborted.'),
    stageAhead: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Nodes staged while serving ahead of their turn; maxUnavailable when omitted.'),
    taintPendingNodes: z
      .boolean()
      .default(true)
      .describe('Taint nodes awaiting the update PreferNoSchedule, so evicted pods land on updated nodes.'),
    lease: z
      .strictObject({
        namespace: z.string().min(1).default('kube-system'),
        name: z.string().min(1).optional().describe('`kubenode-rollout-<pool>` when omitted.'),
        durationSeconds: z.number().int().min(1).default(15),
        renewDeadlineSeconds: z.number().int().min(1).default(10),
        retryPeriodSeconds: z.number().int().min(1).default(2),
      })
      .prefault({}),
    reconcileSeconds: z
      .number()
      .min(0.5)
      .default(10)
      .describe('Periodic reconcile, besides reacting to watch events.'),
  })
  .describe('How a rollout may disrupt a pool.');

/** A validated rollout policy (defaults applied). */
export type RolloutPolicy = z.output<typeof rolloutPolicySchema>;
/** A rollout policy as written (defaults optional). */
export type RolloutPolicyInput = z.input<typeof rolloutPolicySchema>;

/**
 * Validates a rollout policy (parsed JSON or YAML). Accepts either the bare policy or a
 * `{ apiVersion: kubenode.dev/v1alpha1, kind: RolloutPolicy, spec: {...} }` document.
 *
 * @throws {SpecValidationError} naming every invalid field by its path.
 */
export function parseRolloutPolicy(input: unknown, options: { source?: string } = {}): RolloutPolicy {
  let body = input ?? {};
  let basePath: string[] = [];
  if (typeof body === 'object' && body !== null && 'kind' in body) {
    const document = body as { apiVersion?: unknown; kind?: unknown; metadata?: unknown; spec?: unknown };
    const issues = [];
    if (document.apiVersion !== 'kubenode.dev/v1alpha1')
      issues.push({
        path: ['apiVersion'],
        code: 'invalid_value',
        message: 'expected "kubenode.dev/v1alpha1"',
      });
    if (document.kind !== 'RolloutPolicy')
      issues.push({ path: ['kind'], code: 'invalid_value', message: 'expected "RolloutPolicy"' });
    const extra = Object.keys(document).filter(
      (key) => !['apiVersion', 'kind', 'metadata', 'spec'].includes(key),
    );
    for (const key of extra)
      issues.push({
        path: [key],
        code: 'unrecognized_key',
        message: `unknown field '${key}'; expected apiVersion, kind, metadata, spec`,
      });
    if (issues.length > 0) throw new SpecValidationError({ issues, source: options.source });
    body = document.spec ?? {};
    basePath = ['spec'];
  }
  const result = rolloutPolicySchema.safeParse(body);
  if (!result.success) {
    throw new SpecValidationError({
      issues: toSpecIssues(result.error, { schema: rolloutPolicySchema, basePath }),
      source: options.source,
    });
  }
  return result.data;
}

/** The default policy (every default applied). */
export function defaultRolloutPolicy(): RolloutPolicy {
  return rolloutPolicySchema.parse({});
}
