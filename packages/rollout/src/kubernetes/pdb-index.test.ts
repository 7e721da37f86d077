import { describe, expect, it } from 'vitest';
import type { K8sLabelSelector, K8sPod, K8sPodDisruptionBudget } from './kubernetes-objects.js';
import { PdbIndex, pdbKey } from './pdb-index.js';

function pdb(
  name: string,
  selector: K8sLabelSelector | undefined,
  namespace?: string,
): K8sPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { ...(selector !== undefined ? { selector } : {}), maxUnavailable: 1 },
  };
}

function pod(labels: Record<string, string> | undefined, namespace?: string): K8sPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labels ? { labels } : {}),
    },
    spec: { containers: [] },
  };
}

const names = (budgets: readonly K8sPodDisruptionBudget[]) => budgets.map(pdbKey);

describe('PdbIndex: which budgets cover a pod', () => {
  it('an empty selector covers every pod of its namespace (policy/v1), labelled or not', () => {
    for (const selector of [{}, { matchLabels: {} }, { matchExpressions: [] }]) {
      const index = new PdbIndex([pdb('all', selector, 'shop')]);
      expect(names(index.forPod(pod({ app: 'web' }, 'shop')))).toEqual(['shop/all']);
      expect(names(index.forPod(pod(undefined, 'shop')))).toEqual(['shop/all']);
      expect(names(index.forPod(pod({ app: 'web' }, 'other')))).toEqual([]);
    }
  });

  it('a budget without a selector covers no pod', () => {
    const index = new PdbIndex([pdb('none', undefined, 'shop')]);
    expect(index.forPod(pod({ app: 'web' }, 'shop'))).toEqual([]);
    expect(index.forPod(pod(undefined, 'shop'))).toEqual([]);
    expect(index.get('shop/none')).toBeDefined();
  });

  it('never matches a pod of another namespace; a pod or budget without a namespace is in default', () => {
    const index = new PdbIndex([
      pdb('web', { matchLabels: { app: 'web' } }, 'shop'),
      pdb('web', { matchLabels: { app: 'web' } }),
      pdb('exprs', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, 'kube-system'),
    ]);
    expect(names(index.forPod(pod({ app: 'web' }, 'shop')))).toEqual(['shop/web']);
    expect(names(index.forPod(pod({ app: 'web' })))).toEqual(['default/web']);
    expect(names(index.forPod(pod({ app: 'web' }, 'default')))).toEqual(['default/web']);
    expect(names(index.forPod(pod({ app: 'web' }, 'kube-system')))).toEqual(['kube-system/exprs']);
    expect(names(index.forPod(pod({ app: 'web' }, 'billing')))).toEqual([]);
  });

  it('requires every matchLabels pair and expression, not only the pair it is indexed by', () => {
    const index = new PdbIndex([
      pdb('canary', { matchLabels: { app: 'web', track: 'canary' } }, 'shop'),
      pdb(
        'not-db',
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }],
        },
        'shop',
      ),
      pdb('no-gpu', { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }, 'shop'),
      pdb('zones', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }, 'shop'),
    ]);
    expect(names(index.forPod(pod({ app: 'web' }, 'shop')))).toEqual(['shop/no-gpu', 'shop/not-db']);
    expect(names(index.forPod(pod({ app: 'web', track: 'canary', tier: 'db' }, 'shop')))).toEqual([
      'shop/canary',
      'shop/no-gpu',
    ]);
    // NotIn matches a pod without the label; In does not.
    expect(names(index.forPod(pod({ app: 'web', gpu: 'a100', zone: 'c' }, 'shop')))).toEqual(['shop/not-db']);
    expect(names(index.forPod(pod({ gpu: 'a100', zone: 'b' }, 'shop')))).toEqual(['shop/zones']);
  });

  it('keeps budgets that share an indexed pair apart when one goes, and follows selector changes both ways', () => {
    const index = new PdbIndex([
      pdb('a', { matchLabels: { app: 'web' } }, 'shop'),
      pdb('b', { matchLabels: { app: 'web', tier: 'front' } }, 'shop'),
    ]);
    const front = pod({ app: 'web', tier: 'front' }, 'shop');
    expect(names(index.forPod(front))).toEqual(['shop/a', 'shop/b']);
    index.remove('shop/a');
    index.remove('shop/missing');
    expect(names(index.forPod(front))).toEqual(['shop/b']);
    // From a selector to none and back.
    index.add(pdb('b', undefined, 'shop'));
    expect(index.forPod(front)).toEqual([]);
    expect(index.size).toBe(1);
    index.add(pdb('b', {}, 'shop'));
    expect(names(index.forPod(pod({}, 'shop')))).toEqual(['shop/b']);
    index.add(pdb('b', { matchLabels: { app: 'api' } }, 'shop'));
    expect(index.forPod(front)).toEqual([]);
    expect(names(index.forPod(pod({ app: 'api' }, 'shop')))).toEqual(['shop/b']);
    expect([...index.all()].map(pdbKey)).toEqual(['shop/b']);
  });
});
