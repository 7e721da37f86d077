import type { K8sNode, K8sTaint } from '../kubernetes/kubernetes-objects.js';
import { parseTime } from '../kubernetes/time-format.js';

/** Annotation and taint keys the executor keeps its per-node state in (all under `kubenode.dev/`). */
export const ANNOTATIONS = {
  /** The rollout the state below belongs to. */
  rollout: 'kubenode.dev/rollout',
  /** The node's phase in that rollout ({@link NodePhase}). */
  phase: 'kubenode.dev/phase',
  /** When the phase was entered (RFC 3339). */
  phaseSince: 'kubenode.dev/phase-since',
  /** Set only when kubenode cordoned the node (never for a node someone else cordoned). */
  cordonOwner: 'kubenode.dev/cordon-owner',
  /** Attempts so far. */
  attempts: 'kubenode.dev/attempts',
  /** Why the node is blocked, reverted or failed. */
  reason: 'kubenode.dev/reason',
  /** Node observation before the update (JSON: osImage, kernelVersion, bootID). */
  before: 'kubenode.dev/observation-before',
  /** The version the update moves to (from detect, or the rollout's target). */
  target: 'kubenode.dev/target-version',
  /** When the node was disrupted (cordoned) for this attempt (RFC 3339). */
  started: 'kubenode.dev/started',
  /** Whether the update changed the node (`updated`) or it was already current (`current`). */
  result: 'kubenode.dev/result',
  /** Do not retry a blocked or reverted node before this time (RFC 3339). */
  retryAfter: 'kubenode.dev/retry-after',
  /** Set to "true" by an operator: a failed node no longer holds budget and may be uncordoned. */
  acknowledged: 'kubenode.dev/acknowledged',
  /** On the rollout Lease: "true" while paused. */
  paused: 'kubenode.dev/paused',
  /** On the rollout Lease: why the rollout halted (failure budget exhausted). */
  halted: 'kubenode.dev/halted',
} as const;

/** The PreferNoSchedule taint on nodes still waiting for the update (evicted pods avoid them). */
export const PENDING_TAINT: K8sTaint = { key: 'kubenode.dev/update-pending', effect: 'PreferNoSchedule' };

/**
 * A node's phase in a rollout.
 * - `staging`, `staged`: detect and stage run while the node serves (no budget).
 * - `draining`, `applying`, `rebooting`, `verifying`, `rolling-back`: the node is disrupted (budget).
 * - `done`: updated (or already current) and back in service.
 * - `failed`: out of service (did not return, or failed verification without rollback); keeps
 *   its cordon and its budget slot until an operator acknowledges it.
 * - `reverted`: the update did not take (boot fell back, rolled back, stage or apply failed);
 *   back in service on the old version; counts against the failure budget; retried while
 *   attempts remain.
 * - `blocked`: the drain could not finish (PDB, stuck pod) or a PDB can never allow the
 *   eviction; back in service (uncordoned); retried later while attempts remain.
 */
export type NodePhase =
  | 'staging'
  | 'staged'
  | 'draining'
  | 'applying'
  | 'rebooting'
  | 'verifying'
  | 'rolling-back'
  | 'done'
  | 'failed'
  | 'reverted'
  | 'blocked';

/** Phases in which the node is disrupted and holds a budget slot. */
export const DISRUPTIVE_PHASES: ReadonlySet<NodePhase> = new Set([
  'draining',
  'applying',
  'rebooting',
  'verifying',
  'rolling-back',
]);

/** A node's rollout state, read from its annotations. */
export interface NodeRecord {
  readonly phase: NodePhase | undefined;
  readonly since: number | undefined;
  readonly cordonOwned: boolean;
  readonly attempts: number;
  readonly reason: string | undefined;
  readonly before: { osImage: string; kernelVersion: string; bootID: string } | undefined;
  readonly target: string | undefined;
  readonly started: number | undefined;
  readonly result: 'updated' | 'current' | undefined;
  readonly retryAfter: number | undefined;
  readonly acknowledged: boolean;
}

const PHASES = new Set<string>([
  'staging',
  'staged',
  'draining',
  'applying',
  'rebooting',
  'verifying',
  'rolling-back',
  'done',
  'failed',
  'reverted',
  'blocked',
]);

/** Reads the node's state for `rolloutId`; state of another rollout reads as a fresh node. */
export function readNodeRecord(node: K8sNode, rolloutId: string): NodeRecord {
  const a = node.metadata.annotations ?? {};
  const ours = a[ANNOTATIONS.rollout] === rolloutId;
  let before: NodeRecord['before'];
  if (ours && a[ANNOTATIONS.before]) {
    try {
      const parsed = JSON.parse(a[ANNOTATIONS.before] as string) as Record<string, unknown>;
      before = {
        osImage: String(parsed.osImage ?? ''),
        kernelVersion: String(parsed.kernelVersion ?? ''),
        bootID: String(parsed.bootID ?? ''),
      };
    } catch {
      before = undefined;
    }
  }
  const phase = ours ? a[ANNOTATIONS.phase] : undefined;
  const result = ours ? a[ANNOTATIONS.result] : undefined;
  return {
    phase: phase !== undefined && PHASES.has(phase) ? (phase as NodePhase) : undefined,
    since: ours ? parseTime(a[ANNOTATIONS.phaseSince]) : undefined,
    cordonOwned: a[ANNOTATIONS.cordonOwner] === rolloutId,
    attempts: ours ? Number(a[ANNOTATIONS.attempts] ?? 0) || 0 : 0,
    reason: ours ? a[ANNOTATIONS.reason] : undefined,
    before,
    target: ours ? a[ANNOTATIONS.target] : undefined,
    started: ours ? parseTime(a[ANNOTATIONS.started]) : undefined,
    result: result === 'updated' || result === 'current' ? result : undefined,
    retryAfter: ours ? parseTime(a[ANNOTATIONS.retryAfter]) : undefined,
    acknowledged: ours && a[ANNOTATIONS.acknowledged] === 'true',
  };
}

/** Whether the node carries kubenode's pending taint. */
export function hasPendingTaint(node: K8sNode): boolean {
  return node.spec.taints?.some((taint) => taint.key === PENDING_TAINT.key) ?? false;
}

/** The node's own taints (system taints removed) with the pending taint added or removed. */
export function taintsWithPending(node: K8sNode, pending: boolean): K8sTaint[] {
  const own = (node.spec.taints ?? []).filter(
    (taint) => !taint.key.startsWith('node.kubernetes.io/') && taint.key !== PENDING_TAINT.key,
  );
  return pending ? [...own, PENDING_TAINT] : own;
}
