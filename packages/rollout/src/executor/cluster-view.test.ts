import { describe, expect, it, vi } from 'vitest';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { podKey } from '../kubernetes/pod-facts.js';
import type {
  ClusterClientV1,
  ResourceKindV1,
  WatchEventV1,
  WatchHandleV1,
} from '../ports/cluster-client-v1.js';
import { DISTRO_TIMING_PROFILES, type DistroTimingProfile } from '../simulator/distro-profiles.js';
import { SimulatedCluster } from '../simulator/simulated-cluster.js';
import { SimulationEngine } from '../simulator/simulation-engine.js';
import { ClusterView } from './cluster-view.js';

const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;
const fixed = (value: number) => ({ kind: 'fixed', value }) as const;
const START = Date.UTC(2026, 0, 5);

/**
 * node-1 (zone-a) holds web (2 pods, budget maxUnavailable 1) and db (a StatefulSet of 1, budget
 * minAvailable 0); node-2 (zone-b) joins the pool afterwards; node-3 is outside the pool (and cordoned).
 */
function cluster() {
  const engine = new SimulationEngine({ startMs: START });
  const sim = new SimulatedCluster({ engine, seed: 4, pdbLagSeconds: [1, 1] });
  const addNode = (name: string, zone: string, pool = true) =>
    sim.addNode({
      name,
      zone,
      cpu: 8,
      memory: 32 * 2 ** 30,
      profile,
      version: profile.fromVersion,
      ...(pool ? { labels: { 'kubenode.dev/pool': 'workers' } } : {}),
      timing: { stage: 30, apply: 0, reboot: 60, daemonSets: 10 },
    });
  addNode('node-1', 'zone-a');
  const workload = {
    cpu: 0.5,
    memory: 2 ** 30,
    graceSeconds: 30,
    termination: fixed(2),
    readiness: fixed(10),
  };
  sim.addWorkload({
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    replicas: 2,
    ...workload,
    pdb: { maxUnavailable: 1 },
  });
  sim.addWorkload({
    kind: 'StatefulSet',
    namespace: 'shop',
    name: 'db',
    replicas: 1,
    ...workload,
    pdb: { minAvailable: 0 },
  });
  sim.settle();
  addNode('node-2', 'zone-b');
  addNode('node-3', 'zone-a', false);
  // Cordoned: pods that leave node-1 go to node-2.
  sim.cordonAs('admin', 'node-3');
  return { engine, sim, client: sim.client('kubenode'), other: sim.client('someone') };
}

/**
 * A client whose watches a test can feed (events the API server would send), silence (events
 * lost, as while a watch is down) and end with 410 Expired (the informer then relists).
 */
function controllable(client: ClusterClientV1) {
  const feeds = new Map<ResourceKindV1, Set<(event: WatchEventV1<never>) => void>>();
  const expiries = new Set<() => void>();
  const silenced = new Set<ResourceKindV1>();
  const wrapped: ClusterClientV1 = Object.create(client, {
    watch: {
      value: (...args: Parameters<ClusterClientV1['watch']>): WatchHandleV1 => {
        const [kind, options, onEvent] = args;
        const feed = onEvent as (event: WatchEventV1<never>) => void;
        const handle = client.watch(kind, options, (event) => {
          if (!silenced.has(kind)) onEvent(event);
        });
        let fail!: (error: unknown) => void;
        const failed = new Promise<void>((_, reject) => (fail = reject));
        const expire = () => {
          fail(ClusterApiError.of(`watch ${kind}`, 410, 'Expired', 'too old resource version'));
          handle.stop();
        };
        const set = feeds.get(kind) ?? new Set();
        feeds.set(kind, set);
        set.add(feed);
        expiries.add(expire);
        const done = Promise.race([handle.done, failed]).finally(() => {
          set.delete(feed);
          expiries.delete(expire);
        });
        return { stop: () => handle.stop(), done };
      },
    },
  });
  return {
    client: wrapped,
    feed: (kind: ResourceKindV1, event: WatchEventV1<unknown>) => {
      for (const listener of [...(feeds.get(kind) ?? [])]) listener(event as WatchEventV1<never>);
    },
    silence: (kind: ResourceKindV1) => silenced.add(kind),
    /** Ends every open watch with 410 (and lets events through again). */
    expire: () => {
      silenced.clear();
      for (const expire of [...expiries]) expire();
    },
  };
}

async function view(engine: SimulationEngine, client: ClusterClientV1) {
  const clusterView = new ClusterView(client, engine.clock(), 'kubenode.dev/pool=workers');
  const stop = new AbortController();
  await clusterView.start(stop.signal);
  return clusterView;
}

