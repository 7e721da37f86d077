import type { UpdateCapabilitiesV1 } from '@kubenode/core';
import type { K8sNode } from '../kubernetes/kubernetes-objects.js';
import type { ResolvedRolloutPolicy } from '../policy/resolve-rollout-policy.js';
import { createWindowSchedule } from '../policy/window-schedule.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import {
  computeLowerBound,
  formatDuration,
  nodeUnavailableSeconds,
  type LowerBoundV1,
  type PolicyBoundV1,
} from './lower-bound.js';
import { buildPoolModel, orderCandidates, type PlanNode, type PoolModel } from './pool-model.js';
import { predictMakespan } from './predict-makespan.js';
import type { TimingModelV1 } from './timing-model.js';

/** Inputs of {@link planRollout}. */
export interface PlanRolloutInput {
  readonly snapshot: ClusterSnapshot;
  readonly policy: ResolvedRolloutPolicy;
  /** The adapter's update capabilities (stage while serving, reboot). */
  readonly capabilities: UpdateCapabilitiesV1;
  readonly timing: TimingModelV1;
  /** When the rollout starts (ms; windows are evaluated from here). */
  readonly startMs: number;
  /** Nodes already finished in this rollout (a resumed executor plans the rest). */
  readonly exclude?: ReadonlySet<string>;
  /** Whether a cordoned node was cordoned by this rollout. */
  readonly cordonedByUs?: (node: K8sNode) => boolean;
}

/** One PodDisruptionBudget's share, for the plan's report. */
export interface PlanPdbSummary {
  readonly pdb: string;
  readonly evictions: number;
  readonly allowedDisruptions: number;
  readonly holdSeconds: number;
  readonly seconds: number;
}

/** What a rollout will do, computed before anything runs. */
export interface RolloutPlanV1 {
  readonly pool: { readonly name: string; readonly nodes: number; readonly nodeSelector: string };
  /** Nodes to update, in admission order. */
  readonly order: readonly string[];
  /** The first wave (per zone). */
  readonly canary: readonly string[];
  readonly blocked: readonly { readonly node: string; readonly reason: string }[];
  readonly skipped: readonly { readonly node: string; readonly reason: string }[];
  readonly budget: {
    readonly maxUnavailable: number;
    readonly failureBudget: number;
    readonly zones: readonly { readonly zone: string; readonly nodes: number; readonly spare: number }[];
  };
  readonly lowerBound: LowerBoundV1;
  /** A rate limit's bound, when it exceeds the lower bound (not physical; reported apart). */
  readonly policyBound: PolicyBoundV1 | undefined;
  readonly predictedMakespanSeconds: number;
  /** The heaviest budgets. */
  readonly bottleneckPdbs: readonly PlanPdbSummary[];
  /**
   * Budgets whose eviction chain is (nearly) the binding constraint: a budget slot is kept free
   * for their nodes so the chain never waits for a slot.
   */
  readonly criticalPdbs: readonly string[];
  /** The planning model (for the executor and tests). */
  readonly model: PoolModel;
}

/**
 * Plans a rollout, purely: which nodes can be updated and in what order, which are blocked (a
 * PodDisruptionBudget that can never allow their eviction) or skipped (cordoned by someone else,
 * NotReady), the lower bound on the makespan with the binding constraint in words, and the
 * makespan predicted by replaying the executor's admission rules over expected durations.
 */
