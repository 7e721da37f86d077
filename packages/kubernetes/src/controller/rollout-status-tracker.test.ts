import { ANNOTATIONS, ClusterApiError, microTime, rfc3339, type K8sLease } from '@kubenode/rollout';
import { afterEach, describe, expect, it } from 'vitest';
import { serveSmallCluster, type ServedSmallCluster } from '../client/__fixtures__/served-small-cluster.js';
import { createKubeClusterClient, type KubeClusterClient } from '../client/kube-cluster-client.js';
import { ControllerMetrics } from './controller-metrics.js';
import { RolloutStatusTracker, type RolloutStatusTrackerOptions } from './rollout-status-tracker.js';

const ROLLOUT = 'rollout-1';
const LEASE = { namespace: 'kubenode-system', name: 'kubenode-rollout-workers' };
const STATUS = 'kubenode-status-workers';

interface Setup {
  readonly cluster: ServedSmallCluster;
  readonly client: KubeClusterClient;
  readonly metrics: ControllerMetrics;
  readonly tracker: RolloutStatusTracker;
  readonly lines: string[];
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: Partial<RolloutStatusTrackerOptions> = {}, start = true): Promise<Setup> {
  const cluster = await serveSmallCluster();
  cleanups.push(() => cluster.close());
  const client = createKubeClusterClient({ kubeConfig: cluster.kubeConfig(), qps: 1000, burst: 1000 });
  cleanups.push(() => client.close());
  const metrics = new ControllerMetrics({ processMetrics: false });
  const lines: string[] = [];
  const tracker = new RolloutStatusTracker({
    client,
    clock: cluster.engine.clock(),
    pool: 'workers',
    rolloutId: ROLLOUT,
    identity: 'replica-a',
    nodeSelector: 'kubenode.dev/pool=workers',
    lease: LEASE,
    metrics,
    log: (line) => lines.push(line),
    ...options,
  });
  cleanups.push(() => tracker.close());
  if (start) await tracker.start();
  return { cluster, client, metrics, tracker, lines };
}

async function sample(metrics: ControllerMetrics, series: string): Promise<number | undefined> {
  const line = (await metrics.text()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Sets a node's rollout annotations (null removes one). */
async function annotate(client: KubeClusterClient, node: string, annotations: Record<string, string | null>) {
  await client.patchNode(node, { metadata: { annotations } });
}

function phase(
  phaseName: string,
  sinceMs: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    [ANNOTATIONS.rollout]: ROLLOUT,
    [ANNOTATIONS.phase]: phaseName,
    [ANNOTATIONS.phaseSince]: rfc3339(sinceMs),
    ...extra,
  };
}

function lease(holder: string, renewMs: number, annotations: Record<string, string> = {}): K8sLease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { ...LEASE, annotations },
    spec: { holderIdentity: holder, leaseDurationSeconds: 15, renewTime: microTime(renewMs) },
  };
}

async function statusConfigMap(client: KubeClusterClient): Promise<Record<string, unknown> | undefined> {
  try {
    const configMap = await client.getConfigMap(LEASE.namespace, STATUS);
    return JSON.parse(configMap.data?.['status.json'] ?? '') as Record<string, unknown>;
  } catch (error) {
    if (ClusterApiError.isInstance(error) && error.code === 404) return undefined;
    throw error;
  }
}

