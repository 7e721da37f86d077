import { describe, expect, it } from 'vitest';
import type { K8sContainer, K8sOwnerReference, K8sPod } from './kubernetes-objects.js';
import {
  evictionIgnoresBudgets,
  isDaemonSetPod,
  isMirrorPod,
  isPodReady,
  isPodTerminal,
  isPodTerminating,
  needsEviction,
  podController,
  podKey,
  podRequests,
} from './pod-facts.js';

function pod(
  options: {
    namespace?: string;
    owners?: readonly Omit<K8sOwnerReference, 'apiVersion' | 'uid'>[];
    annotations?: Record<string, string>;
    phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    ready?: 'True' | 'False';
    terminating?: boolean;
    containers?: readonly K8sContainer[];
    initContainers?: readonly K8sContainer[];
    overhead?: Record<string, string>;
  } = {},
): K8sPod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.owners
        ? { ownerReferences: options.owners.map((owner) => ({ apiVersion: 'apps/v1', uid: 'u', ...owner })) }
        : {}),
      ...(options.terminating
        ? { deletionTimestamp: '2026-01-05T00:00:30Z', deletionGracePeriodSeconds: 30 }
        : {}),
    },
    spec: {
      nodeName: 'node-1',
      containers: options.containers ?? [],
      ...(options.initContainers ? { initContainers: options.initContainers } : {}),
      ...(options.overhead ? { overhead: options.overhead } : {}),
    },
    ...(options.phase
      ? {
          status: { phase: options.phase, conditions: [{ type: 'Ready', status: options.ready ?? 'False' }] },
        }
      : {}),
  };
}

const container = (name: string, cpu?: string, memory?: string, sidecar = false): K8sContainer => ({
  name,
  image: `registry.example/${name}:1`,
  ...(cpu !== undefined || memory !== undefined
    ? { resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } } }
    : {}),
  ...(sidecar ? { restartPolicy: 'Always' as const } : {}),
});

describe('pod facts', () => {
  it('keys pods by namespace/name, a pod without a namespace in default', () => {
    expect(podKey(pod({ namespace: 'shop' }))).toBe('shop/p');
    expect(podKey(pod())).toBe('default/p');
  });

  it('takes the controller from the ownerReference marked controller, never from a plain owner', () => {
    const adopted = pod({ owners: [{ kind: 'DaemonSet', name: 'agent' }] });
    expect(podController(adopted)).toBeUndefined();
    expect(isDaemonSetPod(adopted)).toBe(false);
    expect(isDaemonSetPod(pod({ owners: [{ kind: 'DaemonSet', name: 'agent', controller: false }] }))).toBe(
      false,
    );
    const owned = pod({
      owners: [
        { kind: 'ConfigMap', name: 'holder' },
        { kind: 'DaemonSet', name: 'agent', controller: true },
      ],
    });
    expect(podController(owned)).toEqual({ kind: 'DaemonSet', name: 'agent' });
    expect(isDaemonSetPod(owned)).toBe(true);
    expect(
      isDaemonSetPod(pod({ owners: [{ kind: 'ReplicaSet', name: 'web-7d4b9c', controller: true }] })),
    ).toBe(false);
  });

  it('recognises a mirror pod by its annotation, whatever its value', () => {
    expect(isMirrorPod(pod({ annotations: { 'kubernetes.io/config.mirror': 'c0ffee' } }))).toBe(true);
    expect(isMirrorPod(pod({ annotations: { 'kubernetes.io/config.mirror': '' } }))).toBe(true);
    expect(isMirrorPod(pod({ annotations: { 'kubernetes.io/config.source': 'file' } }))).toBe(false);
    expect(isMirrorPod(pod())).toBe(false);
  });

  it('tells phases, readiness and termination apart', () => {
    expect(isPodTerminal(pod({ phase: 'Succeeded' }))).toBe(true);
    expect(isPodTerminal(pod({ phase: 'Failed' }))).toBe(true);
    expect(isPodTerminal(pod({ phase: 'Running' }))).toBe(false);
    expect(isPodTerminal(pod({ phase: 'Unknown' }))).toBe(false);
    expect(isPodTerminal(pod())).toBe(false);
    expect(isPodReady(pod({ phase: 'Running', ready: 'True' }))).toBe(true);
    expect(isPodReady(pod({ phase: 'Running', ready: 'False' }))).toBe(false);
    expect(isPodReady(pod())).toBe(false);
    expect(isPodTerminating(pod({ terminating: true }))).toBe(true);
    expect(isPodTerminating(pod())).toBe(false);
  });

  it('knows which pods the Eviction API deletes without consulting budgets (canIgnorePDB)', () => {
    expect(evictionIgnoresBudgets(pod({ phase: 'Pending' }))).toBe(true);
    expect(evictionIgnoresBudgets(pod({ phase: 'Succeeded' }))).toBe(true);
    expect(evictionIgnoresBudgets(pod({ phase: 'Failed' }))).toBe(true);
    expect(evictionIgnoresBudgets(pod({ phase: 'Running', ready: 'True', terminating: true }))).toBe(true);
    expect(evictionIgnoresBudgets(pod({ phase: 'Running', ready: 'False' }))).toBe(false);
    expect(evictionIgnoresBudgets(pod({ phase: 'Unknown' }))).toBe(false);
  });

  it('needs eviction for every pod but DaemonSet pods, mirror pods and finished pods (terminating ones included)', () => {
    const daemon = { owners: [{ kind: 'DaemonSet', name: 'agent', controller: true }] };
    expect(needsEviction(pod({ phase: 'Running', ready: 'True' }))).toBe(true);
    expect(needsEviction(pod({ phase: 'Pending' }))).toBe(true);
    expect(needsEviction(pod({ phase: 'Running', terminating: true }))).toBe(true);
    expect(needsEviction(pod({ phase: 'Running', owners: [{ kind: 'DaemonSet', name: 'agent' }] }))).toBe(
      true,
    );
    expect(needsEviction(pod({ phase: 'Running', ...daemon }))).toBe(false);
    expect(
      needsEviction(pod({ phase: 'Running', annotations: { 'kubernetes.io/config.mirror': 'x' } })),
    ).toBe(false);
    expect(needsEviction(pod({ phase: 'Succeeded' }))).toBe(false);
    expect(needsEviction(pod({ phase: 'Failed' }))).toBe(false);
  });
});

