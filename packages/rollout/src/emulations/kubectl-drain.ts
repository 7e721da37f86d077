import { setMaxListeners } from 'node:events';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sPod } from '../kubernetes/kubernetes-objects.js';
import { isPodTerminating, needsEviction } from '../kubernetes/pod-facts.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';

/** Options of {@link kubectlDrain}, mirroring `kubectl/pkg/drain.Helper` fields the tools set. */
export interface KubectlDrainOptions {
  /** 0 = no timeout (kubectl's and kured's default). */
  readonly timeoutSeconds: number;
  /** Namespaces never evicted (FLUO skips kube-system). */
  readonly skipNamespaces?: readonly string[];
  /** Evictions in flight at once (kubectl: all; brupop: 5). */
  readonly concurrency?: number;
  /** Retry interval after a 429 (kubectl and brupop: 5 s). */
  readonly retrySeconds?: number;
}

/**
 * The drain other tools use, as `kubectl drain --ignore-daemonsets --delete-emptydir-data` does
 * it: list the node's pods, evict every pod that is not a DaemonSet or mirror pod concurrently
 * through the Eviction API, retry refused evictions every 5 s, and wait until they are gone.
 * Resolves true when drained, false when `timeoutSeconds` passed first.
 */
export async function kubectlDrain(
  client: ClusterClientV1,
  clock: ClockV1,
  node: string,
  options: KubectlDrainOptions,
  signal: AbortSignal,
): Promise<boolean> {
  // One listener per eviction in flight (every pod of the node at once, as kubectl does) on a
  // signal of the drain's own, so the caller's signal does not warn about a leak.
  const drain = new AbortController();
  setMaxListeners(0, drain.signal);
  const forward = () => drain.abort(signal.reason);
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  try {
    return await drainWith(client, clock, node, options, drain.signal);
  } finally {
    signal.removeEventListener('abort', forward);
  }
}

async function drainWith(
  client: ClusterClientV1,
  clock: ClockV1,
  node: string,
  options: KubectlDrainOptions,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline =
    options.timeoutSeconds > 0 ? clock.now() + options.timeoutSeconds * 1000 : Number.POSITIVE_INFINITY;
  const skip = new Set(options.skipNamespaces ?? []);
  const retry = (options.retrySeconds ?? 5) * 1000;
  const list = async () =>
    (await client.list('Pod', { fieldSelector: `spec.nodeName=${node}` })).items.filter(
      (pod) => needsEviction(pod) && !skip.has(pod.metadata.namespace ?? 'default'),
    );
  let pods: K8sPod[];
  try {
    pods = await list();
  } catch {
    return false;
  }
  const evictOne = async (pod: K8sPod): Promise<boolean> => {
    for (;;) {
      signal.throwIfAborted();
      if (clock.now() >= deadline) return false;
      try {
        await client.evictPod({ namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name });
        return true;
      } catch (error) {
        if (!ClusterApiError.isInstance(error)) throw error;
        if (error.code === 404) return true;
        await clock.sleep(Math.min(retry, Math.max(1, deadline - clock.now())), signal);
      }
    }
  };
  const queue = pods.filter((pod) => !isPodTerminating(pod));
  const width = Math.max(1, Math.min(options.concurrency ?? queue.length, queue.length));
  let ok = true;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (queue.length > 0) {
        const pod = queue.shift() as K8sPod;
        if (!(await evictOne(pod))) ok = false;
      }
    }),
  );
  if (!ok) return false;
  // Wait for the pods to be gone (kubectl polls every second).
  for (;;) {
    signal.throwIfAborted();
    let remaining: K8sPod[];
    try {
      remaining = await list();
    } catch {
      remaining = pods;
    }
    if (remaining.length === 0) return true;
    if (clock.now() >= deadline) return false;
    // Pods that arrived meanwhile are evicted as well.
    for (const pod of remaining) if (!isPodTerminating(pod)) void evictOne(pod).catch(() => undefined);
    await clock.sleep(Math.min(5000, Math.max(1, deadline - clock.now())), signal);
  }
}
