import type { K8sPod } from './kubernetes-objects.js';
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

/** Summed container requests: CPU in cores, memory in bytes. */
export function podRequests(pod: K8sPod): { cpu: number; memory: number } {
  const containers = pod.spec.containers;
  // Pods of one workload, which share their containers array, often come one after another.
  if (containers === lastContainers && lastRequests) return lastRequests;
  let requests = requestsCache.get(containers);
  if (!requests) {
    requests = sumRequests(pod);
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

function sumRequests(pod: K8sPod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const container of pod.spec.containers) {
    cpu += parseQuantity(container.resources?.requests?.cpu) ?? 0;
    memory += parseQuantity(container.resources?.requests?.memory) ?? 0;
  }
  return { cpu, memory };
}

/**
 * Pods a drain must evict: everything on the node except DaemonSet pods, mirror pods and pods that
 * already finished (kubectl drain with `--ignore-daemonsets`).
 */
export function needsEviction(pod: K8sPod): boolean {
  return !isDaemonSetPod(pod) && !isMirrorPod(pod) && !isPodTerminal(pod);
}
