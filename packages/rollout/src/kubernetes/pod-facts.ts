import type { K8sContainer, K8sPod } from './kubernetes-objects.js';
import { parseQuantity } from './quantity.js';

/** `namespace/name`. */
export function podKey(pod: K8sPod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** The owner reference marked `controller`, as the pod holds it. */
function controllerReference(pod: K8sPod) {
  return pod.metadata.ownerReferences?.find((reference) => reference.controller);
}

/** The pod's controller owner reference, if any. */
export function podController(pod: K8sPod): { kind: string; name: string } | undefined {
  const owner = controllerReference(pod);
  return owner ? { kind: owner.kind, name: owner.name } : undefined;
}

/** Managed by a DaemonSet: drains leave it (its controller would recreate it on the same node). */
export function isDaemonSetPod(pod: K8sPod): boolean {
  return controllerReference(pod)?.kind === 'DaemonSet';
}

/** A static pod's mirror (`kubernetes.io/config.mirror`): not evictable through the API. */
export function isMirrorPod(pod: K8sPod): boolean {
  return pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
}

/** Succeeded or Failed: nothing runs any more. */
export function isPodTerminal(pod: K8sPod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: K8sPod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Graceful deletion has started. */
export function isPodTerminating(pod: K8sPod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/**
 * Whether the Eviction API deletes this pod without consulting its PodDisruptionBudgets (the API
 * server's `canIgnorePDB`): it is Pending, has finished (Succeeded, Failed) or is already
 * terminating, so evicting it disrupts nothing that runs. Such a pod is never refused for a
 * budget, not even when more than one budget covers it.
 */
export function evictionIgnoresBudgets(pod: K8sPod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed' || isPodTerminating(pod);
}

/**
 * What the pod requests of its node, CPU in cores and memory in bytes, as the scheduler counts
 * it: the app containers and the sidecars (init containers with `restartPolicy: Always`), or the
 * largest init container (with the sidecars started before it) if that is more, plus the pod's
 * overhead. Requests that are absent or malformed count 0.
 */
export function podRequests(pod: K8sPod): { cpu: number; memory: number } {
  const spec = pod.spec;
  if (spec.initContainers !== undefined || spec.overhead !== undefined) return effectiveRequests(spec);
  const containers = spec.containers;
  // Pods of one workload, which share their containers array, often come one after another.
  if (containers === lastContainers && lastRequests) return lastRequests;
  let requests = requestsCache.get(containers);
  if (!requests) {
    requests = sumRequests(containers);
    requestsCache.set(containers, requests);
  }
  lastContainers = containers;
  lastRequests = requests;
  return requests;
}

let lastContainers: object | undefined;
let lastRequests: { cpu: number; memory: number } | undefined;

/** Requests per containers array (pods of one workload often share it in memory). */
const requestsCache = new WeakMap<object, { cpu: number; memory: number }>();

function sumRequests(containers: readonly K8sContainer[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const container of containers) {
    cpu += parseQuantity(container.resources?.requests?.cpu) ?? 0;
    memory += parseQuantity(container.resources?.requests?.memory) ?? 0;
  }
  return { cpu, memory };
}

/** The scheduler's effective requests of a pod with init containers or overhead (per resource). */
function effectiveRequests(spec: K8sPod['spec']): { cpu: number; memory: number } {
  const app = sumRequests(spec.containers);
  let sidecarCpu = 0;
  let sidecarMemory = 0;
  let initCpu = 0;
  let initMemory = 0;
  for (const container of spec.initContainers ?? []) {
    const cpu = parseQuantity(container.resources?.requests?.cpu) ?? 0;
    const memory = parseQuantity(container.resources?.requests?.memory) ?? 0;
    if (container.restartPolicy === 'Always') {
      sidecarCpu += cpu;
      sidecarMemory += memory;
      initCpu = Math.max(initCpu, sidecarCpu);
      initMemory = Math.max(initMemory, sidecarMemory);
    } else {
      initCpu = Math.max(initCpu, sidecarCpu + cpu);
      initMemory = Math.max(initMemory, sidecarMemory + memory);
    }
  }
  return {
    cpu: Math.max(app.cpu + sidecarCpu, initCpu) + (parseQuantity(spec.overhead?.cpu) ?? 0),
    memory: Math.max(app.memory + sidecarMemory, initMemory) + (parseQuantity(spec.overhead?.memory) ?? 0),
  };
}

/**
 * Pods a drain must evict: everything on the node except DaemonSet pods, mirror pods and pods that
 * already finished (kubectl drain with `--ignore-daemonsets`).
 */
export function needsEviction(pod: K8sPod): boolean {
  return !isDaemonSetPod(pod) && !isMirrorPod(pod) && !isPodTerminal(pod);
}
