import { describe, expect, it } from 'vitest';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sOwnerReference, K8sPod } from '../kubernetes/kubernetes-objects.js';
import { podKey } from '../kubernetes/pod-facts.js';
import { rfc3339 } from '../kubernetes/time-format.js';
import { parseRolloutPolicy, type RolloutPolicyInput } from '../policy/rollout-policy.js';
import type { ClusterClientV1, EvictionV1, PodDeletionV1, WatchEventV1 } from '../ports/cluster-client-v1.js';
import { DISTRO_TIMING_PROFILES, type DistroTimingProfile } from '../simulator/distro-profiles.js';
import { FAULT_PROFILES, type FaultProfile } from '../simulator/scenario-profiles.js';
import { SimulatedCluster, type SimWorkloadSpec } from '../simulator/simulated-cluster.js';
import { SimulationEngine } from '../simulator/simulation-engine.js';
import { ClusterView } from './cluster-view.js';
import { drainNode, type DrainContext, type DrainOutcome } from './drain-node.js';

const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;
const fixed = (value: number) => ({ kind: 'fixed', value }) as const;
const POOL = 'kubenode.dev/pool=workers';

/** A large node of the pool `workers` in zone-a. */
function addPoolNode(sim: SimulatedCluster, name: string): void {
  sim.addNode({
    name,
    zone: 'zone-a',
    cpu: 32,
    memory: 128 * 2 ** 30,
    profile,
    version: profile.fromVersion,
    labels: { 'kubenode.dev/pool': 'workers' },
    timing: { stage: 30, apply: 0, reboot: 60, daemonSets: 10 },
  });
}

/**
 * A simulated cluster whose workloads all start on `node-1` (the node to drain): it is the only
 * node when they are placed; `node-2` and `node-3` join afterwards and receive the replacements.
 */
function cluster(
  workloads: readonly Partial<SimWorkloadSpec>[],
  options: { faults?: Partial<FaultProfile>; budgets?: (sim: SimulatedCluster) => void } = {},
) {
  const engine = new SimulationEngine({ startMs: Date.UTC(2026, 0, 5) });
  const sim = new SimulatedCluster({
    engine,
    seed: 11,
    pdbLagSeconds: [1, 1],
    faults: { ...FAULT_PROFILES.none, ...options.faults },
  });
  const addNode = (name: string) => addPoolNode(sim, name);
  addNode('node-1');
  for (const workload of workloads)
    sim.addWorkload({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      replicas: 1,
      cpu: 0.1,
      memory: 2 ** 28,
      graceSeconds: 30,
      termination: fixed(1),
      readiness: fixed(10),
      ...workload,
    });
  options.budgets?.(sim);
  sim.settle();
  addNode('node-2');
  addNode('node-3');
  return { engine, sim };
}

/** A pod the simulator does not make (mirror, finished, bare or foreign-owned), bound to a node. */
function extraPod(
  namespace: string,
  name: string,
  options: {
    node?: string;
    owner?: Omit<K8sOwnerReference, 'apiVersion' | 'uid'>;
    annotations?: Record<string, string>;
    phase?: 'Running' | 'Succeeded' | 'Failed';
    grace?: number;
  } = {},
): K8sPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      labels: { app: name },
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.owner
        ? { ownerReferences: [{ apiVersion: 'apps/v1', uid: 'owner', ...options.owner }] }
        : {}),
    },
    spec: {
      nodeName: options.node ?? 'node-1',
      containers: [{ name: 'main', image: 'registry.example/main:1' }],
      terminationGracePeriodSeconds: options.grace ?? 30,
    },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: options.phase === undefined ? 'True' : 'False' }],
    },
  };
}

/** How an extra pod answers its eviction or deletion. */
type ExtraBehaviour =
  /** Terminates and is gone `seconds` later. */
  | { readonly kind: 'terminates'; readonly seconds: number }
  /** Terminates and never goes (a stuck finalizer). */
  | { readonly kind: 'stuck' }
  /** Already gone on the server (404), while the cache lists it until `seconds` later (never without). */
  | { readonly kind: 'lost'; readonly seconds?: number }
  /** Terminates; a new pod like it appears on the same node `seconds` later, and it goes a second after that. */
  | { readonly kind: 'respawns'; readonly seconds: number };

/**
 * Serves extra pods through a client's Pod list and watch as if the API server held them, and
 * answers their evictions and deletions as `behaviour` says; everything else is the simulator's.
 */
