import { setMaxListeners } from 'node:events';
import {
  ClusterApiError,
  LeadershipLostError,
  microTime,
  systemClock,
  type RolloutResultV1,
} from '@kubenode/rollout';
import { prepareClusterRollout, type ClusterRollout, type ClusterRolloutOptions } from './cluster-rollout.js';
import type { ControllerMetrics } from './controller-metrics.js';
import { RolloutStatusTracker } from './rollout-status-tracker.js';

/** Options of {@link runController}. */
export interface ControllerOptions extends Omit<ClusterRolloutOptions, 'onProgress'> {
  /** Waits for requests in flight before releasing the Lease on shutdown (the Kubernetes client has it). */
  readonly client: ClusterRolloutOptions['client'] & {
    /** Resolves when no request is in flight, or after `timeoutMs`. */
    idle?(timeoutMs: number): Promise<void>;
  };
  readonly metrics?: ControllerMetrics;
  /** Keep the summary in ConfigMap `kubenode-status-<pool>` while leading (default true). */
  readonly statusConfigMap?: boolean;
  /** After a run finished, run again after this long (new nodes, acknowledged failures; default 3600 s). */
  readonly recheckSeconds?: number;
  /** After an unexpected error, retry after this long (default 30 s). */
  readonly retrySeconds?: number;
  /** Progress lines (leadership, runs, retries). */
  readonly log?: (line: string) => void;
  /** Called once the status tracker is synced (the controller is ready). */
  readonly onReady?: (tracker: RolloutStatusTracker) => void;
  /** Called after each finished executor run (`kubenode controller --once` stops here). */
  readonly onRunFinished?: (result: RolloutResultV1) => void;
}

/** How the controller stopped. */
export interface ControllerExit {
  /** Executor runs that finished (completed, halted, ...). */
  readonly runs: number;
  /** The last finished run. */
  readonly last: RolloutResultV1 | undefined;
  /** Whether this replica released the Lease it held when asked to stop. */
  readonly releasedLease: boolean;
}

/**
 * `kubenode controller`: runs the pool's rollout as a long-lived, leader-elected controller.
 * Every replica campaigns for the rollout Lease; the leader runs the executor, which resumes
 * from the nodes' annotations after a restart or a failover (a replica that loses the Lease
 * stops acting before anyone else may start, then campaigns again). When a run finishes, the
 * controller runs again after `recheckSeconds` (nodes that joined the pool, failures an
 * operator acknowledged). Metrics, the status summary and Events come from a
 * {@link RolloutStatusTracker}. When `signal` aborts (SIGTERM), whatever the controller is doing
 * (even retrying a cluster it cannot reach, or waiting for its caches to sync), it stops acting at
 * once, waits briefly for requests in flight, releases the Lease if it holds it so another replica
 * takes over without waiting for it to expire, and resolves. It rejects only on an error it cannot
 * retry (a configuration error), after stopping everything it started.
 */
