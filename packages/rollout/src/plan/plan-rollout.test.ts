import { SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import type { K8sNode, K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { resolveRolloutPolicy } from '../policy/resolve-rollout-policy.js';
import { parseRolloutPolicy, type RolloutPolicyInput } from '../policy/rollout-policy.js';
import { parseClusterSnapshot, type ClusterSnapshot } from './cluster-snapshot.js';
import { createScenario } from '../simulator/generate-scenario.js';
import { planRollout } from './plan-rollout.js';
import type { TimingModelV1 } from './timing-model.js';

const capabilities = {
  inPlace: true,
  abPartitions: true,
  stageWhileServing: true,
  rollback: true,
  requiresReboot: true,
  livepatch: false,
};

/** Every node: stage 60 s (while serving), reboot 100 s, verify 40 s; pods end in 10 s, replacements are Ready in 30 s. */
const timing: TimingModelV1 = {
  nodeCycle: () => ({ stageSeconds: 60, applySeconds: 0, rebootSeconds: 100, verifySeconds: 40 }),
  nodeCycleP95Seconds: () => 300,
  podTerminationSeconds: () => 10,
  podReplacementSeconds: () => 30,
};

function node(
  name: string,
  zone: string,
  options: { unschedulable?: boolean; ready?: boolean } = {},
): K8sNode {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubenode.dev/pool': 'workers', 'topology.kubernetes.io/zone': zone } },
    spec: options.unschedulable ? { unschedulable: true } : {},
    status: {
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
      allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
    },
  };
}

function pod(name: string, nodeName: string, app: string, owner = 'ReplicaSet'): K8sPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'shop',
      labels: { app },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: owner, name: app, uid: `${app}-uid`, controller: true },
      ],
    },
    spec: {
      nodeName,
      containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pdb(
  app: string,
  status: { expected: number; desired: number; allowed: number },
  spec: K8sPodDisruptionBudget['spec'] = {},
): K8sPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: app, namespace: 'shop' },
    spec: { selector: { matchLabels: { app } }, ...spec },
    status: {
      expectedPods: status.expected,
      desiredHealthy: status.desired,
      currentHealthy: status.expected,
      disruptionsAllowed: status.allowed,
    },
  };
}

/** Six nodes in two zones, one `web` pod on each under a maxUnavailable 1 budget. */
function snapshot(
  extra: Partial<{ nodes: K8sNode[]; pods: K8sPod[]; pdbs: K8sPodDisruptionBudget[] }> = {},
): ClusterSnapshot {
  const nodes = ['a', 'a', 'a', 'b', 'b', 'b'].map((zone, i) => node(`n${i + 1}`, `zone-${zone}`));
  const pods = nodes.map((n, i) => pod(`web-${i}`, n.metadata.name, 'web'));
  for (const n of nodes)
    pods.push({ ...pod(`proxy-${n.metadata.name}`, n.metadata.name, 'proxy', 'DaemonSet') });
  return {
    nodes: [...nodes, ...(extra.nodes ?? [])],
    pods: [...pods, ...(extra.pods ?? [])],
    pdbs: [pdb('web', { expected: 6, desired: 5, allowed: 1 }, { maxUnavailable: 1 }), ...(extra.pdbs ?? [])],
  };
}

function plan(input: ClusterSnapshot, policy: RolloutPolicyInput = {}) {
  const parsed = parseRolloutPolicy({ maxUnavailable: 2, capacityFloor: { percent: 50 }, ...policy });
  return planRollout({
    snapshot: input,
    policy: resolveRolloutPolicy({ policy: parsed, poolSize: input.nodes.length, poolName: 'workers' }),
    capabilities,
    timing,
    startMs: Date.UTC(2026, 0, 5, 0, 0, 0),
  });
}