function withExtraPods(client: ClusterClientV1, engine: SimulationEngine) {
  const pods = new Map<string, { pod: K8sPod; behaviour: ExtraBehaviour }>();
  const listeners = new Set<(event: WatchEventV1<K8sPod>) => void>();
  let spawned = 0;
  const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: K8sPod) => {
    for (const listener of [...listeners]) listener({ type, object });
  };
  const remove = (key: string) => {
    const entry = pods.get(key);
    if (!entry) return;
    pods.delete(key);
    emit('DELETED', entry.pod);
  };
  const terminate = (key: string, uid: string | undefined, grace: number | undefined) => {
    const entry = pods.get(key) as { pod: K8sPod; behaviour: ExtraBehaviour };
    if (uid !== undefined && uid !== entry.pod.metadata.uid)
      throw ClusterApiError.of(`evict ${key}`, 409, 'Conflict', 'Precondition failed: UID in precondition');
    const { behaviour, pod } = entry;
    if (behaviour.kind === 'lost') {
      if (behaviour.seconds !== undefined) engine.after(behaviour.seconds * 1000, () => remove(key));
      throw ClusterApiError.of(`evict ${key}`, 404, 'NotFound', `pods "${pod.metadata.name}" not found`);
    }
    if (pod.metadata.deletionTimestamp !== undefined && grace !== 0) return;
    const seconds = grace ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    const terminating: K8sPod = {
      ...pod,
      metadata: {
        ...pod.metadata,
        deletionTimestamp: rfc3339(engine.now + seconds * 1000),
        deletionGracePeriodSeconds: seconds,
      },
    };
    entry.pod = terminating;
    engine.after(100, () => emit('MODIFIED', terminating));
    if (grace === 0) engine.after(100, () => remove(key));
    else if (behaviour.kind === 'terminates') engine.after(behaviour.seconds * 1000, () => remove(key));
    else if (behaviour.kind === 'respawns') {
      engine.after((behaviour.seconds + 1) * 1000, () => remove(key));
      const next = extraPod(pod.metadata.namespace as string, `spawned-${++spawned}`, {
        node: pod.spec.nodeName as string,
      });
      add(next, behaviour, behaviour.seconds);
    }
  };
  const add = (pod: K8sPod, behaviour: ExtraBehaviour, afterSeconds = 0) => {
    const put = () => {
      pods.set(podKey(pod), { pod, behaviour });
      emit('ADDED', pod);
    };
    if (afterSeconds === 0) pods.set(podKey(pod), { pod, behaviour });
    else engine.after(afterSeconds * 1000, put);
  };
  const wrapped: ClusterClientV1 = Object.create(client, {
    list: {
      value: async (...args: Parameters<ClusterClientV1['list']>) => {
        const list = await client.list(...args);
        if (args[0] !== 'Pod') return list;
        return { ...list, items: [...list.items, ...[...pods.values()].map((entry) => entry.pod)] };
      },
    },
    watch: {
      value: (...args: Parameters<ClusterClientV1['watch']>) => {
        const handle = client.watch(...args);
        if (args[0] === 'Pod') {
          const listener = args[2] as (event: WatchEventV1<K8sPod>) => void;
          listeners.add(listener);
          handle.done.then(
            () => listeners.delete(listener),
            () => listeners.delete(listener),
          );
        }
        return handle;
      },
    },
    evictPod: {
      value: async (eviction: EvictionV1) => {
        const key = `${eviction.namespace}/${eviction.name}`;
        if (!pods.has(key)) return client.evictPod(eviction);
        terminate(key, eviction.uid, eviction.gracePeriodSeconds);
      },
    },
    deletePod: {
      value: async (deletion: PodDeletionV1) => {
        const key = `${deletion.namespace}/${deletion.name}`;
        if (!pods.has(key)) return client.deletePod(deletion);
        const entry = pods.get(key) as { behaviour: ExtraBehaviour };
        if (entry.behaviour.kind === 'lost')
          throw ClusterApiError.of(`delete ${key}`, 404, 'NotFound', `pods "${deletion.name}" not found`);
        terminate(key, deletion.uid, deletion.gracePeriodSeconds);
      },
    },
  });
  return { client: wrapped, add, has: (key: string) => pods.has(key) };
}

/** One eviction or deletion the drain sent, with when (seconds after the drain started) and the answer. */
interface Call {
  readonly verb: 'evict' | 'delete';
  readonly key: string;
  readonly uid: string | undefined;
  readonly grace: number | undefined;
  readonly at: number;
  result?: number | 'ok' | 'error';
}

type Hook<T> = (request: T, next: (request: T) => Promise<void>, attempt: number) => Promise<void>;

/** Records every eviction and deletion, lets a test answer them (`hooks`), and stops a drain that loops. */
function recording(
  client: ClusterClientV1,
  engine: SimulationEngine,
  hooks: { evictPod?: Hook<EvictionV1>; deletePod?: Hook<PodDeletionV1> } = {},
) {
  const calls: Call[] = [];
  let origin = engine.now;
  const record = <T extends EvictionV1 | PodDeletionV1>(
    verb: 'evict' | 'delete',
    hook: Hook<T> | undefined,
    next: (request: T) => Promise<void>,
  ) =>
    async function (request: T) {
      const key = `${request.namespace}/${request.name}`;
      const call: Call = {
        verb,
        key,
        uid: request.uid,
        grace: request.gracePeriodSeconds,
        at: (engine.now - origin) / 1000,
      };
      calls.push(call);
      const attempt = calls.filter((c) => c.verb === verb && c.key === key).length;
      if (attempt > 50) throw new Error(`the drain loops: ${verb} ${key} sent ${attempt} times`);
      try {
        await (hook ? hook(request, next, attempt) : next(request));
        call.result = 'ok';
      } catch (error) {
        call.result = ClusterApiError.isInstance(error) ? error.code : 'error';
        throw error;
      }
    };
  const wrapped: ClusterClientV1 = Object.create(client, {
    evictPod: { value: record('evict', hooks.evictPod, (e) => client.evictPod(e)) },
    deletePod: { value: record('delete', hooks.deletePod, (d) => client.deletePod(d)) },
  });
  return {
    client: wrapped,
    calls,
    /** Keys of the evictions the API admitted, in order. */
    evicted: () => calls.filter((c) => c.verb === 'evict' && c.result === 'ok').map((c) => c.key),
    deleted: () => calls.filter((c) => c.verb === 'delete' && c.result === 'ok').map((c) => c.key),
    restart: () => (origin = engine.now),
  };
}

