import { describe, expect, it } from 'vitest';
import type { K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { evictionSparesBudget, pdbAllowanceWhenHealthy, structuralEvictionBlocker } from './pdb-allowance.js';

type Status = NonNullable<K8sPodDisruptionBudget['status']>;

function pdb(
  name: string,
  spec: Omit<K8sPodDisruptionBudget['spec'], 'selector'>,
  status?: Partial<Status>,
  generation = 1,
): K8sPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'shop', generation },
    spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    ...(status
      ? {
          status: {
            observedGeneration: generation,
            disruptionsAllowed: 0,
            currentHealthy: 0,
            desiredHealthy: 0,
            expectedPods: 0,
            ...status,
          },
        }
      : {}),
  };
}

function pod(
  options: {
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    ready?: boolean;
    terminating?: boolean;
  } = {},
): K8sPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-0',
      namespace: 'shop',
      labels: { app: 'web' },
      ...(options.terminating ? { deletionTimestamp: '2026-01-05T00:00:30Z' } : {}),
    },
    spec: { nodeName: 'node-1', containers: [] },
    status: {
      phase: options.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
    },
  };
}

/** The status of a budget over 3 healthy pods as the disruption controller writes it. */
const healthyThree = (desiredHealthy: number): Partial<Status> => ({
  expectedPods: 3,
  currentHealthy: 3,
  desiredHealthy,
  disruptionsAllowed: Math.max(0, 3 - desiredHealthy),
});

describe('pdbAllowanceWhenHealthy', () => {
  it('takes expectedPods − desiredHealthy from a status that counts the pods', () => {
    expect(pdbAllowanceWhenHealthy(pdb('web', { maxUnavailable: 1 }, healthyThree(2)))).toBe(1);
    expect(pdbAllowanceWhenHealthy(pdb('web', { minAvailable: 3 }, healthyThree(3)))).toBe(0);
    // The status wins over the count given.
    expect(pdbAllowanceWhenHealthy(pdb('web', { minAvailable: 1 }, healthyThree(1)), 10)).toBe(2);
  });

  it('computes from the spec and the covered pods like the disruption controller (percentages round up)', () => {
    expect(pdbAllowanceWhenHealthy(pdb('web', { maxUnavailable: 2 }), 5)).toBe(2);
    expect(pdbAllowanceWhenHealthy(pdb('web', { maxUnavailable: '25%' }), 5)).toBe(2);
    expect(pdbAllowanceWhenHealthy(pdb('web', { minAvailable: 4 }), 5)).toBe(1);
    expect(pdbAllowanceWhenHealthy(pdb('web', { minAvailable: '50%' }), 5)).toBe(2);
    expect(pdbAllowanceWhenHealthy(pdb('web', { minAvailable: '100%' }), 5)).toBe(0);
    expect(pdbAllowanceWhenHealthy(pdb('web', { maxUnavailable: 0 }), 5)).toBe(0);
  });

  it('allows nothing under a budget with neither minAvailable nor maxUnavailable (policy/v1 has no default)', () => {
    expect(pdbAllowanceWhenHealthy(pdb('web', {}), 5)).toBe(0);
    expect(pdbAllowanceWhenHealthy(pdb('web', {}, { expectedPods: 0, currentHealthy: 5 }), 5)).toBe(0);
  });

  it('uses the spec while the status does not count the pods for it (new budget, or a spec the controller has not seen)', () => {
    // Just created: the status is all zeros.
    expect(pdbAllowanceWhenHealthy(pdb('web', { minAvailable: 1 }, {}, 1), 3)).toBe(2);
    // maxUnavailable changed from 0 to 1 (generation 2); the status still reflects generation 1.
    const stale = pdb('web', { maxUnavailable: 1 }, { ...healthyThree(3), observedGeneration: 1 }, 2);
    expect(pdbAllowanceWhenHealthy(stale)).toBe(1);
  });
});

