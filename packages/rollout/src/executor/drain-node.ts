import { ClusterApiError } from '../errors/cluster-api-error.js';
import { isPermanentRefusal } from '../errors/is-permanent-refusal.js';
import type { K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { pdbKey } from '../kubernetes/pdb-index.js';
import { isPodTerminating, needsEviction, podKey } from '../kubernetes/pod-facts.js';
import { evictionSparesBudget, structuralEvictionBlocker } from '../plan/pdb-allowance.js';
import type { RolloutPolicy } from '../policy/rollout-policy.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';
import type { ClusterView } from './cluster-view.js';

/** How a drain ended. */
export type DrainOutcome =
  | { readonly ok: true; readonly evicted: number; readonly deleted: number }
  | { readonly ok: false; readonly reason: string; readonly evicted: number };

/** What a drain needs. */
export interface DrainContext {
  /** The Kubernetes API (evictions, deletions). */
  readonly client: ClusterClientV1;
  /** The informer-backed view of pods and PodDisruptionBudgets. */
  readonly view: ClusterView;
  /** Time and sleeps (virtual in the simulator). */
  readonly clock: ClockV1;
  /** A uniform random number in [0, 1), for the retry jitter (seeded in the simulator). */
  readonly random: () => number;
  /** The policy's drain settings: concurrency, deadlines, escalation. */
  readonly policy: RolloutPolicy['drain'];
  /** Aborts the drain (executor shutdown or lost leadership). */
  readonly signal: AbortSignal;
  /** Called before every write; throws when this replica may no longer act. */
  readonly assertLeader: () => void;
  /** An eviction was admitted (the executor's PDB bookkeeping). */
  readonly onEvicted?: (pod: K8sPod) => void;
  /** Eviction order: higher first (pods of the busiest PodDisruptionBudgets). */
  readonly priority?: (pod: K8sPod) => number;
  /**
   * Asks before trying an eviction that uses one of a budget's disruptions: false while this
   * process already used the disruptions the budget's last known status allows (keeps concurrent
   * drains from all asking the API at once for the one disruption available).
   */
  readonly claim?: (pdbKey: string) => boolean;
  /** Returns a claim whose eviction attempt failed (the disruption was not used). */
  readonly unclaim?: (pdbKey: string) => void;
}

/** A force-deleted pod may take this long to leave the cache before the drain gives up on it. */
const FORCED_GONE_MS = 10_000;

/**
 * Drains a cordoned node through the Eviction API, like `kubectl drain --ignore-daemonsets
 * --delete-emptydir-data` but with the escalation ladder of shared/reference/updates.md §6(7).
 *
 * - DaemonSet pods, mirror pods and finished pods stay; every other pod is evicted with its uid as
 *   precondition, at most `concurrency` at a time.
 * - A refused eviction (429 for its PodDisruptionBudget) is retried after `retrySeconds` ±20 %
 *   jitter, or as soon as a newer status of the budget (or of the pod) would admit it; while the
 *   cached budget visibly allows nothing, the API is not asked. A pod that is not running, or not
 *   Ready under a budget that lets such pods go, is evicted without waiting for a disruption.
 * - `podDeadlineSeconds` counts while the budget allows nobody anything (a budget that keeps
 *   allowing disruptions to others is busy, not stuck), or while the API keeps failing (5xx,
 *   unreachable: retried with backoff); a 429 with Retry-After and without the DisruptionBudget
 *   cause (API priority and fairness) is slept and retried without counting.
 * - Past the deadline the escalation applies: `abort-node` returns a blocked outcome (the caller
 *   uncordons and moves on), `delete` deletes the pod in `deleteNamespaces` (else aborts),
 *   `force` deletes any. A pod no escalation can help (covered by two budgets, or by a budget that
 *   allows nothing even with every pod healthy) aborts the drain at once. An eviction the API
 *   refuses for what it is (400, 403, 405, 422: e.g. RBAC) aborts at once with its message.
 * - Evicted pods must disappear within their grace period plus `terminationTimeoutSeconds` from
 *   when the drain saw them go, else the escalation applies (a forced deletion).
 * - Pods that appear on the node meanwhile are found and evicted; if they keep arriving for
 *   four times (`podDeadlineSeconds` + `terminationTimeoutSeconds`), the drain gives up. 404 and
 *   409 mean the pod is gone; the node is reported drained only once the cache lists no pod
 *   that needs eviction.
 *
 * `assertLeader` is called before every write. Rejects with the signal's reason when it aborts,
 * and with any error `assertLeader` throws (no write is made after it).
 */
export async function drainNode(context: DrainContext, nodeName: string): Promise<DrainOutcome> {
  const { view, clock, policy, signal } = context;
  signal.throwIfAborted();
  const started = clock.now();
  const arrivalLimitMs = (policy.podDeadlineSeconds + policy.terminationTimeoutSeconds) * 4000;
  /** Pods (by uid) known to be going, and since when: evicted, deleted, found terminating or gone (404/409). */
  const going = new Map<string, number>();
  /** Pods force-deleted after they overstayed: never escalated twice. */
  const forced = new Set<string>();
  /** Every pod that needed eviction (a new one on a later pass has arrived on the cordoned node). */
  const seen = new Set<string>();
  const counts = { evicted: 0, deleted: 0 };
  for (let pass = 0; ; pass++) {
    signal.throwIfAborted();
    const pods = view.podsOn(nodeName).filter(needsEviction);
    if (pods.length === 0) return { ok: true, ...counts };
    let arrived = false;
    for (const pod of pods) {
      const id = uidOf(pod);
      if (seen.has(id)) continue;
      seen.add(id);
      if (pass > 0) arrived = true;
    }
    if (arrived && clock.now() - started > arrivalLimitMs)
      return { ok: false, reason: 'pods keep arriving on the cordoned node', evicted: counts.evicted };
    const now = clock.now();
    for (const pod of pods) if (isPodTerminating(pod) && !going.has(uidOf(pod))) going.set(uidOf(pod), now);

    const running = pods.filter((pod) => !going.has(uidOf(pod)));
    if (running.length > 0) {
      // Structural blockers first: no point evicting anything if one pod can never go.
      for (const pod of running) {
        const blocker = structuralEvictionBlocker(pod, view.pdbsFor(pod));
        if (blocker && !mayDelete(policy, pod))
          return { ok: false, reason: blocker, evicted: counts.evicted };
      }
      const failure = await evictAll(context, running, started, going, counts);
      if (failure !== undefined) return { ok: false, reason: failure, evicted: counts.evicted };
      continue;
    }

    // Every pod left is going: wait for them, and escalate those that overstay.
    let next = Number.POSITIVE_INFINITY;
    for (const pod of pods) {
      const id = uidOf(pod);
      const since = going.get(id) as number;
      const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      const deadline = forced.has(id)
        ? since + Math.max(policy.terminationTimeoutSeconds * 1000, FORCED_GONE_MS)
        : since + (grace + policy.terminationTimeoutSeconds) * 1000;
      const at = clock.now();
      if (at < deadline) {
        next = Math.min(next, deadline);
        continue;
      }
      if (forced.has(id))
        return {
          ok: false,
          reason: `pod ${podKey(pod)} was force-deleted but still runs on the node after ${(deadline - since) / 1000} s`,
          evicted: counts.evicted,
        };
      const escalated = await escalate(
        context,
        signal,
        pod,
        `pod ${podKey(pod)} did not terminate within ${grace + policy.terminationTimeoutSeconds} s`,
        true,
      );
      if (typeof escalated === 'object')
        return { ok: false, reason: escalated.reason, evicted: counts.evicted };
      if (escalated === 'deleted') counts.deleted++;
      forced.add(id);
      going.set(id, clock.now());
      next = clock.now();
    }
    if (next <= clock.now()) continue;
    // Wake when one of them goes or another pod arrives, or at the first deadline.
    const waiting = new Set(pods.map(uidOf));
    await view.waitFor(
      [`pods:${nodeName}`],
      () => {
        const current = view.podsOn(nodeName).filter(needsEviction);
        return current.length !== waiting.size || current.some((pod) => !waiting.has(uidOf(pod)));
      },
      next - clock.now(),
      signal,
    );
  }
}

/** The pod's uid (its key for a pod without one). */
function uidOf(pod: K8sPod): string {
  return pod.metadata.uid ?? podKey(pod);
}

/** Whether the escalation may delete this pod. */
function mayDelete(policy: RolloutPolicy['drain'], pod: K8sPod): boolean {
  return (
    policy.escalation === 'force' ||
    (policy.escalation === 'delete' && policy.deleteNamespaces.includes(pod.metadata.namespace ?? 'default'))
  );
}

/** The reason the drain stopped its other evictions (never seen outside). */
const HALTED = new Error('drain halted');

/**
 * Evicts `pods` with at most `concurrency` in flight. Returns the reason of the first pod that
 * blocks the drain (the others then stop waiting and start no new eviction), or undefined.
 */
async function evictAll(
  context: DrainContext,
  pods: readonly K8sPod[],
  started: number,
  going: Map<string, number>,
  counts: { evicted: number; deleted: number },
): Promise<string | undefined> {
  const { signal, clock } = context;
  const priority = context.priority;
  const queue = priority ? [...pods].sort((a, b) => priority(b) - priority(a)) : [...pods];
  const halt = new AbortController();
  const onAbort = () => halt.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let failure: string | undefined;
  let error: { readonly error: unknown } | undefined;
  const worker = async () => {
    while (queue.length > 0 && !halt.signal.aborted) {
      const pod = queue.shift() as K8sPod;
      let outcome: EvictResult;
      try {
        outcome = await evictOne(context, halt.signal, pod, started);
      } catch (thrown) {
        if (halt.signal.aborted && thrown === halt.signal.reason && !signal.aborted) return;
        error ??= { error: thrown };
        halt.abort(HALTED);
        return;
      }
      if (typeof outcome === 'object') {
        failure ??= outcome.reason;
        halt.abort(HALTED);
        return;
      }
      going.set(uidOf(pod), clock.now());
      if (outcome === 'evicted') {
        counts.evicted++;
        context.onEvicted?.(pod);
      } else if (outcome === 'deleted') counts.deleted++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(context.policy.concurrency, queue.length) }, worker));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (error) throw error.error;
  return failure;
}