async function startView(engine: SimulationEngine, client: ClusterClientV1) {
  const view = new ClusterView(client, engine.clock(), POOL);
  const stop = new AbortController();
  await view.start(stop.signal);
  return { view, stop };
}

function context(
  engine: SimulationEngine,
  view: ClusterView,
  client: ClusterClientV1,
  drain: NonNullable<RolloutPolicyInput['drain']> = {},
  extra: Partial<DrainContext> = {},
): DrainContext {
  return {
    client,
    view,
    clock: engine.clock(),
    random: () => 0.5,
    policy: parseRolloutPolicy({ drain }).drain,
    signal: new AbortController().signal,
    assertLeader: () => undefined,
    ...extra,
  };
}

interface DrainRun {
  outcome?: DrainOutcome;
  error?: unknown;
  /** Seconds of virtual time until the drain settled. */
  seconds?: number;
}

/** Runs a drain in virtual time until it settles (or `limitSeconds` pass). */
async function runDrain(
  engine: SimulationEngine,
  drainContext: DrainContext,
  options: { limitSeconds?: number; node?: string; during?: (seconds: number) => void } = {},
): Promise<DrainRun> {
  const run: DrainRun = {};
  const started = engine.now;
  void drainNode(drainContext, options.node ?? 'node-1').then(
    (outcome) => {
      run.outcome = outcome;
      run.seconds = (engine.now - started) / 1000;
      engine.stop();
    },
    (error: unknown) => {
      run.error = error;
      run.seconds = (engine.now - started) / 1000;
      engine.stop();
    },
  );
  await engine.run({
    untilMs: started + (options.limitSeconds ?? 3600) * 1000,
    ...(options.during ? { onStep: (now: number) => options.during?.((now - started) / 1000) } : {}),
  });
  return run;
}

/** The cluster, its view and a recording client, with node-1 cordoned: ready to drain. */
async function drainSetup(
  workloads: readonly Partial<SimWorkloadSpec>[],
  options: {
    faults?: Partial<FaultProfile>;
    budgets?: (sim: SimulatedCluster) => void;
    hooks?: Parameters<typeof recording>[2];
    extra?: (extra: ReturnType<typeof withExtraPods>) => void;
  } = {},
) {
  const { engine, sim } = cluster(workloads, options);
  const extra = withExtraPods(sim.client('kubenode'), engine);
  options.extra?.(extra);
  const recorder = recording(extra.client, engine, options.hooks);
  const { view, stop } = await startView(engine, recorder.client);
  await recorder.client.patchNode('node-1', { spec: { unschedulable: true } });
  await engine.run({ untilMs: engine.now + 500 });
  recorder.restart();
  return { engine, sim, view, stop, extra, recorder, client: recorder.client, other: sim.client('someone') };
}

const podNames = (view: ClusterView, node: string) => view.podsOn(node).map(podKey).sort();

describe('drainNode: which pods it evicts', () => {
  it('leaves DaemonSet, mirror and finished pods; evicts every other pod through the Eviction API with its uid', async () => {
    const { engine, sim, view, recorder, client } = await drainSetup(
      [
        { name: 'web', replicas: 3 },
        { kind: 'DaemonSet', namespace: 'kube-system', name: 'agent' },
      ],
      {
        extra: (extra) => {
          const gone = { kind: 'terminates', seconds: 2 } as const;
          extra.add(
            extraPod('kube-system', 'kube-apiserver-node-1', {
              annotations: { 'kubernetes.io/config.mirror': 'c0ffee' },
              owner: { kind: 'Node', name: 'node-1', controller: true },
            }),
            gone,
          );
          extra.add(extraPod('batch', 'report-done', { phase: 'Succeeded' }), gone);
          extra.add(extraPod('batch', 'report-failed', { phase: 'Failed' }), gone);
          // A DaemonSet as a plain owner, not the controller: kubectl drain evicts such a pod too.
          extra.add(extraPod('ops', 'adopted', { owner: { kind: 'DaemonSet', name: 'agent' } }), gone);
          extra.add(extraPod('ops', 'bare'), gone);
        },
      },
    );
    const webPods = [...sim.pods.values()].filter((pod) => pod.workload.name === 'web');
    const run = await runDrain(engine, context(engine, view, client));
    expect(run.outcome).toEqual({ ok: true, evicted: 5, deleted: 0 });
    expect(recorder.calls.every((call) => call.verb === 'evict')).toBe(true);
    expect(recorder.calls.map((call) => `${call.key} ${call.uid}`).sort()).toEqual(
      [
        ...webPods.map((pod) => `shop/${pod.name} ${pod.uid}`),
        'ops/adopted uid-ops-adopted',
        'ops/bare uid-ops-bare',
      ].sort(),
    );
    // What a drain leaves is still there.
    expect(podNames(view, 'node-1')).toEqual([
      'batch/report-done',
      'batch/report-failed',
      'kube-system/agent-00000',
      'kube-system/kube-apiserver-node-1',
    ]);
  });

  it('never has more evictions in flight than its concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const { engine, view, recorder, client } = await drainSetup([{ name: 'web', replicas: 8 }], {
      hooks: {
        evictPod: async (eviction, next) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          // A slow API server: every eviction takes two seconds.
          await engine.clock().sleep(2000);
          inFlight--;
          await next(eviction);
        },
      },
    });
    const run = await runDrain(engine, context(engine, view, client, { concurrency: 3 }));
    expect(run.outcome).toEqual({ ok: true, evicted: 8, deleted: 0 });
    expect(peak).toBe(3);
    // Three waves of at most three, two seconds each.
    expect(recorder.calls.map((call) => call.at)).toEqual([0, 0, 0, 2, 2, 2, 4, 4]);
  });
});