export function planRollout(input: PlanRolloutInput): RolloutPlanV1 {
  const { policy } = input;
  const options = policy.policy;
  const model = buildPoolModel({
    snapshot: input.snapshot,
    nodeSelector: policy.nodeSelector,
    timing: input.timing,
    floorPercent: options.capacityFloor.percent,
    fitRequests: options.capacityFloor.fitRequests,
    ...(input.exclude ? { exclude: input.exclude } : {}),
    ...(input.cordonedByUs ? { cordonedByUs: input.cordonedByUs } : {}),
  });
  const order = withCanariesFirst(
    orderCandidates(model.nodes),
    options.waves.canaryPerZone,
    input.capabilities,
  );
  const window = policy.window ? createWindowSchedule(policy.window) : undefined;
  const lowerBound = computeLowerBound({
    model,
    maxUnavailable: policy.maxUnavailable,
    capabilities: input.capabilities,
    ...(window ? { window } : {}),
    startMs: input.startMs,
  });
  const criticalPdbs = findCriticalPdbs(model, lowerBound);
  const prediction = predictMakespan({
    critical: new Set(criticalPdbs),
    model,
    order,
    maxUnavailable: policy.maxUnavailable,
    floorPercent: options.capacityFloor.percent,
    fitRequests: options.capacityFloor.fitRequests,
    waves: options.waves,
    stageAhead: policy.stageAhead,
    capabilities: input.capabilities,
    ...(window ? { window } : {}),
    ...(policy.rateLimit ? { rateLimit: policy.rateLimit } : {}),
    startMs: input.startMs,
  });
  const canary = order
    .slice(0, Math.min(order.length, options.waves.canaryPerZone * model.zones.size))
    .map((node) => node.name);
  let policyBound: PolicyBoundV1 | undefined;
  if (policy.rateLimit && order.length > 0) {
    const periods = Math.ceil(order.length / policy.rateLimit.nodes) - 1;
    const seconds = periods * policy.rateLimit.perSeconds;
    if (seconds > lowerBound.seconds)
      policyBound = {
        seconds,
        description: `the rate limit (${policy.rateLimit.nodes} nodes per ${formatDuration(policy.rateLimit.perSeconds)}) needs ≥ ${formatDuration(seconds)} for ${order.length} nodes`,
      };
  }
  const bottleneckPdbs = [...model.pdbs.values()]
    .sort((a, b) => b.loadSeconds - a.loadSeconds || (a.key < b.key ? -1 : 1))
    .slice(0, 5)
    .map((pdb) => ({
      pdb: pdb.key,
      evictions: pdb.evictions,
      allowedDisruptions: pdb.allowance,
      holdSeconds: Math.round(pdb.holdSeconds),
      seconds: Math.round(pdb.loadSeconds),
    }));
  return {
    pool: {
      name: policy.poolName,
      nodes: model.nodes.length + model.blocked.length + model.skipped.length,
      nodeSelector: policy.nodeSelector,
    },
    order: order.map((node) => node.name),
    canary,
    blocked: model.blocked,
    skipped: model.skipped,
    budget: {
      maxUnavailable: policy.maxUnavailable,
      failureBudget: policy.failureBudget,
      zones: [...model.zones.values()]
        .sort((a, b) => (a.zone < b.zone ? -1 : 1))
        .map((zone) => ({ zone: zone.zone, nodes: zone.nodes, spare: zone.spare })),
    },
    lowerBound,
    policyBound,
    predictedMakespanSeconds: prediction.seconds,
    bottleneckPdbs,
    criticalPdbs,
    model,
  };
}

/**
 * Moves the canary wave to the front: per zone, the `perZone` nodes with the shortest expected
 * disruption (fastest drain, reboot and verification), so the first wave proves the update
 * quickly and the rest of the order is unchanged.
 */
export function withCanariesFirst(
  order: readonly PlanNode[],
  perZone: number,
  capabilities: UpdateCapabilitiesV1,
): PlanNode[] {
  if (perZone <= 0) return [...order];
  const byZone = new Map<string, PlanNode[]>();
  for (const node of order) {
    const list = byZone.get(node.zone);
    if (list) list.push(node);
    else byZone.set(node.zone, [node]);
  }
  const canaries: PlanNode[] = [];
  for (const zone of [...byZone.keys()].sort()) {
    const fastest = [...(byZone.get(zone) ?? [])].sort(
      (a, b) =>
        nodeUnavailableSeconds(a, capabilities) - nodeUnavailableSeconds(b, capabilities) ||
        (a.name < b.name ? -1 : 1),
    );
    canaries.push(...fastest.slice(0, perZone));
  }
  const chosen = new Set(canaries);
  return [...canaries, ...order.filter((node) => !chosen.has(node))];
}

const CRITICAL_SHARE = 0.5;

/**
 * PodDisruptionBudgets whose eviction chain takes at least half of the lower bound: if their nodes
 * had to wait for a free node slot, or for every other budget to be free at once, the chain would
 * stretch the makespan; the executor keeps one slot per such chain for its nodes and starts them
 * as soon as the chain allows an eviction.
 */
export function findCriticalPdbs(model: PoolModel, lowerBound: LowerBoundV1): string[] {
  const bound = Math.max(
    lowerBound.criticalPathSeconds,
    lowerBound.capacitySeconds,
    lowerBound.perZoneSeconds,
    lowerBound.pdbSeconds,
  );
  if (!Number.isFinite(bound) || bound <= 0) return [];
  return [...model.pdbs.values()]
    .filter((pdb) => pdb.loadSeconds >= CRITICAL_SHARE * bound)
    .sort((a, b) => b.loadSeconds - a.loadSeconds || (a.key < b.key ? -1 : 1))
    .map((pdb) => pdb.key);
}
