import { SpecValidationError, type SpecIssue } from '@kubenode/core';
import type { K8sNode, K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';

/** The objects a plan is computed from. */
export interface ClusterSnapshot {
  readonly nodes: readonly K8sNode[];
  readonly pods: readonly K8sPod[];
  readonly pdbs: readonly K8sPodDisruptionBudget[];
}

/**
 * Reads a cluster snapshot from parsed JSON or YAML: a Kubernetes `List` (what
 * `kubectl get nodes,pods,poddisruptionbudgets -A -o json` prints), a single `NodeList`,
 * `PodList` or `PodDisruptionBudgetList`, or `{ nodes, pods, pdbs }`. Other kinds in a List
 * are ignored.
 *
 * @throws {SpecValidationError} when the document holds no nodes or malformed items.
 */
export function parseClusterSnapshot(input: unknown, options: { source?: string } = {}): ClusterSnapshot {
  const issues: SpecIssue[] = [];
  const nodes: K8sNode[] = [];
  const pods: K8sPod[] = [];
  const pdbs: K8sPodDisruptionBudget[] = [];
  const take = (item: unknown, path: (string | number)[]) => {
    if (typeof item !== 'object' || item === null) {
      issues.push({ path, code: 'invalid_type', message: 'expected a Kubernetes object' });
      return;
    }
    const object = item as { kind?: unknown; metadata?: { name?: unknown }; spec?: unknown };
    if (typeof object.metadata?.name !== 'string') {
      issues.push({ path: [...path, 'metadata', 'name'], code: 'invalid_type', message: 'expected a name' });
      return;
    }
    switch (object.kind) {
      case 'Node':
        nodes.push({ spec: {}, ...(object as object) } as K8sNode);
        break;
      case 'Pod':
        if (
          typeof object.spec !== 'object' ||
          object.spec === null ||
          !Array.isArray((object.spec as { containers?: unknown }).containers)
        ) {
          issues.push({
            path: [...path, 'spec', 'containers'],
            code: 'invalid_type',
            message: 'expected a pod spec with containers',
          });
          return;
        }
        pods.push(object as unknown as K8sPod);
        break;
      case 'PodDisruptionBudget':
        pdbs.push({ spec: {}, ...(object as object) } as K8sPodDisruptionBudget);
        break;
      default:
        break;
    }
  };
  if (typeof input !== 'object' || input === null) {
    issues.push({
      path: [],
      code: 'invalid_type',
      message: 'expected a Kubernetes List or { nodes, pods, pdbs }',
    });
  } else if ('items' in input && Array.isArray((input as { items: unknown }).items)) {
    (input as { items: unknown[] }).items.forEach((item, index) => take(item, ['items', index]));
  } else if ('nodes' in input) {
    const document = input as { nodes?: unknown; pods?: unknown; pdbs?: unknown };
    for (const field of ['nodes', 'pods', 'pdbs'] as const) {
      const value = document[field];
      if (value === undefined) continue;
      if (!Array.isArray(value)) {
        issues.push({ path: [field], code: 'invalid_type', message: 'expected an array' });
        continue;
      }
      const kind = field === 'nodes' ? 'Node' : field === 'pods' ? 'Pod' : 'PodDisruptionBudget';
      value.forEach((item, index) =>
        take(typeof item === 'object' && item !== null ? { kind, ...item } : item, [field, index]),
      );
    }
  } else {
    issues.push({
      path: [],
      code: 'invalid_type',
      message: 'expected a Kubernetes List (items) or { nodes, pods, pdbs }',
    });
  }
  if (issues.length === 0 && nodes.length === 0)
    issues.push({ path: [], code: 'empty', message: 'the snapshot holds no Node objects' });
  if (issues.length > 0) throw new SpecValidationError({ issues, source: options.source });
  return { nodes, pods, pdbs };
}