describe('drainNode: PodDisruptionBudgets', () => {
  it('waits while the budget allows nothing and evicts as soon as its status allows a disruption again', async () => {
    const { engine, view, recorder, client } = await drainSetup([
      { name: 'web', replicas: 2, readiness: fixed(20), pdb: { maxUnavailable: 1 } },
    ]);
    const run = await runDrain(engine, context(engine, view, client, { retrySeconds: 60 }));
    expect(run.outcome).toEqual({ ok: true, evicted: 2, deleted: 0 });
    // The second pod waits for the first one's replacement (scheduled in 0.2 s, Ready 20 s later,
    // seen by the disruption controller 1 s later, watched 0.1 s later), not for the 60 s retry.
    expect(recorder.calls.map((call) => [call.at, call.result])).toEqual([
      [0, 'ok'],
      // Both asked at once: the cache allowed one disruption, the API gave it to the first.
      [0, 429],
      [21.3, 'ok'],
    ]);
  });

  it('does not count a budget that keeps allowing disruptions against the pod deadline', async () => {
    const { engine, view, recorder, client } = await drainSetup([
      { name: 'web', replicas: 8, readiness: fixed(40), pdb: { maxUnavailable: 1 } },
    ]);
    const run = await runDrain(
      engine,
      context(engine, view, client, { podDeadlineSeconds: 60, terminationTimeoutSeconds: 0 }),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 8, deleted: 0 });
    // One at a time, each waiting for the previous replacement: far longer than the deadline, and
    // than four times the deadline (the bound on a drain whose node keeps receiving pods).
    expect(recorder.evicted()).toHaveLength(8);
    expect(run.seconds).toBeGreaterThan(4 * 60);
  });

  const stuck = [{ name: 'web', replicas: 2, readiness: fixed(100_000), pdb: { maxUnavailable: 1 } }];

  it('escalates a budget stuck at zero for podDeadlineSeconds: abort-node names the budget and its numbers', async () => {
    const { engine, view, recorder, client } = await drainSetup(stuck);
    const run = await runDrain(engine, context(engine, view, client, { podDeadlineSeconds: 60 }));
    const [first, second] = view.podsOn('node-1').map(podKey).sort();
    expect(recorder.evicted()).toHaveLength(1);
    const blocked = recorder.evicted()[0] === first ? second : first;
    expect(run.outcome).toEqual({
      ok: false,
      reason: `pod ${blocked} could not be evicted: PodDisruptionBudget shop/web (1 healthy, needs 1) allowed no disruption for 60 s`,
      evicted: 1,
    });
    // The first retry at or after the deadline (5 s retries, jitter 1.0).
    expect(run.seconds).toBeGreaterThanOrEqual(60);
    expect(run.seconds).toBeLessThanOrEqual(65);
    expect(recorder.deleted()).toEqual([]);
  });

  it('with delete, deletes a stuck pod only in deleteNamespaces', async () => {
    for (const namespaces of [['shop'], ['other']]) {
      const { engine, sim, view, recorder, client } = await drainSetup(stuck);
      const uids = new Set([...sim.pods.values()].map((pod) => pod.uid));
      const run = await runDrain(
        engine,
        context(engine, view, client, {
          podDeadlineSeconds: 60,
          escalation: 'delete',
          deleteNamespaces: namespaces,
        }),
      );
      if (namespaces[0] === 'shop') {
        expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 1 });
        const deletion = recorder.calls.filter((call) => call.verb === 'delete');
        expect(deletion).toHaveLength(1);
        expect(deletion[0]?.key).not.toBe(recorder.evicted()[0]);
        expect(uids.has(deletion[0]?.uid as string)).toBe(true);
        expect(deletion[0]?.grace).toBeUndefined();
      } else {
        expect(run.outcome).toMatchObject({ ok: false, evicted: 1 });
        expect(run.outcome?.ok === false && run.outcome.reason).toMatch(
          /^pod shop\/web-\w+ could not be evicted: PodDisruptionBudget shop\/web \(1 healthy, needs 1\)/,
        );
        expect(recorder.deleted()).toEqual([]);
      }
    }
  });

  it('with force, deletes whatever pod is stuck', async () => {
    const { engine, view, recorder, client } = await drainSetup(stuck);
    const run = await runDrain(
      engine,
      context(engine, view, client, { podDeadlineSeconds: 60, escalation: 'force' }),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 1 });
    expect(recorder.deleted()).toHaveLength(1);
    expect(recorder.deleted()[0]).not.toBe(recorder.evicted()[0]);
  });

  it('retries an eviction the API refused for its budget after the retry interval with jitter', async () => {
    const { engine, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 1, pdb: { maxUnavailable: 1 } }],
      {
        hooks: {
          evictPod: async (eviction, next, attempt) => {
            // The API's budget is behind the cache: refused twice.
            if (attempt <= 2)
              throw ClusterApiError.of(
                'evict',
                429,
                'TooManyRequests',
                "Cannot evict pod as it would violate the pod's disruption budget.",
                { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web needs 1' }] },
              );
            await next(eviction);
          },
        },
      },
    );
    const draws = [0, 0.75];
    const run = await runDrain(
      engine,
      context(engine, view, client, { retrySeconds: 5 }, { random: () => draws.shift() ?? 0.5 }),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 0 });
    // 5 s × (0.8 + 0.4 × 0) = 4 s, then 5 s × (0.8 + 0.4 × 0.75) = 5.5 s.
    expect(recorder.calls.map((call) => [call.at, call.result])).toEqual([
      [0, 429],
      [4, 429],
      [9.5, 'ok'],
    ]);
  });

  it('after a refusal, retries as soon as a newer budget status allows a disruption', async () => {
    const { engine, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 2, pdb: { maxUnavailable: 2 } }],
      {
        hooks: {
          evictPod: async (eviction, next, attempt) => {
            // The API's budget is behind the cache for the first pod, once.
            if (attempt === 1 && eviction.name === 'web-00000')
              throw ClusterApiError.of('evict', 429, 'TooManyRequests', 'budget', {
                causes: [{ reason: 'DisruptionBudget' }],
              });
            await next(eviction);
          },
        },
      },
    );
    const run = await runDrain(engine, context(engine, view, client, { retrySeconds: 60 }));
    expect(run.outcome).toEqual({ ok: true, evicted: 2, deleted: 0 });
    // The other pod's eviction brings a newer status (disruptionsAllowed 1) 0.1 s later: the
    // refused pod is retried then, not after the 60 s retry interval.
    expect(recorder.calls.map((call) => [call.key, call.at, call.result])).toEqual([
      ['shop/web-00000', 0, 429],
      ['shop/web-00001', 0, 'ok'],
      ['shop/web-00000', 0.1, 'ok'],
    ]);
  });

  it('sleeps a Retry-After (API priority and fairness) and retries', async () => {
    const { engine, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 1, pdb: { maxUnavailable: 1 } }],
      {
        hooks: {
          evictPod: async (eviction, next, attempt) => {
            if (attempt <= 2)
              throw ClusterApiError.of(
                'evict',
                429,
                'TooManyRequests',
                'Too many requests, please try again later.',
                {
                  retryAfterSeconds: 7,
                },
              );
            await next(eviction);
          },
        },
      },
    );
    const run = await runDrain(engine, context(engine, view, client, { retrySeconds: 60 }));
    expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 0 });
    expect(recorder.calls.map((call) => [call.at, call.result])).toEqual([
      [0, 429],
      [7, 429],
      [14, 'ok'],
    ]);
  });

  it('escalates a pod under two budgets: abort-node stops before any eviction, delete deletes it after the 500', async () => {
    const twoBudgets = (sim: SimulatedCluster) =>
      sim.addPodDisruptionBudget({
        namespace: 'shop',
        name: 'web-all',
        selector: { matchLabels: { app: 'web' } },
        maxUnavailable: 1,
      });
    const workloads = [
      { name: 'web', replicas: 1, pdb: { maxUnavailable: 1 } },
      { name: 'api', replicas: 2 },
    ];
    {
      const { engine, view, recorder, client } = await drainSetup(workloads, { budgets: twoBudgets });
      const run = await runDrain(engine, context(engine, view, client));
      expect(run.outcome).toEqual({
        ok: false,
        reason:
          'pod shop/web-00000 is covered by 2 PodDisruptionBudgets (shop/web, shop/web-all); the Eviction API refuses to evict such pods',
        evicted: 0,
      });
      expect(run.seconds).toBe(0);
      expect(recorder.calls).toEqual([]);
    }
    {
      const { engine, view, recorder, client } = await drainSetup(workloads, { budgets: twoBudgets });
      const run = await runDrain(
        engine,
        context(engine, view, client, { escalation: 'delete', deleteNamespaces: ['shop'] }),
      );
      expect(run.outcome).toEqual({ ok: true, evicted: 2, deleted: 1 });
      expect(
        recorder.calls
          .filter((call) => call.key === 'shop/web-00000')
          .map((call) => [call.verb, call.result]),
      ).toEqual([
        ['evict', 500],
        ['delete', 'ok'],
      ]);
    }
  });

  it('aborts at once on a budget that allows nothing even with every pod healthy, when escalation cannot help', async () => {
    const policies: NonNullable<RolloutPolicyInput['drain']>[] = [
      {},
      { escalation: 'delete', deleteNamespaces: ['other'] },
    ];
    for (const drain of policies) {
      const { engine, view, recorder, client } = await drainSetup([
        { name: 'web', replicas: 3, pdb: { minAvailable: 3 } },
        { name: 'api', replicas: 1 },
      ]);
      const run = await runDrain(engine, context(engine, view, client, drain));
      expect(run.outcome).toMatchObject({ ok: false, evicted: 0 });
      expect(run.outcome?.ok === false && run.outcome.reason).toMatch(
        /^PodDisruptionBudget shop\/web allows no disruption even with every pod healthy \(desiredHealthy 3 of expectedPods 3\); pod shop\/web-0000\d can never be evicted$/,
      );
      expect(run.seconds).toBe(0);
      expect(recorder.calls).toEqual([]);
    }
  });

  it('evicts a pod that is not Ready while its budget is healthy, without waiting for a disruption', async () => {
    // web: 3 pods on node-2, budget minAvailable 2. One is replaced by a pod on node-1 that never
    // becomes Ready: 2 healthy of 2 desired, disruptionsAllowed 0, and the Eviction API
    // (IfHealthyBudget) still evicts the unhealthy pod.
    const engine = new SimulationEngine({ startMs: Date.UTC(2026, 0, 5) });
    const sim = new SimulatedCluster({ engine, seed: 5, pdbLagSeconds: [1, 1] });
    const addNode = (name: string) => addPoolNode(sim, name);
    addNode('node-2');
    sim.addWorkload({
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      replicas: 3,
      cpu: 0.1,
      memory: 2 ** 28,
      graceSeconds: 30,
      termination: fixed(1),
      readiness: fixed(100_000),
      pdb: { minAvailable: 2 },
    });
    sim.settle();
    addNode('node-1');
    const setup = sim.client('setup');
    await setup.patchNode('node-2', { spec: { unschedulable: true } });
    const victim = [...sim.pods.values()][0] as { name: string };
    await setup.evictPod({ namespace: 'shop', name: victim.name });
    await engine.run({ untilMs: engine.now + 10_000 });
    await setup.patchNode('node-2', { spec: { unschedulable: false } });
    await setup.patchNode('node-1', { spec: { unschedulable: true } });
    const recorder = recording(sim.client('kubenode'), engine);
    const { view } = await startView(engine, recorder.client);
    const unready = view.podsOn('node-1');
    expect(unready.map((pod) => pod.status?.conditions?.find((c) => c.type === 'Ready')?.status)).toEqual([
      'False',
    ]);
    expect(view.pdb('shop/web')?.status).toMatchObject({
      disruptionsAllowed: 0,
      currentHealthy: 2,
      desiredHealthy: 2,
    });
    let claims = 0;
    recorder.restart();
    const run = await runDrain(
      engine,
      context(engine, view, recorder.client, {}, { claim: () => (claims++, true) }),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 0 });
    expect(recorder.calls.map((call) => [call.key, call.at, call.result])).toEqual([
      [podKey(unready[0] as K8sPod), 0, 'ok'],
    ]);
    // The API used no disruption of the budget for it: nothing to claim.
    expect(claims).toBe(0);
  });
});