/** Runs virtual time `seconds` on (also when nothing is scheduled: an idle engine stands still). */
async function advance(engine: SimulationEngine, seconds: number) {
  const until = engine.now + seconds * 1000;
  engine.at(until, () => undefined);
  await engine.run({ untilMs: until });
}

const keysOn = (clusterView: ClusterView, node: string) => clusterView.podsOn(node).map(podKey).sort();

describe('ClusterView: topics', () => {
  it('publishes node:<name>, pods:<node> and pdb:<namespace/name> on the changes they name', async () => {
    const { engine, client, other } = cluster();
    const clusterView = await view(engine, client);
    const topics: string[] = [];
    clusterView.subscribe((topic) => topics.push(topic));

    await other.patchNode('node-1', { spec: { unschedulable: true } });
    // A node outside the pool is not watched.
    await other.patchNode('node-3', { metadata: { annotations: { 'example.com/note': 'x' } } });
    await advance(engine, 1);
    expect(topics).toEqual(['node:node-1']);

    topics.length = 0;
    await other.evictPod({ namespace: 'shop', name: 'web-00000' });
    await advance(engine, 0.5);
    // Terminating on node-1; its budget spent a disruption; the replacement bound to node-2.
    expect(new Set(topics)).toEqual(new Set(['pods:node-1', 'pdb:shop/web', 'pods:node-2']));
    expect(topics.some((topic) => topic.startsWith('pod:'))).toBe(false);
  });
});

describe('ClusterView: waitFor', () => {
  it('resolves as soon as a change on one of its topics makes the check hold, checking only on those', async () => {
    const { engine, client, other } = cluster();
    const clusterView = await view(engine, client);
    let checks = 0;
    const started = engine.now;
    let resolvedAt: number | undefined;
    const waiting = clusterView
      .waitFor(
        ['pod:shop/web-00000'],
        () => {
          checks++;
          return clusterView.pod('shop/web-00000')?.metadata.deletionTimestamp !== undefined;
        },
        60_000,
        new AbortController().signal,
      )
      .then((ok) => {
        resolvedAt = engine.now;
        return ok;
      });
    expect(checks).toBe(1);
    // Changes of other pods, nodes and budgets do not run the check.
    await other.patchNode('node-1', { spec: { unschedulable: true } });
    await other.evictPod({ namespace: 'shop', name: 'web-00001' });
    await advance(engine, 5);
    expect(checks).toBe(1);
    expect(resolvedAt).toBeUndefined();
    await other.deletePod({ namespace: 'shop', name: 'web-00000' });
    await advance(engine, 1);
    expect(await waiting).toBe(true);
    expect(resolvedAt).toBe(started + 5100);
    expect(checks).toBe(2);
    // The waiter is gone: later changes of the pod run the check no more, and its 60 s timeout
    // is no longer scheduled (the engine runs out of work before it).
    await engine.run({ untilMs: started + 120_000 });
    expect(checks).toBe(2);
    expect(engine.now).toBeGreaterThan(started + 10_000);
    expect(engine.now).toBeLessThan(started + 60_000);
  });

  it('resolves true at once when the check already holds', async () => {
    const { engine, client } = cluster();
    const clusterView = await view(engine, client);
    expect(await clusterView.waitFor(['pods:node-1'], () => true, 60_000, new AbortController().signal)).toBe(
      true,
    );
  });

  it('resolves false after its timeout and leaves no listener, waiter or timer behind', async () => {
    const { engine, client, other } = cluster();
    const clusterView = await view(engine, client);
    const signal = new AbortController().signal;
    const add = vi.spyOn(signal, 'addEventListener');
    const remove = vi.spyOn(signal, 'removeEventListener');
    let checks = 0;
    const started = engine.now;
    let resolvedAt: number | undefined;
    const waiting = clusterView
      .waitFor(['node:node-1', 'pdb:shop/web'], () => (checks++, false), 20_000, signal)
      .then((ok) => ((resolvedAt = engine.now), ok));
    await other.patchNode('node-1', { spec: { unschedulable: true } });
    await advance(engine, 30);
    expect(await waiting).toBe(false);
    expect(resolvedAt).toBe(started + 20_000);
    expect(checks).toBe(2);
    await other.patchNode('node-1', { spec: { unschedulable: false } });
    await advance(engine, 1);
    expect(checks).toBe(2);
    expect(add.mock.calls.length).toBe(1);
    expect(remove.mock.calls.map((call) => call[1])).toEqual(add.mock.calls.map((call) => call[1]));
  });

  it('rejects with the signal’s reason when it aborts, and leaves nothing behind', async () => {
    const { engine, client, other } = cluster();
    const clusterView = await view(engine, client);
    const abort = new AbortController();
    const add = vi.spyOn(abort.signal, 'addEventListener');
    const remove = vi.spyOn(abort.signal, 'removeEventListener');
    let checks = 0;
    const reason = new Error('stopped');
    const waiting = clusterView.waitFor(['pods:node-1'], () => (checks++, false), 3_600_000, abort.signal);
    const settled = waiting.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const started = engine.now;
    engine.after(1000, () => abort.abort(reason));
    await advance(engine, 2);
    expect(await settled).toBe(reason);
    expect(remove.mock.calls.map((call) => call[1])).toEqual(add.mock.calls.map((call) => call[1]));
    await other.evictPod({ namespace: 'shop', name: 'web-00000' });
    // Runs until nothing is left to do: the wait's hour-long timeout is no longer scheduled.
    await engine.run({ untilMs: started + 3_600_000 + 1000 });
    expect(engine.now).toBeLessThan(started + 600_000);
    expect(checks).toBe(1);
    // An already aborted signal rejects at once (unless the check holds).
    await expect(clusterView.waitFor(['pods:node-1'], () => false, 1000, abort.signal)).rejects.toBe(reason);
  });
});