describe('RolloutStatusTracker', () => {
  it('is ready once synced, and summarises the pool: every node pending, nobody leading', async () => {
    const { cluster, tracker, metrics } = await setup({}, false);
    expect(tracker.ready).toBe(false);
    await tracker.start();
    expect(tracker.ready).toBe(true);
    expect(tracker.summary()).toEqual({
      pool: 'workers',
      rolloutId: ROLLOUT,
      leader: '',
      identity: 'replica-a',
      total: 5,
      phases: {
        pending: 5,
        staging: 0,
        staged: 0,
        draining: 0,
        applying: 0,
        rebooting: 0,
        verifying: 0,
        'rolling-back': 0,
        done: 0,
        failed: 0,
        reverted: 0,
        blocked: 0,
      },
      updated: 0,
      failed: [],
      blocked: [],
      paused: false,
      halted: undefined,
      lastRun: undefined,
      observedAt: new Date(cluster.engine.now).toISOString(),
    });
    expect(await sample(metrics, 'kubenode_rollout_nodes{pool="workers",phase="pending"}')).toBe(5);
    expect(await sample(metrics, 'kubenode_rollout_nodes{pool="workers",phase="draining"}')).toBe(0);
    expect(await sample(metrics, 'kubenode_controller_leader{pool="workers"}')).toBe(0);
    expect(await sample(metrics, 'kubenode_rollout_paused{pool="workers"}')).toBe(0);
  });

  it('follows the nodes’ phases: counts, updated nodes, failed and blocked ones with their reasons', async () => {
    const { cluster, client, tracker, metrics } = await setup();
    const now = cluster.engine.now;
    await annotate(client, 'node-1', phase('draining', now));
    await annotate(
      client,
      'node-2',
      phase('failed', now, { [ANNOTATIONS.reason]: 'verify: bootID unchanged' }),
    );
    await annotate(
      client,
      'node-3',
      phase('blocked', now, { [ANNOTATIONS.reason]: 'PodDisruptionBudget shop/web' }),
    );
    await annotate(client, 'node-4', phase('done', now, { [ANNOTATIONS.result]: 'updated' }));
    // State of another rollout reads as a fresh node.
    await annotate(client, 'node-5', { ...phase('done', now), [ANNOTATIONS.rollout]: 'rollout-0' });
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().phases.pending).toBe(1);
    const summary = tracker.summary();
    expect(summary.phases).toMatchObject({ pending: 1, draining: 1, failed: 1, blocked: 1, done: 1 });
    expect(summary.updated).toBe(1);
    expect(summary.failed).toEqual([{ node: 'node-2', reason: 'verify: bootID unchanged' }]);
    expect(summary.blocked).toEqual([{ node: 'node-3', reason: 'PodDisruptionBudget shop/web' }]);
    expect(await sample(metrics, 'kubenode_rollout_nodes{pool="workers",phase="draining"}')).toBe(1);
    expect(await sample(metrics, 'kubenode_rollout_nodes{pool="workers",phase="pending"}')).toBe(1);

    await annotate(client, 'node-1', phase('applying', now + 1000));
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().phases.applying).toBe(1);
    expect(tracker.summary().phases.draining).toBe(0);
    // Not leading: transitions are left to the leader's replica to observe.
    expect(
      await sample(metrics, 'kubenode_rollout_phase_duration_seconds_count{pool="workers",phase="draining"}'),
    ).toBeUndefined();
  });

  it('leads while this replica holds an unexpired Lease: gauge, log, a LeaderElection Event, the status ConfigMap', async () => {
    const { cluster, client, tracker, metrics, lines } = await setup();
    expect(await statusConfigMap(client)).toBeUndefined();
    const created = await client.createLease(lease('replica-a', cluster.engine.now));
    await cluster.advance(1000);
    await expect.poll(() => tracker.isLeader).toBe(true);
    expect(await sample(metrics, 'kubenode_controller_leader{pool="workers"}')).toBe(1);
    expect(lines).toContain('replica-a leads rollout rollout-1');
    await expect
      .poll(() => cluster.cluster.recordedEvents().filter((event) => event.reason === 'LeaderElection'))
      .toHaveLength(1);
    const [event] = cluster.cluster
      .recordedEvents()
      .filter((recorded) => recorded.reason === 'LeaderElection');
    expect(event).toMatchObject({
      type: 'Normal',
      message: 'replica-a became leader',
      involvedObject: {
        kind: 'Lease',
        name: LEASE.name,
        namespace: LEASE.namespace,
        uid: created.metadata.uid,
      },
      reportingComponent: 'kubenode.dev/controller',
      reportingInstance: 'replica-a',
    });
    await cluster.advance(100);
    await expect.poll(() => statusConfigMap(client).then((status) => status?.leader)).toBe('replica-a');
    const configMap = await client.getConfigMap(LEASE.namespace, STATUS);
    expect(configMap.metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'kubenode',
      'kubenode.dev/pool': 'workers',
    });

    // Another replica takes over.
    const current = await client.getLease(LEASE.namespace, LEASE.name);
    await client.updateLease({ ...current, spec: { ...current.spec, holderIdentity: 'replica-b' } });
    await cluster.advance(1000);
    await expect.poll(() => tracker.isLeader).toBe(false);
    expect(tracker.summary().leader).toBe('replica-b');
    expect(await sample(metrics, 'kubenode_controller_leader{pool="workers"}')).toBe(0);
    expect(lines).toContain('replica-a does not lead');
  });

  it('does not lead on an expired Lease, nor on one another replica holds; writes no ConfigMap then', async () => {
    const { cluster, client, tracker } = await setup();
    await client.createLease(lease('replica-a', cluster.engine.now - 60_000));
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().leader).toBe('replica-a');
    expect(tracker.isLeader).toBe(false);
    const current = await client.getLease(LEASE.namespace, LEASE.name);
    await client.updateLease({
      ...current,
      spec: { ...current.spec, holderIdentity: 'replica-b', renewTime: microTime(cluster.engine.now) },
    });
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().leader).toBe('replica-b');
    expect(tracker.isLeader).toBe(false);
    await cluster.advance(20_000);
    expect(await statusConfigMap(client)).toBeUndefined();
  });

  it('while leading, observes how long nodes spent in each phase and their whole cycle', async () => {
    const { cluster, client, tracker, metrics } = await setup();
    await client.createLease(lease('replica-a', cluster.engine.now));
    await cluster.advance(1000);
    await expect.poll(() => tracker.isLeader).toBe(true);
    const t = cluster.engine.now - (cluster.engine.now % 1000);
    await annotate(client, 'node-1', phase('draining', t, { [ANNOTATIONS.started]: rfc3339(t - 10_000) }));
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().phases.draining).toBe(1);
    await annotate(
      client,
      'node-1',
      phase('applying', t + 90_000, { [ANNOTATIONS.started]: rfc3339(t - 10_000) }),
    );
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().phases.applying).toBe(1);
    await annotate(
      client,
      'node-1',
      phase('done', t + 300_000, {
        [ANNOTATIONS.started]: rfc3339(t - 10_000),
        [ANNOTATIONS.result]: 'updated',
      }),
    );
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().updated).toBe(1);
    expect(
      await sample(metrics, 'kubenode_rollout_phase_duration_seconds_sum{pool="workers",phase="draining"}'),
    ).toBe(90);
    expect(
      await sample(metrics, 'kubenode_rollout_phase_duration_seconds_sum{pool="workers",phase="applying"}'),
    ).toBe(210);
    expect(
      await sample(metrics, 'kubenode_rollout_phase_duration_seconds_count{pool="workers",phase="applying"}'),
    ).toBe(1);
    expect(await sample(metrics, 'kubenode_rollout_node_cycle_seconds_sum{pool="workers"}')).toBe(310);
    expect(await sample(metrics, 'kubenode_rollout_node_cycle_seconds_count{pool="workers"}')).toBe(1);
  });

  it('reads paused and halted from the Lease (halted only for this rollout)', async () => {
    const { cluster, client, tracker, metrics } = await setup();
    await client.createLease(
      lease('replica-b', cluster.engine.now, {
        [ANNOTATIONS.paused]: 'true',
        [ANNOTATIONS.rollout]: 'rollout-0',
        [ANNOTATIONS.halted]: 'failure budget exhausted',
      }),
    );
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().paused).toBe(true);
    expect(tracker.summary().halted).toBeUndefined();
    const current = await client.getLease(LEASE.namespace, LEASE.name);
    await client.updateLease({
      ...current,
      metadata: {
        ...current.metadata,
        annotations: { [ANNOTATIONS.rollout]: ROLLOUT, [ANNOTATIONS.halted]: '3 nodes failed (budget 2)' },
      },
    });
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().halted).toBe('3 nodes failed (budget 2)');
    expect(tracker.summary().paused).toBe(false);
    expect(await sample(metrics, 'kubenode_rollout_halted{pool="workers"}')).toBe(1);
    expect(await sample(metrics, 'kubenode_rollout_paused{pool="workers"}')).toBe(0);
  });

  it('writes the status ConfigMap at most every writeIntervalSeconds, at once when a run finished', async () => {
    const { cluster, client, tracker, metrics } = await setup({ writeIntervalSeconds: 10 });
    await client.createLease(lease('replica-a', cluster.engine.now));
    await cluster.advance(1000);
    await expect.poll(() => statusConfigMap(client).then((status) => status?.leader)).toBe('replica-a');
    await annotate(client, 'node-1', phase('draining', cluster.engine.now));
    await cluster.advance(1000);
    await expect.poll(() => tracker.summary().phases.draining).toBe(1);
    await cluster.advance(1000);
    expect(((await statusConfigMap(client))?.phases as Record<string, number>).draining).toBe(0);
    await cluster.advance(9000);
    await expect
      .poll(() =>
        statusConfigMap(client).then((status) => (status?.phases as Record<string, number>).draining),
      )
      .toBe(1);

    tracker.runFinished('completed');
    const finishedAt = new Date(cluster.engine.now).toISOString();
    expect(tracker.summary().lastRun).toEqual({ outcome: 'completed', finishedAt });
    expect(await sample(metrics, 'kubenode_rollout_runs_total{pool="workers",outcome="completed"}')).toBe(1);
    await cluster.advance(10);
    await expect
      .poll(() => statusConfigMap(client).then((status) => status?.lastRun))
      .toEqual({
        outcome: 'completed',
        finishedAt,
      });
  });

  it('writes no ConfigMap with statusConfigMap: false', async () => {
    const { cluster, client, tracker } = await setup({ statusConfigMap: false });
    await client.createLease(lease('replica-a', cluster.engine.now));
    await cluster.advance(1000);
    await expect.poll(() => tracker.isLeader).toBe(true);
    tracker.runFinished('completed');
    await cluster.advance(20_000);
    expect(await statusConfigMap(client)).toBeUndefined();
  });

  it('close() stops following the cluster', async () => {
    const { cluster, client, tracker } = await setup();
    await tracker.close();
    await annotate(client, 'node-1', phase('draining', cluster.engine.now));
    await cluster.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(tracker.summary().phases.draining).toBe(0);
  });
});