describe('drainNode: pods that go, stay or come', () => {
  it('takes 404 and 409 to mean the pod is gone, and waits for the cache rather than evicting again', async () => {
    // 404: someone deleted the pod a moment before; the cache does not know yet.
    {
      const someone: { client?: ClusterClientV1 } = {};
      const { engine, sim, view, recorder, client } = await drainSetup([{ name: 'web', replicas: 2 }], {
        hooks: {
          evictPod: async (eviction, next) => {
            if (eviction.name === 'web-00000')
              await someone.client?.deletePod({
                namespace: 'shop',
                name: eviction.name,
                gracePeriodSeconds: 0,
              });
            await next(eviction);
          },
        },
      });
      someone.client = sim.client('someone');
      const run = await runDrain(engine, context(engine, view, client));
      expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 0 });
      expect(recorder.calls.map((call) => [call.key, call.result])).toEqual([
        ['shop/web-00000', 404],
        ['shop/web-00001', 'ok'],
      ]);
    }
    // 409: the StatefulSet pod was deleted and made again under its name (new uid, on another node).
    {
      const someone: { client?: ClusterClientV1 } = {};
      const { engine, sim, view, recorder, client } = await drainSetup(
        [{ kind: 'StatefulSet', name: 'db', replicas: 1 }],
        {
          hooks: {
            evictPod: async (eviction, next) => {
              await someone.client?.deletePod({
                namespace: 'shop',
                name: eviction.name,
                gracePeriodSeconds: 0,
              });
              await next(eviction);
            },
          },
        },
      );
      someone.client = sim.client('someone');
      const before = view.pod('shop/db-0')?.metadata.uid;
      const run = await runDrain(engine, context(engine, view, client));
      expect(run.outcome).toEqual({ ok: true, evicted: 0, deleted: 0 });
      expect(recorder.calls.map((call) => [call.key, call.uid, call.result])).toEqual([
        ['shop/db-0', before, 409],
      ]);
      await engine.run({ untilMs: engine.now + 1000 });
      const after = view.pod('shop/db-0');
      expect(after?.metadata.uid).not.toBe(before);
      expect(after?.spec.nodeName).not.toBe('node-1');
    }
  });

  it('never reports the node drained while the cache lists a pod it could not see go', async () => {
    // The API says 404 but the cache lists the pod for 3 more seconds: drained after those.
    {
      const { engine, view, client } = await drainSetup([], {
        extra: (extra) => extra.add(extraPod('ops', 'ghost'), { kind: 'lost', seconds: 3 }),
      });
      const run = await runDrain(engine, context(engine, view, client));
      expect(run.outcome).toEqual({ ok: true, evicted: 0, deleted: 0 });
      expect(run.seconds).toBeGreaterThanOrEqual(3);
    }
    // ... and for good: not drained, ever.
    {
      const { engine, view, client } = await drainSetup([], {
        extra: (extra) => extra.add(extraPod('ops', 'ghost', { grace: 5 }), { kind: 'lost' }),
      });
      const run = await runDrain(engine, context(engine, view, client, { terminationTimeoutSeconds: 10 }));
      expect(run.outcome).toEqual({
        ok: false,
        reason: 'pod ops/ghost did not terminate within 15 s',
        evicted: 0,
      });
    }
  });

  it('waits for terminating pods for their grace period plus terminationTimeoutSeconds, then escalates', async () => {
    const workloads = [{ name: 'web', replicas: 3, graceSeconds: 30 }];
    const faults = { stuckTermination: 1 };
    {
      const { engine, view, recorder, client } = await drainSetup(workloads, { faults });
      const run = await runDrain(engine, context(engine, view, client, { terminationTimeoutSeconds: 10 }));
      expect(run.outcome).toMatchObject({ ok: false, evicted: 3 });
      expect(run.outcome?.ok === false && run.outcome.reason).toMatch(
        /^pod shop\/web-0000\d did not terminate within 40 s$/,
      );
      expect(run.seconds).toBe(40);
      expect(recorder.deleted()).toEqual([]);
    }
    {
      const { engine, view, recorder, client } = await drainSetup(workloads, { faults });
      const run = await runDrain(
        engine,
        context(engine, view, client, { terminationTimeoutSeconds: 10, escalation: 'force' }),
      );
      expect(run.outcome).toEqual({ ok: true, evicted: 3, deleted: 3 });
      // All three at their own deadline (not one after the other), deleted at once.
      const deletions = recorder.calls.filter((call) => call.verb === 'delete');
      expect(deletions.map((call) => [call.at, call.grace])).toEqual([
        [40, 0],
        [40, 0],
        [40, 0],
      ]);
      expect(run.seconds).toBeLessThan(42);
    }
  });

  it('waits for a pod that was already terminating when the drain started, from when it saw it', async () => {
    const { engine, sim, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 1, graceSeconds: 20 }],
      { faults: { stuckTermination: 1 } },
    );
    await sim.client('someone').deletePod({ namespace: 'shop', name: 'web-00000' });
    await engine.run({ untilMs: engine.now + 1000 });
    recorder.restart();
    const run = await runDrain(engine, context(engine, view, client, { terminationTimeoutSeconds: 5 }));
    expect(run.outcome).toEqual({
      ok: false,
      reason: 'pod shop/web-00000 did not terminate within 25 s',
      evicted: 0,
    });
    expect(run.seconds).toBe(25);
    expect(recorder.calls).toEqual([]);
  });

  it('finds and evicts a pod that appears on the cordoned node during the drain', async () => {
    let extraPods: ReturnType<typeof withExtraPods> | undefined;
    const { engine, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 2, readiness: fixed(30), pdb: { maxUnavailable: 1 } }],
      { extra: (extra) => (extraPods = extra) },
    );
    // Bound by hand to the cordoned node 10 s into the drain (nodeName set, no scheduler).
    extraPods?.add(extraPod('ops', 'late'), { kind: 'terminates', seconds: 3 }, 10);
    const run = await runDrain(engine, context(engine, view, client));
    expect(run.outcome).toEqual({ ok: true, evicted: 3, deleted: 0 });
    expect(recorder.calls.find((call) => call.key === 'ops/late')?.at).toBeGreaterThanOrEqual(10);
    expect(extraPods?.has('ops/late')).toBe(false);
  });

  it('ends with the stated reason when pods keep arriving on the cordoned node', async () => {
    const { engine, view, client } = await drainSetup([], {
      extra: (extra) => extra.add(extraPod('ops', 'spawner'), { kind: 'respawns', seconds: 5 }),
    });
    const run = await runDrain(
      engine,
      context(engine, view, client, { podDeadlineSeconds: 10, terminationTimeoutSeconds: 0 }),
    );
    expect(run.outcome).toMatchObject({ ok: false, reason: 'pods keep arriving on the cordoned node' });
    // (10 + 0) s × 4 after the drain started, at the next arrival (every 5 s).
    expect(run.seconds).toBeGreaterThan(40);
    expect(run.seconds).toBeLessThanOrEqual(46);
  });
});