describe('planRollout', () => {
  it('computes the lower bound from its five parts and names the binding one', () => {
    const result = plan(snapshot());
    // Per node: drain 10 s + reboot 100 s + verify 40 s = 150 s of disruption; stage (60 s) while serving.
    expect(result.lowerBound.criticalPathSeconds).toBe(210);
    // A 50 % floor lets each 3-node zone spare one node: 2 at once (= maxUnavailable 2).
    expect(result.budget.zones).toEqual([
      { zone: 'zone-a', nodes: 3, spare: 1 },
      { zone: 'zone-b', nodes: 3, spare: 1 },
    ]);
    expect(result.lowerBound.concurrency).toEqual({ nodes: 2, limitedBy: 'maxUnavailable' });
    expect(result.lowerBound.capacitySeconds).toBe((6 * 150) / 2);
    expect(result.lowerBound.perZoneSeconds).toBe(3 * 150);
    // web: 6 evictions one at a time, 30 s each, then the last node's termination, reboot, verify.
    expect(result.lowerBound.pdbSeconds).toBe(5 * 30 + 150);
    expect(result.lowerBound.seconds).toBe(450);
    expect(result.lowerBound.binding).toBe('zone');
    expect(result.lowerBound.description).toBe('zone zone-a can spare 1 of its 3 nodes at once: ≥ 8 min');
    expect(result.predictedMakespanSeconds).toBeGreaterThanOrEqual(result.lowerBound.seconds);
    expect(Number.isFinite(result.predictedMakespanSeconds)).toBe(true);
  });

  it('binds on a PodDisruptionBudget that serialises evictions, and says so', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`m${i}`, i % 2 === 0 ? 'zone-a' : 'zone-b'));
    const pods = nodes.flatMap((n, i) => [
      pod(`api-${i}`, n.metadata.name, 'api'),
      pod(`api-${i}-b`, n.metadata.name, 'api'),
    ]);
    const result = plan(
      { nodes, pods, pdbs: [pdb('api', { expected: 40, desired: 39, allowed: 1 }, { maxUnavailable: 1 })] },
      { maxUnavailable: 10 },
    );
    expect(result.lowerBound.binding).toBe('pdb');
    expect(result.lowerBound.pdbSeconds).toBe(39 * 30 + 150);
    expect(result.lowerBound.description).toBe(
      "PodDisruptionBudget shop/api serialises 40 evictions, 1 at a time, each holding its budget ~30 s until the replacement is Ready, then the last node's reboot: ≥ 22 min at any concurrency",
    );
    expect(result.criticalPdbs).toEqual(['shop/api']);
    expect(result.bottleneckPdbs[0]).toEqual({
      pdb: 'shop/api',
      evictions: 40,
      allowedDisruptions: 1,
      holdSeconds: 30,
      seconds: 1200,
    });
  });

  it('reports nodes whose drain can never finish, and nodes it leaves alone', () => {
    const result = plan(
      snapshot({
        nodes: [
          node('n7', 'zone-a', { unschedulable: true }),
          node('n8', 'zone-b', { ready: false }),
          node('n9', 'zone-b'),
        ],
        pods: [pod('db-0', 'n9', 'db', 'StatefulSet')],
        pdbs: [pdb('db', { expected: 1, desired: 1, allowed: 0 }, { minAvailable: 1 })],
      }),
    );
    expect(result.blocked).toEqual([
      {
        node: 'n9',
        reason:
          'PodDisruptionBudget shop/db allows no disruption even with every pod healthy (desiredHealthy 1 of expectedPods 1); pod shop/db-0 can never be evicted',
      },
    ]);
    expect(result.skipped).toEqual([
      { node: 'n7', reason: 'cordoned by someone else; left alone' },
      { node: 'n8', reason: 'not Ready' },
    ]);
    expect(result.order).toHaveLength(6);
    expect(result.pool.nodes).toBe(9);
  });

  it('judges a budget edited since its last count from its spec, as the drain does', () => {
    // The disruption controller counted `web` for maxUnavailable 1 (generation 1); the spec now says 3.
    const counted = pdb('web', { expected: 6, desired: 5, allowed: 1 }, { maxUnavailable: 3 });
    const edited: K8sPodDisruptionBudget = {
      ...counted,
      metadata: { ...counted.metadata, generation: 2 },
      status: { ...(counted.status as NonNullable<K8sPodDisruptionBudget['status']>), observedGeneration: 1 },
    };
    const stale = plan({ ...snapshot(), pdbs: [edited] });
    expect(stale.model.pdbs.get('shop/web')?.allowance).toBe(3);
    const caughtUp = plan({
      ...snapshot(),
      pdbs: [
        {
          ...edited,
          status: {
            ...(edited.status as NonNullable<K8sPodDisruptionBudget['status']>),
            observedGeneration: 2,
          },
        },
      ],
    });
    expect(caughtUp.model.pdbs.get('shop/web')?.allowance).toBe(1);
  });

  it('refuses pods under two budgets (the Eviction API answers 500 for them)', () => {
    const overlapping = {
      ...pdb('web-extra', { expected: 6, desired: 0, allowed: 6 }),
      spec: { selector: { matchLabels: { app: 'web' } } },
    };
    const result = plan(snapshot({ pdbs: [overlapping] }));
    expect(result.order).toEqual([]);
    expect(result.blocked).toHaveLength(6);
    expect(result.blocked[0]?.reason).toMatch(
      /covered by 2 PodDisruptionBudgets \(shop\/web, shop\/web-extra\)/,
    );
  });

  it('starts with one fast canary per zone and interleaves zones', () => {
    const result = plan(snapshot());
    expect(result.canary).toHaveLength(2);
    const zones = result.canary.map((name) => (Number(name.slice(1)) <= 3 ? 'zone-a' : 'zone-b')).sort();
    expect(zones).toEqual(['zone-a', 'zone-b']);
    expect(result.order.slice(0, 2).sort()).toEqual([...result.canary].sort());
  });

  it("lists each node's budgets once, in key order, as its pods name them", () => {
    const scenario = createScenario({ nodes: 60, zones: 3, profile: 'typical', seed: 7 });
    const model = planRollout({
      snapshot: parseClusterSnapshot({ items: scenario.cluster.snapshot().items }),
      policy: resolveRolloutPolicy({ policy: parseRolloutPolicy({}), poolSize: 60, pool: scenario.pool }),
      capabilities,
      timing: scenario.timing,
      startMs: scenario.engine.now,
    }).model;
    const withSeveral = model.nodes.filter((planNode) => planNode.pdbKeys.length > 1);
    expect(withSeveral.length).toBeGreaterThan(10);
    for (const planNode of model.nodes) {
      const named = [...new Set(planNode.pods.map((pod) => pod.pdb))].sort();
      expect(planNode.pdbKeys).toEqual(named);
    }
  });

  it('stretches the bound by the maintenance window duty cycle', () => {
    const result = plan(snapshot(), { window: { start: '02:00', duration: '1h', timeZone: 'UTC' } });
    // Nothing is open before 02:00; 450 s of work end at 02:07:30 at the earliest.
    expect(result.lowerBound.windowSeconds).toBe(2 * 3600 + 450);
    expect(result.lowerBound.binding).toBe('window');
    expect(result.lowerBound.seconds).toBe(7650);
  });

  it('reports a rate limit as a policy bound beside the physical one', () => {
    const result = plan(snapshot(), { rateLimit: { nodes: 1, per: '1h' } });
    expect(result.policyBound).toEqual({
      seconds: 5 * 3600,
      description: 'the rate limit (1 nodes per 60 min) needs ≥ 5.0 h for 6 nodes',
    });
    expect(result.predictedMakespanSeconds).toBeGreaterThanOrEqual(5 * 3600);
  });
});

