import type { NodeObservationV1 } from '@kubenode/core';
import type { K8sNode } from './kubernetes-objects.js';
import { parseQuantity } from './quantity.js';
import { parseTime } from './time-format.js';

/** The well-known zone label. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** The node's zone (`topology.kubernetes.io/zone`), or `''` when it has none. */
export function nodeZone(node: K8sNode): string {
  return node.metadata.labels?.[ZONE_LABEL] ?? '';
}

/** Whether the node's Ready condition is True. */
export function isNodeReady(node: K8sNode): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** When the Ready condition last turned True (ms), if it is True. */
export function nodeReadySince(node: K8sNode): number | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True');
  return ready ? (parseTime(ready.lastTransitionTime) ?? 0) : undefined;
}

/** Allocatable CPU (cores) and memory (bytes); zero when not reported. */
export function nodeAllocatable(node: K8sNode): { cpu: number; memory: number } {
  return {
    cpu: parseQuantity(node.status?.allocatable?.cpu) ?? 0,
    memory: parseQuantity(node.status?.allocatable?.memory) ?? 0,
  };
}

/** What the update strategy compares before and after an update, read from the Node object. */
export function nodeObservation(node: K8sNode): NodeObservationV1 {
  const info = node.status?.nodeInfo;
  return {
    name: node.metadata.name,
    osImage: info?.osImage ?? '',
    kernelVersion: info?.kernelVersion ?? '',
    bootID: info?.bootID ?? '',
    annotations: node.metadata.annotations ?? {},
  };
}