export async function runController(
  options: ControllerOptions,
  signal: AbortSignal,
): Promise<ControllerExit> {
  const clock = options.clock ?? systemClock();
  const log = options.log ?? (() => undefined);
  setMaxListeners(0, signal);
  let first: ClusterRollout;
  try {
    first = await retrying(() => prepareClusterRollout({ ...options, clock }), clock, signal, log);
  } catch (error) {
    if (!signal.aborted) throw error;
    log(`${options.identity}: stopped before the rollout was prepared`);
    return { runs: 0, last: undefined, releasedLease: false };
  }
  const rolloutId = first.executor.rolloutId;
  const lease = first.executor.lease;
  const tracker = new RolloutStatusTracker({
    client: options.client,
    clock,
    pool: options.pool.metadata.name,
    rolloutId,
    identity: options.identity,
    nodeSelector: first.nodeSelector,
    lease,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.statusConfigMap !== undefined ? { statusConfigMap: options.statusConfigMap } : {}),
    log,
  });
  let runs = 0;
  let last: RolloutResultV1 | undefined;
  let prepared: ClusterRollout | undefined = first;
  let failure: { readonly error: unknown } | undefined;
  try {
    // The tracker's informers retry failed lists on their own signal: closing the tracker is
    // what ends them when `signal` aborts before its caches are synced.
    const closeTracker = () => void tracker.close();
    signal.addEventListener('abort', closeTracker, { once: true });
    try {
      await retrying(() => tracker.start(), clock, signal, log);
    } finally {
      signal.removeEventListener('abort', closeTracker);
    }
    options.onReady?.(tracker);
    log(`${options.identity}: campaigning for lease ${lease.namespace}/${lease.name} (rollout ${rolloutId})`);
    while (!signal.aborted) {
      const rollout =
        prepared ?? (await retrying(() => prepareClusterRollout({ ...options, clock }), clock, signal, log));
      prepared = undefined;
      try {
        const result = await rollout.executor.run(signal);
        runs++;
        last = result;
        tracker.runFinished(result.outcome);
        log(
          `${options.identity}: rollout ${rolloutId} ${result.outcome}: ${result.nodes.updated.length} updated, ${result.nodes.failed.length} failed, ${result.nodes.blocked.length} blocked${result.haltReason ? ` (${result.haltReason})` : ''}`,
        );
        options.onRunFinished?.(result);
        await clock.sleep((options.recheckSeconds ?? 3600) * 1000, signal).catch(() => undefined);
      } catch (error) {
        if (signal.aborted) break;
        if (LeadershipLostError.isInstance(error))
          log(`${options.identity}: ${error.message}; campaigning again`);
        else {
          log(
            `${options.identity}: rollout stopped: ${error instanceof Error ? error.message : String(error)}; retrying`,
          );
          await clock.sleep((options.retrySeconds ?? 30) * 1000, signal).catch(() => undefined);
        }
      } finally {
        await rollout.close();
      }
    }
  } catch (error) {
    // Stopping while retrying the cluster ends here too; anything else is a failure.
    if (!signal.aborted) failure = { error };
  } finally {
    if (prepared) await prepared.close();
  }
  if (failure) {
    await tracker.close();
    throw failure.error;
  }
  // Stopping: no further change was made after the signal; let requests in flight land, then
  // hand the Lease over, within the pod's termination grace period (30 s): a release the API
  // server does not answer in time is abandoned, and the Lease expires on its own.
  await options.client.idle?.(5000);
  const gaveUp = new AbortController();
  const releasedLease = await Promise.race([
    releaseLease(options.client, lease, options.identity, clock.now()).catch(() => false),
    clock.sleep(RELEASE_DEADLINE_MS, gaveUp.signal).then(
      () => 'timeout' as const,
      () => false,
    ),
  ]);
  gaveUp.abort(new Error('released'));
  await tracker.close();
  if (releasedLease === 'timeout')
    log(
      `${options.identity}: stopped; the Lease was not released: the API server did not answer within ${RELEASE_DEADLINE_MS / 1000} s (it expires on its own)`,
    );
  else log(`${options.identity}: stopped${releasedLease ? ', lease released' : ''}`);
  return { runs, last, releasedLease: releasedLease === true };
}

/** How long a stopping controller tries to release its Lease (with 5 s for requests in flight, well within 30 s). */
const RELEASE_DEADLINE_MS = 10_000;

async function releaseLease(
  client: ClusterRolloutOptions['client'],
  lease: { namespace: string; name: string },
  identity: string,
  now: number,
): Promise<boolean> {
  const current = await client.getLease(lease.namespace, lease.name);
  if (current.spec.holderIdentity !== identity) return false;
  await client.updateLease({
    ...current,
    spec: { ...current.spec, holderIdentity: '', renewTime: microTime(now) },
  });
  return true;
}

async function retrying<T>(
  action: () => Promise<T>,
  clock: NonNullable<ClusterRolloutOptions['clock']>,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<T> {
  let backoff = 1000;
  for (;;) {
    signal.throwIfAborted();
    try {
      return await action();
    } catch (error) {
      if (signal.aborted || !ClusterApiError.isInstance(error)) throw error;
      log(`cannot reach the cluster (${error.message}); retrying in ${backoff / 1000} s`);
      await clock.sleep(backoff, signal);
      backoff = Math.min(backoff * 2, 60_000);
    }
  }
}
