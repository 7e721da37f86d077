import { describe, expect, it } from 'vitest';
import { scaleIntOrPercent } from './int-or-percent.js';
import { matchesLabelSelector, parseLabelSelector } from './label-selector.js';
import { PdbIndex } from './pdb-index.js';
import type { K8sPod, K8sPodDisruptionBudget } from './kubernetes-objects.js';
import { parseQuantity } from './quantity.js';
import { microTime, rfc3339 } from './time-format.js';

describe('label selectors', () => {
  it('match metav1.LabelSelector semantics', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { app: 'db' } }, labels)).toBe(false);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] },
        labels,
      ),
    ).toBe(true);
    expect(
      matchesLabelSelector(
        { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }, labels),
    ).toBe(true);
    expect(matchesLabelSelector({}, labels)).toBe(true);
  });

  it('parse the API string form', () => {
    const select = parseLabelSelector(
      'kubenode.dev/pool=workers,tier!=back,!gpu,zone in (a, b),env notin (dev)',
    );
    expect(select?.({ 'kubenode.dev/pool': 'workers', tier: 'front', zone: 'a' })).toBe(true);
    expect(select?.({ 'kubenode.dev/pool': 'workers', tier: 'front', zone: 'c' })).toBe(false);
    expect(select?.({ 'kubenode.dev/pool': 'workers', zone: 'b', gpu: 'yes' })).toBe(false);
    expect(parseLabelSelector('a=b=c')).toBeUndefined();
    expect(parseLabelSelector('')?.({})).toBe(true);
  });
});

describe('quantities, budgets and times', () => {
  it('parses Kubernetes quantities', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('64Gi')).toBe(64 * 2 ** 30);
    expect(parseQuantity('1.5G')).toBe(1.5e9);
    expect(parseQuantity('2e3')).toBe(2000);
    expect(parseQuantity('12 cores')).toBeUndefined();
  });

  it('scales IntOrString budgets like the disruption controller', () => {
    expect(scaleIntOrPercent('25%', 10, true)).toBe(3);
    expect(scaleIntOrPercent('25%', 10, false)).toBe(2);
    expect(scaleIntOrPercent(4, 10, true)).toBe(4);
    expect(scaleIntOrPercent('x', 10, true)).toBeUndefined();
  });

  it('formats metav1.Time and MicroTime', () => {
    expect(rfc3339(Date.UTC(2026, 0, 5, 2, 3, 4, 567))).toBe('2026-01-05T02:03:04Z');
    expect(microTime(Date.UTC(2026, 0, 5, 2, 3, 4, 567))).toBe('2026-01-05T02:03:04.567000Z');
  });
});

describe('PdbIndex', () => {
  const pdb = (
    name: string,
    selector: K8sPodDisruptionBudget['spec']['selector'],
  ): K8sPodDisruptionBudget => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'shop' },
    spec: selector === undefined ? {} : { selector },
  });
  const pod = (labels: Record<string, string>, namespace = 'shop'): K8sPod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace, labels },
    spec: { containers: [] },
  });

  it('finds the budgets covering a pod: same namespace, matching selector; none without a selector', () => {
    const index = new PdbIndex([
      pdb('web', { matchLabels: { app: 'web' } }),
      pdb('all', {}),
      pdb('none', undefined),
      pdb('front', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }),
    ]);
    expect(index.forPod(pod({ app: 'web', tier: 'front' })).map((b) => b.metadata.name)).toEqual([
      'all',
      'front',
      'web',
    ]);
    expect(index.forPod(pod({ app: 'web' }, 'other'))).toEqual([]);
    index.remove('shop/all');
    index.add(pdb('web', { matchLabels: { app: 'api' } }));
    expect(index.forPod(pod({ app: 'web' })).map((b) => b.metadata.name)).toEqual([]);
    expect(index.size).toBe(3);
  });

  it('shares one frozen list per budget for the pods it alone covers, and a fresh sorted list for several', () => {
    const web = pdb('web', { matchLabels: { app: 'web' } });
    const index = new PdbIndex([
      web,
      pdb('all', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }),
    ]);
    const alone = index.forPod(pod({ app: 'web' }));
    expect(alone).toEqual([web]);
    expect(Object.isFrozen(alone)).toBe(true);
    expect(index.forPod(pod({ app: 'web', track: 'stable' }))).toBe(alone);
    expect(Object.isFrozen(index.forPod(pod({ app: 'api' })))).toBe(true);
    const both = index.forPod(pod({ app: 'web', tier: 'front' }));
    expect(both.map((b) => b.metadata.name)).toEqual(['all', 'web']);
    expect(index.forPod(pod({ app: 'web', tier: 'back' }))).not.toBe(both);
  });

  it('keeps a budget in place on a status-only change and moves it when its selector changes', () => {
    const index = new PdbIndex([
      pdb('web', { matchLabels: { tier: 'front', app: 'web' } }),
      pdb('web-canary', { matchLabels: { app: 'web', track: 'canary' } }),
    ]);
    const canary = pod({ app: 'web', tier: 'front', track: 'canary' });
    expect(index.forPod(canary).map((b) => b.metadata.name)).toEqual(['web', 'web-canary']);
    // Status-only: the new object replaces the old one where it is.
    const updated = {
      ...pdb('web', { matchLabels: { tier: 'front', app: 'web' } }),
      status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 },
    };
    index.add(updated);
    expect(index.forPod(canary)[0]).toBe(updated);
    expect(index.get('shop/web')).toBe(updated);
    // The value of the indexed label changes: found under the new value only.
    index.add(pdb('web', { matchLabels: { tier: 'front', app: 'shop' } }));
    expect(index.forPod(canary).map((b) => b.metadata.name)).toEqual(['web-canary']);
    expect(index.forPod(pod({ app: 'shop', tier: 'front' })).map((b) => b.metadata.name)).toEqual(['web']);
    // Expressions only: checked for every pod of the namespace.
    index.add(pdb('web', { matchExpressions: [{ key: 'track', operator: 'Exists' }] }));
    expect(index.forPod(canary).map((b) => b.metadata.name)).toEqual(['web', 'web-canary']);
    index.remove('shop/web-canary');
    index.remove('shop/web');
    expect(index.forPod(canary)).toEqual([]);
    expect(index.size).toBe(0);
  });
});