type EvictResult = 'evicted' | 'deleted' | 'gone' | { readonly reason: string };

/**
 * Whether a refused eviction is about the pod's budget: 429 with the DisruptionBudget cause (or
 * without Retry-After), or the API's 403 for a budget it cannot use (negative disruptionsAllowed,
 * too many evictions the disruption controller has not confirmed).
 */
function isBudgetRefusal(error: ClusterApiError): boolean {
  if (error.code === 429) return error.causes.includes('DisruptionBudget') || !error.retryAfterSeconds;
  return error.code === 403 && /poddisruptionbudget/i.test(error.status.message);
}

async function evictOne(
  context: DrainContext,
  signal: AbortSignal,
  pod: K8sPod,
  started: number,
): Promise<EvictResult> {
  const { client, view, clock, policy } = context;
  const key = podKey(pod);
  const uid = pod.metadata.uid;
  const deadlineMs = policy.podDeadlineSeconds * 1000;
  let backoff = 1000;
  /** Since when the API keeps failing (5xx, unreachable) for this pod. */
  let failingSince: number | undefined;
  for (;;) {
    signal.throwIfAborted();
    const current = view.pod(key);
    if (!current || current.metadata.uid !== uid) return 'gone';
    // Deleted by someone else meanwhile: going, as if evicted.
    if (isPodTerminating(current)) return 'evicted';
    const pdbs = view.pdbsFor(current);
    const pdb = pdbs.length === 1 ? pdbs[0] : undefined;
    const budgetKey = pdb ? pdbKey(pdb) : undefined;
    const status = pdb?.status;
    // Whether to ask the API now: always without a budget (or with several: the API answers
    // 500), and under one when the eviction uses none of its disruptions or the budget's last
    // status allows one that this process may claim.
    const spares = pdb === undefined || evictionSparesBudget(current, pdb);
    const allows = spares || (status?.disruptionsAllowed ?? 0) > 0;
    if (allows) {
      context.assertLeader();
      // Only an eviction that uses one of the budget's disruptions claims it.
      const claims = !spares && budgetKey !== undefined && context.claim !== undefined;
      if (!claims || (context.claim as (key: string) => boolean)(budgetKey as string)) {
        try {
          await client.evictPod({
            namespace: current.metadata.namespace ?? 'default',
            name: current.metadata.name,
            ...(uid ? { uid } : {}),
          });
          return 'evicted';
        } catch (error) {
          if (claims) context.unclaim?.(budgetKey as string);
          if (!ClusterApiError.isInstance(error)) throw error;
          if (error.code === 404 || error.code === 409) return 'gone';
          if (error.code === 500 && /more than one PodDisruptionBudget/i.test(error.status.message))
            return escalate(context, signal, current, `pod ${key}: ${error.status.message}`, false);
          if (!isBudgetRefusal(error)) {
            if (isPermanentRefusal(error))
              return { reason: `pod ${key}: the API refused its eviction: ${error.message}` };
            // API priority and fairness: the server says when to come back (not a failure).
            if (error.code === 429 && error.retryAfterSeconds) {
              await clock.sleep(error.retryAfterSeconds * 1000, signal);
              continue;
            }
            const now = clock.now();
            failingSince ??= now;
            if (now - failingSince >= deadlineMs)
              return escalate(
                context,
                signal,
                current,
                `pod ${key} could not be evicted for ${policy.podDeadlineSeconds} s: ${error.message}`,
                false,
              );
            await clock.sleep(backoff, signal);
            backoff = Math.min(backoff * 2, 30_000);
            continue;
          }
        }
      }
    }
    failingSince = undefined;
    backoff = 1000;
    // Refused for its budget (by the API, or by the cache or the claims first). The deadline
    // counts while the budget allows nobody anything: a busy budget (evicting other pods) is
    // progress, a budget stuck at zero is not.
    const stuckSince = budgetKey !== undefined ? Math.max(started, view.pdbLastAllowed(budgetKey)) : started;
    if (clock.now() >= stuckSince + deadlineMs) {
      const budget = pdb
        ? `PodDisruptionBudget ${budgetKey} (${status?.currentHealthy ?? '?'} healthy, needs ${status?.desiredHealthy ?? '?'})`
        : 'its PodDisruptionBudget';
      return escalate(
        context,
        signal,
        current,
        `pod ${key} could not be evicted: ${budget} allowed no disruption for ${policy.podDeadlineSeconds} s`,
        false,
      );
    }
    await waitForChance(context, signal, current, budgetKey, status);
  }
}

