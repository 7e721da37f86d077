import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sPod } from '../kubernetes/kubernetes-objects.js';
import { pdbKey } from '../kubernetes/pdb-index.js';
import { isPodTerminating, needsEviction, podKey } from '../kubernetes/pod-facts.js';
import { structuralEvictionBlocker } from '../plan/pdb-allowance.js';
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
   * Asks before trying an eviction under a budget: false while this process already used the
   * disruptions the budget's last known status allows (keeps concurrent drains from all asking
   * the API at once for the one disruption available).
   */
  readonly claim?: (pdbKey: string) => boolean;
  /** Returns a claim whose eviction attempt failed (the disruption was not used). */
  readonly unclaim?: (pdbKey: string) => void;
}

/**
 * Drains a cordoned node through the Eviction API, like `kubectl drain --ignore-daemonsets
 * --delete-emptydir-data` but with the escalation ladder of shared/reference/updates.md §6(7):
 * bounded concurrent evictions; a refused eviction (429) is retried after `retrySeconds` ±20 %
 * jitter, or sooner once its PodDisruptionBudget allows a disruption again; each pod has a
 * deadline, after which the escalation applies (`abort-node` returns a blocked outcome so the
 * caller uncordons and moves on; `delete` deletes pods in the allowed namespaces; `force` deletes
 * any); pods must then terminate within their grace period plus `terminationTimeoutSeconds`.
 * Pods that appear on the node meanwhile are found by re-listing on every pass. The node is never
 * reported drained while a pod that needs eviction still runs on it.
 */
export async function drainNode(context: DrainContext, nodeName: string): Promise<DrainOutcome> {
  const { view, clock, policy, signal } = context;
  const started = clock.now();
  const attempts = new Map<string, number>();
  /** Pods (by uid) whose eviction or deletion was accepted: terminating even if the cache lags. */
  const accepted = new Set<string>();
  const isGoing = (pod: K8sPod) => isPodTerminating(pod) || accepted.has(pod.metadata.uid ?? podKey(pod));
  let evicted = 0;
  let deleted = 0;
  for (let pass = 0; ; pass++) {
    signal.throwIfAborted();
    const pods = view.podsOn(nodeName).filter(needsEviction);
    if (pods.length === 0) return { ok: true, evicted, deleted };
    const running = pods.filter((pod) => !isGoing(pod));
    // Structural blockers first: no point evicting anything if one pod can never go.
    for (const pod of running) {
      const blocker = structuralEvictionBlocker(pod, view.pdbsFor(pod));
      if (blocker && policy.escalation === 'abort-node') return { ok: false, reason: blocker, evicted };
    }
    if (running.length > 0) {
      const priority = context.priority;
      const queue = priority ? [...running].sort((a, b) => priority(b) - priority(a)) : [...running];
      let failure: string | undefined;
      const worker = async () => {
        while (queue.length > 0 && failure === undefined) {
          const pod = queue.shift() as K8sPod;
          const outcome = await evictOne(context, pod, started + policy.podDeadlineSeconds * 1000, attempts);
          if (outcome === 'evicted') {
            evicted++;
            accepted.add(pod.metadata.uid ?? podKey(pod));
            context.onEvicted?.(pod);
          } else if (outcome === 'deleted') {
            deleted++;
            accepted.add(pod.metadata.uid ?? podKey(pod));
          } else if (outcome !== 'gone') failure = outcome.reason;
        }
      };
      await Promise.all(Array.from({ length: Math.min(policy.concurrency, queue.length) }, worker));
      if (failure !== undefined) return { ok: false, reason: failure, evicted };
    }
    // Wait for terminating pods to disappear.
    const terminating = view.podsOn(nodeName).filter((pod) => needsEviction(pod) && isGoing(pod));
    for (const pod of terminating) {
      const key = podKey(pod);
      const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      const gone = await view.waitFor(
        [`pod:${key}`],
        () => {
          const current = view.pod(key);
          return (
            current === undefined ||
            current.metadata.uid !== pod.metadata.uid ||
            current.spec.nodeName !== nodeName
          );
        },
        (grace + policy.terminationTimeoutSeconds) * 1000,
        signal,
      );
      if (!gone) {
        const escalated = await escalate(
          context,
          pod,
          `pod ${key} did not terminate within ${grace + policy.terminationTimeoutSeconds} s`,
        );
        if (escalated === 'deleted') {
          deleted++;
          continue;
        }
        return { ok: false, reason: escalated.reason, evicted };
      }
    }
    if (running.length === 0 && terminating.length === 0) {
      // Nothing to do but the cache still lists pods: let it catch up.
      await view.waitFor([`pods:${nodeName}`], () => false, 1000, signal);
    }
    if (clock.now() - started > (policy.podDeadlineSeconds + policy.terminationTimeoutSeconds) * 1000 * 4)
      return { ok: false, reason: 'pods keep arriving on the cordoned node', evicted };
  }
}