describe('podRequests', () => {
  it('sums the containers’ requests; absent or malformed requests count 0', () => {
    const containers = [
      container('a', '500m', '1Gi'),
      container('b', '1', '512Mi'),
      container('c'),
      container('d', 'lots'),
    ];
    expect(podRequests(pod({ containers }))).toEqual({ cpu: 1.5, memory: 1.5 * 2 ** 30 });
  });

  it('does not mix up pods whose container lists differ (one cache entry per list)', () => {
    const small = [container('a', '100m', '128Mi')];
    const large = [container('a', '2', '4Gi')];
    expect(podRequests(pod({ containers: small }))).toEqual({ cpu: 0.1, memory: 128 * 2 ** 20 });
    expect(podRequests(pod({ containers: large }))).toEqual({ cpu: 2, memory: 4 * 2 ** 30 });
    expect(podRequests(pod({ containers: small }))).toEqual({ cpu: 0.1, memory: 128 * 2 ** 20 });
  });

  it('counts init containers, sidecars and overhead as the scheduler does', () => {
    const app = [container('app', '1', '1Gi')];
    // A large init container sets the request while it runs first.
    expect(
      podRequests(pod({ containers: app, initContainers: [container('migrate', '3', '512Mi')] })),
    ).toEqual({
      cpu: 3,
      memory: 2 ** 30,
    });
    // A sidecar keeps running beside the app; an init container after it runs beside it too.
    expect(
      podRequests(
        pod({
          containers: app,
          initContainers: [container('proxy', '500m', '256Mi', true), container('migrate', '2', '2Gi')],
        }),
      ),
    ).toEqual({ cpu: 2.5, memory: 2.25 * 2 ** 30 });
    expect(
      podRequests(pod({ containers: app, initContainers: [container('proxy', '500m', '256Mi', true)] })),
    ).toEqual({ cpu: 1.5, memory: 1.25 * 2 ** 30 });
    // The RuntimeClass overhead comes on top.
    expect(podRequests(pod({ containers: app, overhead: { cpu: '250m', memory: '160Mi' } }))).toEqual({
      cpu: 1.25,
      memory: 2 ** 30 + 160 * 2 ** 20,
    });
  });
});