/**
 * Waits the retry interval (±20 % jitter), or less: until the pod goes, or a newer pod or budget
 * object than the one just refused would let the eviction through.
 */
async function waitForChance(
  context: DrainContext,
  signal: AbortSignal,
  refused: K8sPod,
  budgetKey: string | undefined,
  status: K8sPodDisruptionBudget['status'],
): Promise<void> {
  const { view, policy } = context;
  const key = podKey(refused);
  const jitter = 0.8 + 0.4 * context.random();
  const topics = budgetKey !== undefined ? [`pdb:${budgetKey}`, `pod:${key}`] : [`pod:${key}`];
  await view.waitFor(
    topics,
    () => {
      const pod = view.pod(key);
      if (!pod || pod.metadata.uid !== refused.metadata.uid || isPodTerminating(pod)) return true;
      const latest = budgetKey !== undefined ? view.pdb(budgetKey) : undefined;
      if (pod === refused && latest?.status === status) return false;
      if (latest === undefined) return budgetKey !== undefined;
      return evictionSparesBudget(pod, latest) || (latest.status?.disruptionsAllowed ?? 0) > 0;
    },
    policy.retrySeconds * 1000 * jitter,
    signal,
  );
}

/**
 * The escalation ladder for a pod that cannot be evicted: deletes it (`force`, or `delete` in
 * its namespaces; with a zero grace period when `immediately`), retrying transient errors a few
 * times, or returns why the drain stops.
 */
async function escalate(
  context: DrainContext,
  signal: AbortSignal,
  pod: K8sPod,
  reason: string,
  immediately: boolean,
): Promise<'deleted' | 'gone' | { readonly reason: string }> {
  const { policy, clock } = context;
  if (!mayDelete(policy, pod)) return { reason };
  let backoff = 1000;
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    context.assertLeader();
    try {
      await context.client.deletePod({
        namespace: pod.metadata.namespace ?? 'default',
        name: pod.metadata.name,
        ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
        ...(immediately ? { gracePeriodSeconds: 0 } : {}),
      });
      return 'deleted';
    } catch (error) {
      if (!ClusterApiError.isInstance(error)) throw error;
      if (error.code === 404 || error.code === 409) return 'gone';
      if (isPermanentRefusal(error) || attempt >= 5)
        return { reason: `${reason}; deleting it failed: ${error.message}` };
      await clock.sleep((error.retryAfterSeconds ?? 0) * 1000 || backoff, signal);
      backoff = Math.min(backoff * 2, 30_000);
    }
  }
}