describe('ClusterView: pods and budgets', () => {
  it('follows a pod re-created under its name on another node (new uid): watched as DELETED then ADDED', async () => {
    const { engine, client, other } = cluster();
    const clusterView = await view(engine, client);
    const before = clusterView.pod('shop/db-0');
    expect(before?.spec.nodeName).toBe('node-1');
    expect(keysOn(clusterView, 'node-1')).toEqual(['shop/db-0', 'shop/web-00000', 'shop/web-00001']);
    expect(clusterView.zoneCapacity('zone-a').requestedCpu).toBe(1.5);
    await other.patchNode('node-1', { spec: { unschedulable: true } });
    await other.deletePod({ namespace: 'shop', name: 'db-0', gracePeriodSeconds: 0 });
    await advance(engine, 2);
    const after = clusterView.pod('shop/db-0');
    expect(after?.metadata.uid).not.toBe(before?.metadata.uid);
    expect(after?.spec.nodeName).toBe('node-2');
    expect(keysOn(clusterView, 'node-1')).toEqual(['shop/web-00000', 'shop/web-00001']);
    expect(keysOn(clusterView, 'node-2')).toEqual(['shop/db-0']);
    expect(clusterView.pdbsFor(after as never).map((budget) => budget.metadata.name)).toEqual(['db']);
    expect(clusterView.zoneCapacity('zone-a').requestedCpu).toBe(1);
    expect(clusterView.zoneCapacity('zone-b').requestedCpu).toBe(0.5);
  });

  it('follows the same move when it learns it from a relist after 410 (one MODIFIED, new node and uid)', async () => {
    const { engine, client, other } = cluster();
    const control = controllable(client);
    const clusterView = await view(engine, control.client);
    const topics: string[] = [];
    clusterView.subscribe((topic) => topics.push(topic));
    const before = clusterView.pod('shop/db-0');
    await other.patchNode('node-1', { spec: { unschedulable: true } });
    await advance(engine, 1);
    control.silence('Pod');
    await other.deletePod({ namespace: 'shop', name: 'db-0', gracePeriodSeconds: 0 });
    await advance(engine, 2);
    // The cache missed the deletion and the new pod.
    expect(clusterView.pod('shop/db-0')?.metadata.uid).toBe(before?.metadata.uid);
    topics.length = 0;
    control.expire();
    await advance(engine, 2);
    const after = clusterView.pod('shop/db-0');
    expect(after?.metadata.uid).not.toBe(before?.metadata.uid);
    expect(keysOn(clusterView, 'node-1')).toEqual(['shop/web-00000', 'shop/web-00001']);
    expect(keysOn(clusterView, 'node-2')).toEqual(['shop/db-0']);
    expect(new Set(topics)).toEqual(new Set(['pods:node-1', 'pods:node-2']));
    expect(clusterView.zoneCapacity('zone-a').requestedCpu).toBe(1);
    expect(clusterView.zoneCapacity('zone-b').requestedCpu).toBe(0.5);
  });

  it('drops a deleted pod from its node and its zone’s requests', async () => {
    const { engine, client, other } = cluster();
    const clusterView = await view(engine, client);
    await other.patchNode('node-1', { spec: { unschedulable: true } });
    await other.evictPod({ namespace: 'shop', name: 'web-00000' });
    await advance(engine, 0.5);
    // Terminating: still on the node, no longer counted.
    expect(keysOn(clusterView, 'node-1')).toContain('shop/web-00000');
    expect(clusterView.zoneCapacity('zone-a').requestedCpu).toBe(1);
    await advance(engine, 3);
    expect(clusterView.pod('shop/web-00000')).toBeUndefined();
    expect(keysOn(clusterView, 'node-1')).toEqual(['shop/db-0', 'shop/web-00001']);
    expect(clusterView.zoneCapacity('zone-a').requestedCpu).toBe(1);
    expect(clusterView.zoneCapacity('zone-b').requestedCpu).toBe(0.5);
  });

  it('tracks when each budget last allowed a disruption', async () => {
    const { engine, client, other } = cluster();
    const control = controllable(client);
    const clusterView = await view(engine, control.client);
    const seenAt = engine.now;
    expect(clusterView.pdbLastAllowed('shop/web')).toBe(seenAt);
    // db (minAvailable 0) allows 1; seen at the start too.
    expect(clusterView.pdbLastAllowed('shop/db')).toBe(seenAt);
    await advance(engine, 10);
    await other.patchNode('node-1', { spec: { unschedulable: true } });
    await other.evictPod({ namespace: 'shop', name: 'web-00000' });
    await advance(engine, 5);
    // Spent its disruption at +10 s: no change while it allows none.
    expect(clusterView.pdb('shop/web')?.status?.disruptionsAllowed).toBe(0);
    expect(clusterView.pdbLastAllowed('shop/web')).toBe(seenAt);
    // The replacement is Ready 10 s after it was placed; the controller says so 1 s later.
    await advance(engine, 10);
    expect(clusterView.pdb('shop/web')?.status?.disruptionsAllowed).toBe(1);
    expect(clusterView.pdbLastAllowed('shop/web')).toBe(seenAt + 10_000 + 200 + 10_000 + 1000 + 100);
    // Deleted: unknown again, and gone from every pod.
    const web = clusterView.pdb('shop/web') as K8sPodDisruptionBudget;
    const pod = clusterView.pod('shop/web-00001');
    expect(clusterView.pdbsFor(pod as never)).toEqual([web]);
    control.feed('PodDisruptionBudget', { type: 'DELETED', object: web });
    expect(clusterView.pdb('shop/web')).toBeUndefined();
    expect(clusterView.pdbsFor(pod as never)).toEqual([]);
    expect(clusterView.pdbKeysFor(pod as never)).toEqual([]);
    await advance(engine, 7);
    expect(clusterView.pdbLastAllowed('shop/web')).toBe(engine.now);
  });

  it('matches pods again when a budget’s selector changes, and only then', async () => {
    const { engine, client } = cluster();
    const control = controllable(client);
    const clusterView = await view(engine, control.client);
    const web = clusterView.pod('shop/web-00000');
    const db = clusterView.pod('shop/db-0');
    const budget = clusterView.pdb('shop/web') as K8sPodDisruptionBudget;
    expect(clusterView.pdbKeysFor(web as never)).toEqual(['shop/web']);
    // Status only: the same keys, the new object.
    const counted = { ...budget, status: { ...budget.status!, currentHealthy: 1, disruptionsAllowed: 0 } };
    control.feed('PodDisruptionBudget', { type: 'MODIFIED', object: counted });
    expect(clusterView.pdbsFor(web as never)).toEqual([counted]);
    // The selector now covers db as well.
    const widened = { ...counted, spec: { ...counted.spec, selector: {} } };
    control.feed('PodDisruptionBudget', { type: 'MODIFIED', object: widened });
    expect(clusterView.pdbKeysFor(web as never)).toEqual(['shop/web']);
    expect(clusterView.pdbKeysFor(db as never)).toEqual(['shop/db', 'shop/web']);
    // A budget in another namespace never covers them.
    control.feed('PodDisruptionBudget', {
      type: 'ADDED',
      object: { ...widened, metadata: { ...widened.metadata, namespace: 'billing', name: 'all' } },
    });
    expect(clusterView.pdbKeysFor(db as never)).toEqual(['shop/db', 'shop/web']);
    expect(
      clusterView
        .allPdbs()
        .map((item) => `${item.metadata.namespace}/${item.metadata.name}`)
        .sort(),
    ).toEqual(['billing/all', 'shop/db', 'shop/web']);
  });
});
