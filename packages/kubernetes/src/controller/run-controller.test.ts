import {
  ClusterApiError,
  createTestAbImageStrategy,
  microTime,
  parseRolloutPolicy,
  simulatedPool,
  type ClockV1,
  type RolloutResultV1,
} from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { serveSmallCluster, type ServedSmallCluster } from '../client/__fixtures__/served-small-cluster.js';
import { createKubeClusterClient, type KubeClusterClient } from '../client/kube-cluster-client.js';
import { ControllerMetrics } from './controller-metrics.js';
import type { RolloutStatusTracker } from './rollout-status-tracker.js';
import { runController, type ControllerOptions } from './run-controller.js';

const NAMESPACE = 'kubenode-system';
const LEASE = 'kubenode-rollout-workers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A served cluster whose virtual time runs on (5 s per step, the lease's retry period) until the test ends. */
async function runningCluster(): Promise<ServedSmallCluster> {
  const cluster = await serveSmallCluster();
  let running = true;
  const driving = (async () => {
    while (running) await cluster.advance(5000);
  })();
  cleanups.push(async () => {
    running = false;
    await driving;
    await cluster.close();
  });
  return cluster;
}

function clientOf(cluster: ServedSmallCluster): KubeClusterClient {
  const client = createKubeClusterClient({ kubeConfig: cluster.kubeConfig(), qps: 1000, burst: 1000 });
  cleanups.push(() => client.close());
  return client;
}

function controllerOptions(
  client: ControllerOptions['client'],
  clock: ClockV1,
  extra: Partial<ControllerOptions> = {},
): ControllerOptions {
  return {
    client,
    pool: simulatedPool({ name: 'workers', distro: 'flatcar' }),
    strategy: createTestAbImageStrategy(),
    // No node carries this label: every run finishes at once, so the controller loop is what is tested.
    policy: parseRolloutPolicy({
      nodeSelector: 'kubenode.dev/pool=nobody',
      // The served cluster's virtual time runs about 500 times faster than real time: a Lease far
      // longer than any test, so that a request slowed by a loaded machine never costs the leadership.
      lease: {
        namespace: NAMESPACE,
        durationSeconds: 3600,
        renewDeadlineSeconds: 2400,
        retryPeriodSeconds: 5,
      },
    }),
    identity: 'replica-a',
    namespace: NAMESPACE,
    clock,
    ...extra,
  };
}

/** A policy that selects the pool's five nodes (the run goes on: no node agent answers). */
const POOL_POLICY = parseRolloutPolicy({
  lease: { namespace: NAMESPACE, durationSeconds: 3600, renewDeadlineSeconds: 2400 },
});

/** Resolves once `identity` holds the rollout Lease. */
async function leaseHeldBy(client: KubeClusterClient, identity: string): Promise<void> {
  await expect
    .poll(() =>
      client.getLease(NAMESPACE, LEASE).then(
        (lease) => lease.spec.holderIdentity,
        () => undefined,
      ),
    )
    .toBe(identity);
}

