import { describe, expect, it } from 'vitest';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sNode } from '../kubernetes/kubernetes-objects.js';
import { DISTRO_TIMING_PROFILES, type DistroTimingProfile } from './distro-profiles.js';
import { SimulatedCluster, type SimWorkloadSpec } from './simulated-cluster.js';
import { SimulationEngine } from './simulation-engine.js';

const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;
const fixed = (value: number) => ({ kind: 'fixed', value }) as const;

function cluster(
  options: {
    nodes?: number;
    watchHistory?: number;
    pdb?: SimWorkloadSpec['pdb'];
  } = {},
) {
  const engine = new SimulationEngine({ startMs: Date.UTC(2026, 0, 5) });
  const sim = new SimulatedCluster({
    engine,
    seed: 7,
    pdbLagSeconds: [1, 1],
    ...(options.watchHistory ? { watchHistory: options.watchHistory } : {}),
  });
  for (let i = 1; i <= (options.nodes ?? 3); i++) {
    sim.addNode({
      name: `node-${i}`,
      zone: 'zone-a',
      cpu: 8,
      memory: 32 * 2 ** 30,
      profile,
      version: profile.fromVersion,
      timing: { stage: 30, apply: 0, reboot: 60, daemonSets: 10 },
    });
  }
  sim.addWorkload({
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    replicas: 3,
    cpu: 0.5,
    memory: 2 ** 30,
    graceSeconds: 30,
    termination: fixed(5),
    readiness: fixed(20),
    pdb: options.pdb ?? { maxUnavailable: 1 },
  });
  sim.settle();
  return { engine, sim, client: sim.client('test') };
}

async function advance(engine: SimulationEngine, seconds: number) {
  await engine.run({ untilMs: engine.now + seconds * 1000 });
}

