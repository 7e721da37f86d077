import { describe, expect, it } from 'vitest';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sNode } from '../kubernetes/kubernetes-objects.js';
import { DISTRO_TIMING_PROFILES, type DistroTimingProfile } from './distro-profiles.js';
import { SimulatedCluster } from './simulated-cluster.js';
import { SimulationEngine } from './simulation-engine.js';

const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;
const fixed = (value: number) => ({ kind: 'fixed', value }) as const;

function cluster(
  options: {
    nodes?: number;
    watchHistory?: number;
    pdb?: { maxUnavailable?: number | string; minAvailable?: number | string };
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