type EvictResult = 'evicted' | 'deleted' | 'gone' | { readonly reason: string };

async function evictOne(
  context: DrainContext,
  pod: K8sPod,
  deadline: number,
  attempts: Map<string, number>,
): Promise<EvictResult> {
  const { client, view, clock, policy, signal } = context;
  const key = podKey(pod);
  let backoff = 1000;
  for (;;) {
    signal.throwIfAborted();
    const current = view.pod(key);
    if (!current || current.metadata.uid !== pod.metadata.uid) return 'gone';
    if (isPodTerminating(current)) return 'evicted';
    const pdbs = view.pdbsFor(current);
    const pdb = pdbs.length === 1 ? pdbs[0] : undefined;
    const budgetKey = pdb ? pdbKey(pdb) : undefined;
    // Do not ask while the budget visibly allows nothing; wait for it to change (or the retry interval).
    const blockedNow =
      pdb !== undefined &&
      ((pdb.status?.disruptionsAllowed ?? 0) <= 0 ||
        (context.claim !== undefined && !context.claim(budgetKey as string)));
    if (!blockedNow) {
      context.assertLeader();
      attempts.set(key, (attempts.get(key) ?? 0) + 1);
      try {
        await client.evictPod({
          namespace: current.metadata.namespace ?? 'default',
          name: current.metadata.name,
          ...(current.metadata.uid ? { uid: current.metadata.uid } : {}),
        });
        return 'evicted';
      } catch (error) {
        if (budgetKey !== undefined) context.unclaim?.(budgetKey);
        if (!ClusterApiError.isInstance(error)) throw error;
        if (error.code === 404) return 'gone';
        if (error.code === 409) return 'gone';
        if (error.code === 429 && !error.causes.includes('DisruptionBudget') && error.retryAfterSeconds) {
          await clock.sleep(error.retryAfterSeconds * 1000, signal);
          continue;
        }
        if (error.code === 500 && /more than one PodDisruptionBudget/i.test(error.status.message)) {
          return escalate(context, current, `pod ${key}: ${error.status.message}`);
        }
        if (error.code !== 429) {
          await clock.sleep(backoff, signal);
          backoff = Math.min(backoff * 2, 30_000);
          continue;
        }
      }
    }
    // The deadline counts while the budget allows nobody anything: a busy budget (evicting other
    // pods) is progress, a budget stuck at zero is not.
    const drainStart = deadline - policy.podDeadlineSeconds * 1000;
    const stuckSince =
      budgetKey !== undefined ? Math.max(drainStart, view.pdbLastAllowed(budgetKey)) : drainStart;
    if (clock.now() >= stuckSince + policy.podDeadlineSeconds * 1000) {
      const budget = pdb
        ? `PodDisruptionBudget ${budgetKey} (${pdb.status?.currentHealthy ?? '?'} healthy, needs ${pdb.status?.desiredHealthy ?? '?'})`
        : 'its PodDisruptionBudget';
      return escalate(
        context,
        current,
        `pod ${key} could not be evicted: ${budget} allowed no disruption for ${policy.podDeadlineSeconds} s`,
      );
    }
    const jitter = 0.8 + 0.4 * context.random();
    const wait = policy.retrySeconds * 1000 * jitter;
    const topics = budgetKey !== undefined ? [`pdb:${budgetKey}`, `pod:${key}`] : [`pod:${key}`];
    await view.waitFor(
      topics,
      () => {
        const now = view.pod(key);
        if (!now || now.metadata.uid !== pod.metadata.uid || isPodTerminating(now)) return true;
        // A budget that looked exhausted: retry as soon as a newer status allows a disruption.
        const latest = budgetKey !== undefined ? view.pdb(budgetKey) : undefined;
        return (
          blockedNow &&
          latest !== undefined &&
          latest.status !== pdb?.status &&
          (latest.status?.disruptionsAllowed ?? 0) > 0
        );
      },
      wait,
      signal,
    );
  }
}

async function escalate(
  context: DrainContext,
  pod: K8sPod,
  reason: string,
): Promise<'deleted' | { readonly reason: string }> {
  const { policy } = context;
  const namespace = pod.metadata.namespace ?? 'default';
  const allowed =
    policy.escalation === 'force' ||
    (policy.escalation === 'delete' && policy.deleteNamespaces.includes(namespace));
  if (!allowed) return { reason };
  context.assertLeader();
  try {
    await context.client.deletePod({
      namespace,
      name: pod.metadata.name,
      ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
      ...(isPodTerminating(pod) ? { gracePeriodSeconds: 0 } : {}),
    });
  } catch (error) {
    if (!(ClusterApiError.isInstance(error) && (error.code === 404 || error.code === 409))) throw error;
  }
  return 'deleted';
}