describe('parseClusterSnapshot', () => {
  it('reads `kubectl get nodes,pods,pdb -A -o json` output and ignores other kinds', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        ...snapshot().nodes,
        ...snapshot().pods,
        ...snapshot().pdbs,
        { kind: 'Service', metadata: { name: 's' } },
      ],
    };
    const parsed = parseClusterSnapshot(JSON.parse(JSON.stringify(input)));
    expect(parsed.nodes).toHaveLength(6);
    expect(parsed.pods).toHaveLength(12);
    expect(parsed.pdbs).toHaveLength(1);
  });

  it('names what is wrong', () => {
    expect(() =>
      parseClusterSnapshot(
        { items: [{ kind: 'Pod', metadata: { name: 'p' }, spec: {} }] },
        { source: 'c.json' },
      ),
    ).toThrow(SpecValidationError);
    try {
      parseClusterSnapshot({ items: [{ kind: 'Node', metadata: {} }] }, { source: 'c.json' });
    } catch (error) {
      expect(SpecValidationError.isInstance(error) && error.issues).toEqual([
        { path: ['items', 0, 'metadata', 'name'], code: 'invalid_type', message: 'expected a name' },
      ]);
    }
    expect(() => parseClusterSnapshot({ items: [] })).toThrow(/holds no Node objects/);
  });
});