describe('drainNode: control', () => {
  it('stops when its signal aborts and writes nothing after', async () => {
    const { engine, view, recorder, client } = await drainSetup([
      { name: 'web', replicas: 2, readiness: fixed(100_000), pdb: { maxUnavailable: 1 } },
    ]);
    const abort = new AbortController();
    const reason = new Error('executor stopped');
    const run = await runDrain(engine, context(engine, view, client, {}, { signal: abort.signal }), {
      during: (seconds) => {
        if (seconds >= 20) abort.abort(reason);
      },
    });
    expect(run.error).toBe(reason);
    expect(run.seconds).toBeLessThanOrEqual(21);
    // Both asked at once at the start: one admitted, one refused for the budget.
    expect(recorder.calls.map((call) => call.result)).toEqual(['ok', 429]);
    await engine.run({ untilMs: engine.now + 600_000 });
    expect(recorder.calls).toHaveLength(2);
  });

  it('asks assertLeader before every write; once the Lease is lost it writes nothing more', async () => {
    const writesWithoutAsking: string[] = [];
    let asked = false;
    const { engine, view, recorder, client } = await drainSetup(
      [
        { name: 'web', replicas: 2, readiness: fixed(100_000), pdb: { maxUnavailable: 1 } },
        { name: 'api', replicas: 3 },
      ],
      {
        hooks: {
          evictPod: async (eviction, next) => {
            if (!asked) writesWithoutAsking.push(`evict ${eviction.name}`);
            asked = false;
            await next(eviction);
          },
          deletePod: async (deletion, next) => {
            if (!asked) writesWithoutAsking.push(`delete ${deletion.name}`);
            asked = false;
            await next(deletion);
          },
        },
      },
    );
    const run = await runDrain(
      engine,
      context(
        engine,
        view,
        client,
        { podDeadlineSeconds: 30, escalation: 'force' },
        { assertLeader: () => void (asked = true) },
      ),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 4, deleted: 1 });
    // Four evictions admitted, one refused for the budget, one deletion.
    expect(recorder.calls).toHaveLength(6);
    expect(writesWithoutAsking).toEqual([]);
  });

  it('makes no write once assertLeader throws, and keeps no claim for the write it did not make', async () => {
    const lost = new Error('lost the Lease');
    let leader = true;
    const claims = new Map<string, number>();
    const { engine, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 4, pdb: { maxUnavailable: 4 } }],
      {
        hooks: {
          evictPod: async (eviction, next) => {
            await next(eviction);
            leader = false;
          },
        },
      },
    );
    const run = await runDrain(
      engine,
      context(
        engine,
        view,
        client,
        { concurrency: 1 },
        {
          assertLeader: () => {
            if (!leader) throw lost;
          },
          claim: (key) => (claims.set(key, (claims.get(key) ?? 0) + 1), true),
          unclaim: (key) => claims.set(key, (claims.get(key) ?? 0) - 1),
        },
      ),
    );
    expect(run.error).toBe(lost);
    expect(recorder.calls).toHaveLength(1);
    // One disruption used (the eviction made); none held for the one refused by assertLeader.
    expect(Object.fromEntries(claims)).toEqual({ 'shop/web': 1 });
  });

  it('claims a disruption before each eviction under a budget and returns the claim of an attempt that failed', async () => {
    const claims: string[] = [];
    let refuseClaims = 1;
    const { engine, view, recorder, client } = await drainSetup(
      [
        { name: 'web', replicas: 2, pdb: { maxUnavailable: 2 } },
        { name: 'api', replicas: 1 },
      ],
      {
        hooks: {
          evictPod: async (eviction, next, attempt) => {
            if (eviction.name === 'web-00000' && attempt === 1)
              throw ClusterApiError.of('evict', 429, 'TooManyRequests', 'budget', {
                causes: [{ reason: 'DisruptionBudget' }],
              });
            if (eviction.name === 'web-00001' && attempt === 1)
              throw ClusterApiError.of('evict', 500, 'InternalError', 'etcdserver: request timed out');
            await next(eviction);
          },
        },
      },
    );
    const run = await runDrain(
      engine,
      context(
        engine,
        view,
        client,
        { concurrency: 1, retrySeconds: 5 },
        {
          // The first ask is refused (another drain of this process holds the disruption).
          claim: (key) => {
            claims.push(`claim ${key}${refuseClaims > 0 ? ' refused' : ''}`);
            return refuseClaims-- <= 0;
          },
          unclaim: (key) => claims.push(`unclaim ${key}`),
        },
      ),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 3, deleted: 0 });
    expect(claims).toEqual([
      'claim shop/web refused',
      'claim shop/web',
      'unclaim shop/web',
      'claim shop/web',
      'claim shop/web',
      'unclaim shop/web',
      'claim shop/web',
    ]);
    // No request while the claim was refused; the pod without a budget claims nothing.
    expect(recorder.calls.map((call) => [call.key, call.result])).toEqual([
      ['shop/web-00000', 429],
      ['shop/web-00000', 'ok'],
      ['shop/web-00001', 500],
      ['shop/web-00001', 'ok'],
      ['shop/api-00000', 'ok'],
    ]);
  });
});