describe('runController', () => {
  it('leads, runs, reports the run and runs again after recheckSeconds; the executor frees the Lease after each run', async () => {
    const cluster = await runningCluster();
    const client = clientOf(cluster);
    const metrics = new ControllerMetrics({ processMetrics: false });
    const stop = new AbortController();
    const finished: RolloutResultV1[] = [];
    const lines: string[] = [];
    let tracker: RolloutStatusTracker | undefined;
    const exit = runController(
      controllerOptions(client, cluster.engine.clock(), {
        metrics,
        recheckSeconds: 60,
        log: (line) => lines.push(line),
        onReady: (ready) => (tracker = ready),
        onRunFinished: (result) => {
          finished.push(result);
          if (finished.length === 2) stop.abort(new Error('SIGTERM'));
        },
      }),
      stop.signal,
    );
    const start = cluster.engine.now;
    const result = await exit;
    expect(finished.map((run) => run.outcome)).toEqual(['completed', 'completed']);
    expect(cluster.engine.now - start).toBeGreaterThanOrEqual(60_000);
    // Stopped between runs: the executor had already given the Lease up.
    expect(result).toMatchObject({ runs: 2, last: { outcome: 'completed' }, releasedLease: false });
    expect(tracker?.ready).toBe(true);
    expect((await client.getLease(NAMESPACE, LEASE)).spec.holderIdentity).toBe('');
    // The step-signing key was set up for the agents.
    expect((await client.getSecret(NAMESPACE, 'kubenode-step-signing-key')).data).toBeDefined();
    const text = await metrics.text();
    expect(text).toContain('kubenode_rollout_runs_total{pool="workers",outcome="completed"} 2\n');
    expect(lines[0]).toMatch(
      new RegExp(`^replica-a: campaigning for lease ${NAMESPACE}/${LEASE} \\(rollout \\S+\\)$`),
    );
    expect(lines.filter((line) => line.includes(' completed: 0 updated, 0 failed, 0 blocked'))).toHaveLength(
      2,
    );
    expect(lines.at(-1)).toBe('replica-a: stopped');
  });

  it('stopped mid-run, hands the Lease it holds over at once', async () => {
    const cluster = await runningCluster();
    const client = clientOf(cluster);
    const stop = new AbortController();
    const lines: string[] = [];
    // The pool's five nodes; no node agent answers, so the run is still going when it is stopped.
    const options = controllerOptions(client, cluster.engine.clock(), { log: (line) => lines.push(line) });
    const exit = runController(
      {
        ...options,
        policy: POOL_POLICY,
      },
      stop.signal,
    );
    await leaseHeldBy(client, 'replica-a');
    stop.abort(new Error('SIGTERM'));
    expect(await exit).toEqual({ runs: 0, last: undefined, releasedLease: true });
    expect((await client.getLease(NAMESPACE, LEASE)).spec.holderIdentity).toBe('');
    expect(lines.at(-1)).toBe('replica-a: stopped, lease released');
  });

  it('gives up releasing the Lease after 10 s when the API server stops answering, within the 30 s grace', async () => {
    const cluster = await runningCluster();
    const client = clientOf(cluster);
    let blackholed = false;
    // The API server stops answering Lease requests once the controller is stopping.
    const silent = new Proxy(client, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if ((property === 'getLease' || property === 'updateLease') && blackholed)
          return () => new Promise(() => undefined);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const stop = new AbortController();
    const lines: string[] = [];
    const clock = cluster.engine.clock();
    const exit = runController(
      controllerOptions(silent, clock, {
        log: (line) => lines.push(line),
        policy: POOL_POLICY,
      }),
      stop.signal,
    );
    await leaseHeldBy(client, 'replica-a');
    blackholed = true;
    const stoppedAt = clock.now();
    stop.abort(new Error('SIGTERM'));
    expect(await exit).toEqual({ runs: 0, last: undefined, releasedLease: false });
    // Virtual time: the 10 s deadline passed, and not much more (the cluster steps 5 s at a time).
    expect(clock.now() - stoppedAt).toBeGreaterThanOrEqual(10_000);
    expect(clock.now() - stoppedAt).toBeLessThan(30_000);
    expect(lines.at(-1)).toBe(
      'replica-a: stopped; the Lease was not released: the API server did not answer within 10 s (it expires on its own)',
    );
    expect((await client.getLease(NAMESPACE, LEASE)).spec.holderIdentity).toBe('replica-a');
  });

  it('stops without touching a Lease another replica holds', async () => {
    const cluster = await runningCluster();
    const client = clientOf(cluster);
    await client.createLease({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: LEASE, namespace: NAMESPACE },
      spec: {
        holderIdentity: 'replica-b',
        leaseDurationSeconds: 3600,
        renewTime: microTime(cluster.engine.now),
      },
    });
    const stop = new AbortController();
    let ready = false;
    const exit = runController(
      controllerOptions(client, cluster.engine.clock(), { onReady: () => (ready = true) }),
      stop.signal,
    );
    await expect.poll(() => ready).toBe(true);
    await cluster.advance(30_000);
    stop.abort(new Error('SIGTERM'));
    expect(await exit).toEqual({ runs: 0, last: undefined, releasedLease: false });
    expect((await client.getLease(NAMESPACE, LEASE)).spec.holderIdentity).toBe('replica-b');
  });

  it('says why its caches cannot sync (Leases refused) and stops when asked, instead of retrying forever', async () => {
    const cluster = await runningCluster();
    const client = clientOf(cluster);
    // A client whose Lease lists are refused, as with RBAC that forgot `list leases`.
    let refused = 0;
    const restricted = new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'list')
          return (kind: string, options?: object) => {
            if (kind !== 'Lease') return target.list(kind as 'Node', options);
            refused++;
            return Promise.reject(
              ClusterApiError.of('list leases', 403, 'Forbidden', 'leases.coordination.k8s.io is forbidden'),
            );
          };
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const stop = new AbortController();
    let ready = false;
    const lines: string[] = [];
    const exit = runController(
      controllerOptions(restricted, cluster.engine.clock(), {
        onReady: () => (ready = true),
        log: (line) => lines.push(line),
      }),
      stop.signal,
    );
    await expect.poll(() => refused).toBeGreaterThanOrEqual(2);
    stop.abort(new Error('SIGTERM'));
    expect(await exit).toEqual({ runs: 0, last: undefined, releasedLease: false });
    expect(ready).toBe(false);
    // The operator learns which list is refused and why (the API's own message).
    expect(lines).toContain(
      `cannot list Lease in ${NAMESPACE} (metadata.name=${LEASE}): list leases: 403 Forbidden: leases.coordination.k8s.io is forbidden; retrying in 1 s`,
    );
  }, 5000);

  it('retries a cluster it cannot reach with a doubling backoff, and stops cleanly while doing so', async () => {
    const cluster = await serveSmallCluster();
    const kubeConfig = cluster.kubeConfig();
    await cluster.close();
    const client = createKubeClusterClient({ kubeConfig });
    cleanups.push(() => client.close());
    const stop = new AbortController();
    const sleeps: number[] = [];
    const clock: ClockV1 = {
      now: () => 0,
      sleep: async (ms, signal) => {
        sleeps.push(ms);
        if (sleeps.length === 4) stop.abort(new Error('SIGTERM'));
        signal?.throwIfAborted();
      },
    };
    const lines: string[] = [];
    const exit = await runController(
      controllerOptions(client, clock, { log: (line) => lines.push(line) }),
      stop.signal,
    );
    expect(exit).toEqual({ runs: 0, last: undefined, releasedLease: false });
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(lines[0]).toMatch(
      /^cannot reach the cluster \(get secrets\/kubenode-step-signing-key -n kubenode-system: 503 ServiceUnavailable: cannot reach the API server at http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED .*\); retrying in 1 s$/,
    );
    expect(lines.at(-1)).toBe('replica-a: stopped before the rollout was prepared');
  });

  it('rejects an error it cannot retry', async () => {
    const cluster = await runningCluster();
    const kubeConfig = cluster.kubeConfig();
    // An http:// server without insecure-skip-tls-verify: a configuration error, not a cluster error.
    kubeConfig.clusters = kubeConfig.clusters.map((entry) => ({ ...entry, skipTLSVerify: false }));
    const client = createKubeClusterClient({ kubeConfig });
    cleanups.push(() => client.close());
    await expect(
      runController(controllerOptions(client, cluster.engine.clock()), new AbortController().signal),
    ).rejects.toMatchObject({ name: 'KubenodeKubeClientConfigError' });
  });
});