async function rejection(promise: Promise<unknown>): Promise<ClusterApiError> {
  try {
    await promise;
  } catch (error) {
    if (ClusterApiError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ClusterApiError');
}

describe('SimulatedCluster: the Eviction API', () => {
  it('admits an eviction the PDB allows, refuses the next with 429 until the replacement is Ready', async () => {
    const { engine, sim, client } = cluster();
    const pods = (await client.list('Pod', { namespace: 'shop' })).items;
    expect(pods).toHaveLength(3);
    const pdb = (await client.list('PodDisruptionBudget')).items[0];
    expect(pdb?.status).toMatchObject({
      disruptionsAllowed: 1,
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
    });

    await client.evictPod({ namespace: 'shop', name: pods[0]!.metadata.name });
    const refused = await rejection(client.evictPod({ namespace: 'shop', name: pods[1]!.metadata.name }));
    expect(refused.code).toBe(429);
    expect(refused.causes).toEqual(['DisruptionBudget']);
    expect(refused.status.details?.causes?.[0]?.message).toBe(
      'The disruption budget web needs 2 healthy pods and has 3 currently',
    );

    // Termination (5 s), scheduling and readiness (20 s), then the disruption controller (1 s lag).
    await advance(engine, 30);
    const after = (await client.list('PodDisruptionBudget')).items[0];
    expect(after?.status).toMatchObject({ disruptionsAllowed: 1, currentHealthy: 3 });
    await client.evictPod({ namespace: 'shop', name: pods[1]!.metadata.name });
    expect(sim.pods.size).toBe(4); // the evicted pod is still terminating beside its replacement
  });

  it('allows nothing under a policy/v1 budget with neither minAvailable nor maxUnavailable', async () => {
    const { client } = cluster({ pdb: {} });
    const pdb = (await client.list('PodDisruptionBudget')).items[0];
    expect(pdb?.status).toMatchObject({ disruptionsAllowed: 0, expectedPods: 0, desiredHealthy: 0 });
    const pods = (await client.list('Pod', { namespace: 'shop' })).items;
    const refused = await rejection(client.evictPod({ namespace: 'shop', name: pods[0]!.metadata.name }));
    expect([refused.code, refused.causes]).toEqual([429, ['DisruptionBudget']]);
  });

  it('answers 404 for a missing pod, 409 for a stale uid and 500 for a pod under two budgets', async () => {
    const { sim, client } = cluster();
    expect((await rejection(client.evictPod({ namespace: 'shop', name: 'nope' }))).code).toBe(404);
    const pod = (await client.list('Pod', { namespace: 'shop' })).items[0]!;
    expect(
      (await rejection(client.evictPod({ namespace: 'shop', name: pod.metadata.name, uid: 'other' }))).code,
    ).toBe(409);

    // A second budget with an overlapping selector: the Eviction API refuses pods under both.
    sim.addPodDisruptionBudget({
      namespace: 'shop',
      name: 'web-extra',
      selector: { matchLabels: { app: 'web' } },
      maxUnavailable: 1,
    });
    const error = await rejection(client.evictPod({ namespace: 'shop', name: pod.metadata.name }));
    expect(error.code).toBe(500);
    expect(error.status.message).toMatch(/more than one PodDisruptionBudget/);
  });

  it('never lets a budget that requires every pod be bypassed through eviction', async () => {
    const { client } = cluster({ pdb: { minAvailable: 3 } });
    const pod = (await client.list('Pod', { namespace: 'shop' })).items[0]!;
    expect((await rejection(client.evictPod({ namespace: 'shop', name: pod.metadata.name }))).code).toBe(429);
  });

  it('takes a disruption for a pod that is not Ready when the budget wants no healthy pod (desiredHealthy 0)', async () => {
    const { engine, client } = cluster({ pdb: { maxUnavailable: '100%' } });
    const first = (await client.list('Pod', { namespace: 'shop' })).items;
    for (const pod of first) await client.evictPod({ namespace: 'shop', name: pod.metadata.name });
    await advance(engine, 2); // replacements bound, not Ready for 20 s; the controller has counted
    const pdb = (await client.list('PodDisruptionBudget')).items[0];
    expect(pdb?.status).toMatchObject({ desiredHealthy: 0, currentHealthy: 0, disruptionsAllowed: 0 });
    const fresh = (await client.list('Pod', { namespace: 'shop' })).items.filter(
      (pod) => pod.metadata.deletionTimestamp === undefined,
    );
    expect(fresh).toHaveLength(3);
    // currentHealthy 0 >= desiredHealthy 0, but the Eviction API lets a not-Ready pod skip the
    // count only while desiredHealthy > 0: this one needs a disruption, and there is none.
    const refused = await rejection(client.evictPod({ namespace: 'shop', name: fresh[0]!.metadata.name }));
    expect([refused.code, refused.causes]).toEqual([429, ['DisruptionBudget']]);

    await advance(engine, 30); // Ready again: 3 disruptions allowed
    const ready = (await client.list('Pod', { namespace: 'shop' })).items;
    await client.evictPod({ namespace: 'shop', name: ready[0]!.metadata.name });
    await advance(engine, 2);
    const unready = (await client.list('Pod', { namespace: 'shop' })).items.find(
      (pod) =>
        pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False') &&
        pod.metadata.deletionTimestamp === undefined,
    )!;
    const before = (await client.list('PodDisruptionBudget')).items[0]!.status!.disruptionsAllowed;
    await client.evictPod({ namespace: 'shop', name: unready.metadata.name });
    const after = (await client.list('PodDisruptionBudget')).items[0]!.status!;
    expect(after.disruptionsAllowed).toBe(before - 1);
    expect(Object.keys(after.disruptedPods ?? {})).toContain(unready.metadata.name);
  });

  it('lets a pod that is not Ready go under AlwaysAllow even while the budget is unhealthy', async () => {
    const { engine, client } = cluster({
      pdb: { minAvailable: 3, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    const pdb = (await client.list('PodDisruptionBudget')).items[0];
    expect(pdb?.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    const pods = (await client.list('Pod', { namespace: 'shop' })).items;
    // A Ready pod may not go (minAvailable 3 of 3); delete it to make an unready replacement.
    expect((await rejection(client.evictPod({ namespace: 'shop', name: pods[0]!.metadata.name }))).code).toBe(
      429,
    );
    await client.deletePod({ namespace: 'shop', name: pods[0]!.metadata.name });
    await advance(engine, 2);
    const replacement = (await client.list('Pod', { namespace: 'shop' })).items.find(
      (pod) => !pods.some((old) => old.metadata.name === pod.metadata.name),
    )!;
    expect((await client.list('PodDisruptionBudget')).items[0]?.status).toMatchObject({
      currentHealthy: 2,
      desiredHealthy: 3,
      disruptionsAllowed: 0,
    });
    await client.evictPod({ namespace: 'shop', name: replacement.metadata.name });
    const gone = (await client.list('Pod', { namespace: 'shop' })).items.find(
      (pod) => pod.metadata.name === replacement.metadata.name,
    );
    expect(gone?.metadata.deletionTimestamp).toBeDefined();
  });

  it('only shortens the grace period of a pod already terminating, and 0 deletes it at once', async () => {
    const { engine, sim, client } = cluster();
    const workload = {
      kind: 'Deployment',
      namespace: 'slow',
      name: 'db',
      replicas: 1,
      cpu: 0.1,
      memory: 2 ** 20,
      graceSeconds: 120,
      termination: fixed(100),
      readiness: fixed(1),
    } as const;
    sim.addWorkload(workload);
    await advance(engine, 5);
    const [pod] = (await client.list('Pod', { namespace: 'slow' })).items;
    const name = pod!.metadata.name;
    const deletedAt = engine.now;
    await client.evictPod({ namespace: 'slow', name });
    const terminating = async () =>
      (await client.list('Pod', { namespace: 'slow' })).items.find((p) => p.metadata.name === name);
    expect((await terminating())?.metadata.deletionGracePeriodSeconds).toBe(120);

    await client.deletePod({ namespace: 'slow', name, gracePeriodSeconds: 200 }); // longer: no change
    await client.evictPod({ namespace: 'slow', name }); // none: no change
    expect((await terminating())?.metadata.deletionGracePeriodSeconds).toBe(120);

    await advance(engine, 10);
    await client.deletePod({ namespace: 'slow', name, gracePeriodSeconds: 30 });
    const shortened = await terminating();
    expect(shortened?.metadata.deletionGracePeriodSeconds).toBe(30);
    // Counted from the first deletion, as the API server does.
    expect(shortened?.metadata.deletionTimestamp).toBe(
      new Date(Math.floor((deletedAt + 30_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    );
    await advance(engine, 19);
    expect(await terminating()).toBeDefined();
    await advance(engine, 2);
    expect(await terminating()).toBeUndefined(); // killed at 30 s, not at its own 100 s

    // A force deletion (grace 0) of a terminating pod removes the object at once.
    await advance(engine, 5);
    const [next] = (await client.list('Pod', { namespace: 'slow' })).items;
    await client.deletePod({ namespace: 'slow', name: next!.metadata.name });
    await client.evictPod({ namespace: 'slow', name: next!.metadata.name, gracePeriodSeconds: 0 });
    expect((await client.list('Pod', { namespace: 'slow' })).items.map((p) => p.metadata.name)).not.toContain(
      next!.metadata.name,
    );
  });

  it('shows the pods of a node that went down as Running and not Ready, and evicts them under their budget', async () => {
    const { engine, sim, client } = cluster();
    await client.patchNode('node-1', { spec: { unschedulable: true } });
    const rebooted = sim.agent('test').runStep({
      node: 'node-1',
      step: { phase: 'reboot', description: 'reboot', command: [], timeoutSeconds: 60, whileServing: false },
    });
    await advance(engine, 15); // the host shuts down 12 s into its 60 s reboot
    await rebooted;
    expect(sim.nodeUp('node-1')).toBe(false);
    const onNode = (await client.list('Pod', { namespace: 'shop' })).items.filter(
      (pod) => pod.spec.nodeName === 'node-1',
    );
    expect(onNode).toHaveLength(1);
    expect(onNode[0]!.status?.phase).toBe('Running');
    expect(onNode[0]!.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'False' }),
    );
    // The budget (maxUnavailable 1, desiredHealthy 2) still has its 2 other pods healthy.
    await advance(engine, 2);
    expect((await client.list('PodDisruptionBudget')).items[0]?.status).toMatchObject({ currentHealthy: 2 });
    await client.evictPod({ namespace: 'shop', name: onNode[0]!.metadata.name });
    expect((await client.list('PodDisruptionBudget')).items[0]?.status?.disruptionsAllowed).toBe(0);
  });

  it('re-places an evicted pod on a schedulable node, never on a cordoned one', async () => {
    const { engine, client } = cluster();
    await client.patchNode('node-2', { spec: { unschedulable: true } });
    await client.patchNode('node-3', { spec: { unschedulable: true } });
    const before = (await client.list('Pod', { labelSelector: 'app=web' })).items;
    const victim = before.find((pod) => pod.spec.nodeName !== 'node-1') ?? before[0]!;
    await client.evictPod({ namespace: 'shop', name: victim.metadata.name });
    await advance(engine, 40);
    const after = (await client.list('Pod', { labelSelector: 'app=web' })).items;
    expect(after).toHaveLength(3);
    const names = new Set(before.map((pod) => pod.metadata.name));
    const replacement = after.filter((pod) => !names.has(pod.metadata.name));
    expect(replacement).toHaveLength(1);
    expect(replacement[0]!.spec.nodeName).toBe('node-1');
    expect(replacement[0]!.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    );
  });
});

describe('SimulatedCluster: resourceVersions, watches and Leases', () => {
  it('applies a merge patch only at the stated resourceVersion (409 otherwise) and records who cordoned', async () => {
    const { sim, client } = cluster();
    const node = await client.getNode('node-1');
    const patched = await client.patchNode('node-1', {
      metadata: { resourceVersion: node.metadata.resourceVersion!, annotations: { 'example.com/a': '1' } },
      spec: { unschedulable: true },
    });
    expect(patched.metadata.annotations?.['example.com/a']).toBe('1');
    expect(patched.spec.taints).toContainEqual(
      expect.objectContaining({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }),
    );
    const stale = await rejection(
      client.patchNode('node-1', {
        metadata: { resourceVersion: node.metadata.resourceVersion! },
        spec: { unschedulable: false },
      }),
    );
    expect(stale.code).toBe(409);
    expect(stale.reason).toBe('Conflict');
    expect(sim.nodeCordon('node-1')).toEqual({ unschedulable: true, by: 'test' });
    const removed = await client.patchNode('node-1', {
      metadata: { annotations: { 'example.com/a': null } },
    });
    expect(removed.metadata.annotations?.['example.com/a']).toBeUndefined();
  });

  it('streams changes after a list resourceVersion in order, and answers 410 for one it no longer has', async () => {
    const { engine, client } = cluster({ watchHistory: 4 });
    const list = await client.list('Node');
    const seen: string[] = [];
    const watch = client.watch('Node', { resourceVersion: list.metadata.resourceVersion }, (event) => {
      if (event.type === 'MODIFIED')
        seen.push(
          `${(event.object as K8sNode).metadata.name}:${(event.object as K8sNode).spec.unschedulable === true}`,
        );
    });
    await client.patchNode('node-1', { spec: { unschedulable: true } });
    await client.patchNode('node-2', { spec: { unschedulable: true } });
    await client.patchNode('node-1', { spec: { unschedulable: false } });
    await advance(engine, 1);
    expect(seen).toEqual(['node-1:true', 'node-2:true', 'node-1:false']);
    watch.stop();
    await watch.done;

    for (let i = 0; i < 10; i++)
      await client.patchNode('node-3', { metadata: { annotations: { n: String(i) } } });
    const expired = client.watch('Node', { resourceVersion: list.metadata.resourceVersion }, () => undefined);
    const done = expired.done.then(
      () => undefined,
      (error: unknown) => error,
    );
    await advance(engine, 1);
    const error = await done;
    expect(ClusterApiError.isInstance(error) && error.code).toBe(410);
  });

  it('creates a Lease once (409 AlreadyExists) and updates it only at its resourceVersion', async () => {
    const { client } = cluster();
    const lease = await client.createLease({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'l', namespace: 'kube-system' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
    });
    expect((await rejection(client.createLease(lease))).reason).toBe('AlreadyExists');
    const updated = await client.updateLease({ ...lease, spec: { ...lease.spec, holderIdentity: 'b' } });
    expect(updated.spec.holderIdentity).toBe('b');
    expect((await rejection(client.updateLease({ ...lease, spec: { holderIdentity: 'c' } }))).code).toBe(409);
  });

  it('creates an Event under a name once (409 AlreadyExists), and names one without a name', async () => {
    const { client } = cluster();
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'node-1.rollout', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'node-1' },
      reason: 'Cordoned',
      message: 'cordoned for the update',
      type: 'Normal',
    } as const;
    expect((await client.createEvent(event)).metadata.name).toBe('node-1.rollout');
    const again = await rejection(client.createEvent(event));
    expect([again.code, again.reason]).toEqual([409, 'AlreadyExists']);
    const named = await client.createEvent({ ...event, metadata: { namespace: 'default', name: '' } });
    expect(named.metadata.name).toMatch(/^node-1\.[0-9a-f]+$/);
  });

  it('serialises as Kubernetes objects', () => {
    const { sim } = cluster();
    const kinds = new Set(sim.snapshot().items.map((item) => `${item.apiVersion}/${item.kind}`));
    expect([...kinds].sort()).toEqual(['policy/v1/PodDisruptionBudget', 'v1/Node', 'v1/Pod']);
    const node = sim.snapshot().items.find((item) => item.kind === 'Node') as K8sNode;
    expect(node.status?.nodeInfo?.osImage).toBe('Flatcar Container Linux by Kinvolk 4081.2.0 (Oklo)');
    expect(node.status?.allocatable).toEqual({ cpu: '8000m', memory: '32768Mi', pods: '110' });
  });
});