describe('drainNode: API failures', () => {
  it('retries transient errors with backoff, and escalates once they last podDeadlineSeconds', async () => {
    const { engine, view, recorder, client } = await drainSetup([{ name: 'web', replicas: 1 }], {
      hooks: {
        evictPod: async () => {
          throw ClusterApiError.of('evict', 503, 'ServiceUnavailable', 'cannot reach the API server');
        },
      },
    });
    const run = await runDrain(engine, context(engine, view, client, { podDeadlineSeconds: 30 }), {
      limitSeconds: 600,
    });
    expect(run.outcome).toEqual({
      ok: false,
      reason:
        'pod shop/web-00000 could not be evicted for 30 s: evict: 503 ServiceUnavailable: cannot reach the API server',
      evicted: 0,
    });
    expect(recorder.calls.map((call) => call.at)).toEqual([0, 1, 3, 7, 15, 31]);
  });

  it('reports an eviction the API refuses for what it is (403) at once', async () => {
    const message =
      'pods "web-00000" is forbidden: User "system:serviceaccount:kubenode-system:kubenode" cannot create resource "pods/eviction" in API group "" in the namespace "shop"';
    const { engine, view, recorder, client } = await drainSetup([{ name: 'web', replicas: 1 }], {
      hooks: {
        evictPod: async () => {
          throw ClusterApiError.of('evict', 403, 'Forbidden', message);
        },
      },
    });
    const run = await runDrain(engine, context(engine, view, client, { escalation: 'force' }));
    expect(run.outcome).toEqual({
      ok: false,
      reason: `pod shop/web-00000: the API refused its eviction: evict: 403 Forbidden: ${message}`,
      evicted: 0,
    });
    expect(run.seconds).toBe(0);
    expect(recorder.calls).toHaveLength(1);
  });

  it('retries a deletion the escalation makes through transient errors', async () => {
    const { engine, view, recorder, client } = await drainSetup(
      [{ name: 'web', replicas: 2, readiness: fixed(100_000), pdb: { maxUnavailable: 1 } }],
      {
        hooks: {
          deletePod: async (deletion, next, attempt) => {
            if (attempt <= 2)
              throw ClusterApiError.of('delete', 500, 'InternalError', 'etcdserver: leader changed');
            await next(deletion);
          },
        },
      },
    );
    const run = await runDrain(
      engine,
      context(engine, view, client, { podDeadlineSeconds: 30, escalation: 'force' }),
    );
    expect(run.outcome).toEqual({ ok: true, evicted: 1, deleted: 1 });
    expect(recorder.calls.filter((call) => call.verb === 'delete').map((call) => call.result)).toEqual([
      500,
      500,
      'ok',
    ]);
  });
});
