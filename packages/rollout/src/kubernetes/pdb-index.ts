import type { K8sPod, K8sPodDisruptionBudget } from './kubernetes-objects.js';
import { matchesLabelSelector } from './label-selector.js';

/** `namespace/name` of a PodDisruptionBudget. */
export function pdbKey(pdb: K8sPodDisruptionBudget): string {
  return `${pdb.metadata.namespace ?? 'default'}/${pdb.metadata.name}`;
}

/**
 * Finds the PodDisruptionBudgets that cover a pod (same namespace, selector matches its labels;
 * a budget without a selector covers nothing, an empty one the whole namespace) without testing
 * every budget: budgets are indexed by one of their `matchLabels` pairs; those
 * without any are checked for every pod of their namespace.
 */
export class PdbIndex {
  private readonly buckets = new Map<string, K8sPodDisruptionBudget[]>();
  private readonly bucketOf = new Map<string, string>();
  private readonly byKey = new Map<string, K8sPodDisruptionBudget>();

  constructor(pdbs: Iterable<K8sPodDisruptionBudget> = []) {
    for (const pdb of pdbs) this.add(pdb);
  }

  /** Adds or replaces a budget (a status-only change keeps its place: O(1)). */
  add(pdb: K8sPodDisruptionBudget): void {
    const key = pdbKey(pdb);
    const bucketKey = this.bucketKeyOf(pdb);
    const previous = this.byKey.get(key);
    if (previous && this.bucketOf.get(key) === bucketKey) {
      this.byKey.set(key, pdb);
      if (bucketKey !== undefined) {
        const bucket = this.buckets.get(bucketKey) as K8sPodDisruptionBudget[];
        const at = bucket.indexOf(previous);
        if (at >= 0) bucket[at] = pdb;
      }
      return;
    }
    if (previous) this.remove(key);
    this.byKey.set(key, pdb);
    // policy/v1: a null selector matches no pod (an empty one matches every pod of the namespace).
    if (bucketKey === undefined) return;
    this.bucketOf.set(key, bucketKey);
    const bucket = this.buckets.get(bucketKey);
    if (bucket) bucket.push(pdb);
    else this.buckets.set(bucketKey, [pdb]);
  }

  /** Removes a budget by `namespace/name`. */
  remove(key: string): void {
    const pdb = this.byKey.get(key);
    if (!pdb) return;
    this.byKey.delete(key);
    const bucketKey = this.bucketOf.get(key);
    this.bucketOf.delete(key);
    if (bucketKey === undefined) return;
    const bucket = this.buckets.get(bucketKey);
    if (!bucket) return;
    const at = bucket.indexOf(pdb);
    if (at >= 0) bucket.splice(at, 1);
    if (bucket.length === 0) this.buckets.delete(bucketKey);
  }

  /** The budget with this `namespace/name`. */
  get(key: string): K8sPodDisruptionBudget | undefined {
    return this.byKey.get(key);
  }

  /** All budgets. */
  all(): IterableIterator<K8sPodDisruptionBudget> {
    return this.byKey.values();
  }

  /** Number of budgets. */
  get size(): number {
    return this.byKey.size;
  }

  /** The budgets covering a pod, in `namespace/name` order. */
  forPod(pod: K8sPod): K8sPodDisruptionBudget[] {
    const namespace = pod.metadata.namespace ?? 'default';
    const labels = pod.metadata.labels ?? {};
    const found: K8sPodDisruptionBudget[] = [];
    for (const key in labels) {
      const bucket = this.buckets.get(`${namespace}\u0000${key}\u0000${labels[key]}`);
      if (bucket)
        for (const pdb of bucket) if (matchesLabelSelector(pdb.spec.selector, labels)) found.push(pdb);
    }
    const unindexed = this.buckets.get(namespace);
    if (unindexed)
      for (const pdb of unindexed) if (matchesLabelSelector(pdb.spec.selector, labels)) found.push(pdb);
    if (found.length > 1) found.sort((a, b) => (pdbKey(a) < pdbKey(b) ? -1 : 1));
    return found;
  }

  /** Which bucket a budget lives in: one of its `matchLabels` pairs, or its namespace; none without a selector. */
  private bucketKeyOf(pdb: K8sPodDisruptionBudget): string | undefined {
    if (!pdb.spec.selector) return undefined;
    const namespace = pdb.metadata.namespace ?? 'default';
    const first = Object.entries(pdb.spec.selector.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))[0];
    return first ? `${namespace}\u0000${first[0]}\u0000${first[1]}` : namespace;
  }
}