describe('evictionSparesBudget', () => {
  const budget = pdb('web', { minAvailable: 2 }, { expectedPods: 3, currentHealthy: 2, desiredHealthy: 2 });

  it('is true for pods the Eviction API deletes without consulting budgets', () => {
    expect(evictionSparesBudget(pod({ phase: 'Pending', ready: false }), budget)).toBe(true);
    expect(evictionSparesBudget(pod({ phase: 'Succeeded', ready: false }), budget)).toBe(true);
    expect(evictionSparesBudget(pod({ phase: 'Failed', ready: false }), budget)).toBe(true);
    expect(evictionSparesBudget(pod({ terminating: true }), budget)).toBe(true);
  });

  it('never spares a Ready running pod', () => {
    expect(evictionSparesBudget(pod(), budget)).toBe(false);
    expect(
      evictionSparesBudget(pod(), pdb('web', { minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' })),
    ).toBe(false);
  });

  it('spares a running pod that is not Ready: always under AlwaysAllow, under IfHealthyBudget while the budget is healthy', () => {
    const unready = pod({ ready: false });
    expect(evictionSparesBudget(unready, budget)).toBe(true);
    expect(
      evictionSparesBudget(
        unready,
        pdb('web', { minAvailable: 2 }, { expectedPods: 3, currentHealthy: 1, desiredHealthy: 2 }),
      ),
    ).toBe(false);
    expect(
      evictionSparesBudget(
        unready,
        pdb(
          'web',
          { minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
          { expectedPods: 3, currentHealthy: 1, desiredHealthy: 2 },
        ),
      ),
    ).toBe(true);
    // desiredHealthy 0 (the controller expects no pods): the API does not spare it.
    expect(
      evictionSparesBudget(
        unready,
        pdb('web', {}, { expectedPods: 0, currentHealthy: 0, desiredHealthy: 0 }),
      ),
    ).toBe(false);
    expect(evictionSparesBudget(unready, pdb('web', { minAvailable: 2 }))).toBe(false);
  });
});

describe('structuralEvictionBlocker', () => {
  it('reports a pod under two budgets (the Eviction API answers 500)', () => {
    expect(
      structuralEvictionBlocker(pod(), [
        pdb('web', { maxUnavailable: 1 }, healthyThree(2)),
        pdb('web-all', { maxUnavailable: 1 }, healthyThree(2)),
      ]),
    ).toBe(
      'pod shop/web-0 is covered by 2 PodDisruptionBudgets (shop/web, shop/web-all); the Eviction API refuses to evict such pods',
    );
  });

  it('reports a budget that allows nothing with every pod healthy, with the numbers that say so', () => {
    expect(structuralEvictionBlocker(pod(), [pdb('web', { minAvailable: 3 }, healthyThree(3))])).toBe(
      'PodDisruptionBudget shop/web allows no disruption even with every pod healthy (desiredHealthy 3 of expectedPods 3); pod shop/web-0 can never be evicted',
    );
    expect(
      structuralEvictionBlocker(pod(), [pdb('web', { maxUnavailable: 1 }, healthyThree(2))]),
    ).toBeUndefined();
    expect(structuralEvictionBlocker(pod(), [])).toBeUndefined();
  });

  it('judges a budget without a counting status by what its spec allows for any number of pods', () => {
    const fresh = (spec: Omit<K8sPodDisruptionBudget['spec'], 'selector'>) => [pdb('web', spec, {}, 1)];
    // Could allow a disruption once the disruption controller counted the pods: not a blocker.
    expect(structuralEvictionBlocker(pod(), fresh({ minAvailable: 1 }))).toBeUndefined();
    expect(structuralEvictionBlocker(pod(), fresh({ minAvailable: '50%' }))).toBeUndefined();
    expect(structuralEvictionBlocker(pod(), fresh({ maxUnavailable: '10%' }))).toBeUndefined();
    // Allows nothing, however many pods.
    expect(structuralEvictionBlocker(pod(), fresh({ maxUnavailable: 0 }))).toBe(
      'PodDisruptionBudget shop/web allows no disruption even with every pod healthy (maxUnavailable 0); pod shop/web-0 can never be evicted',
    );
    expect(structuralEvictionBlocker(pod(), fresh({ maxUnavailable: '0%' }))).toMatch(
      /\(maxUnavailable 0%\)/,
    );
    expect(structuralEvictionBlocker(pod(), fresh({ minAvailable: '100%' }))).toMatch(
      /\(minAvailable 100%\)/,
    );
    expect(structuralEvictionBlocker(pod(), fresh({}))).toMatch(
      /\(neither minAvailable nor maxUnavailable set\)/,
    );
    // With the covered pods counted, the spec decides for that count.
    expect(structuralEvictionBlocker(pod(), fresh({ minAvailable: 1 }), () => 1)).toMatch(
      /\(minAvailable 1\)/,
    );
    expect(structuralEvictionBlocker(pod(), fresh({ minAvailable: 1 }), () => 2)).toBeUndefined();
  });

  it('never blocks a pod the API evicts without consulting its budgets', () => {
    const two = [pdb('web', { minAvailable: 3 }, healthyThree(3)), pdb('web-all', { maxUnavailable: 0 })];
    expect(structuralEvictionBlocker(pod({ phase: 'Pending', ready: false }), two)).toBeUndefined();
    expect(structuralEvictionBlocker(pod({ terminating: true }), two)).toBeUndefined();
    expect(structuralEvictionBlocker(pod({ phase: 'Failed', ready: false }), two)).toBeUndefined();
  });

  it('lets an unhealthy pod go under AlwaysAllow, not under IfHealthyBudget', () => {
    const always = [
      pdb('web', { minAvailable: 3, unhealthyPodEvictionPolicy: 'AlwaysAllow' }, healthyThree(3)),
    ];
    const ifHealthy = [pdb('web', { minAvailable: 3 }, { ...healthyThree(3), currentHealthy: 2 })];
    expect(structuralEvictionBlocker(pod({ ready: false }), always)).toBeUndefined();
    expect(structuralEvictionBlocker(pod({ ready: true }), always)).toMatch(/can never be evicted$/);
    expect(structuralEvictionBlocker(pod({ ready: false }), ifHealthy)).toMatch(/can never be evicted$/);
  });
});
