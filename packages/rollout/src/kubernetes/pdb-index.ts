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
  /**
   * namespace → budgets indexed by one `matchLabels` pair (label key → value → budgets) and those
   * without any (checked for every pod of the namespace). Nested maps rather than one map of
   * concatenated keys: a pod lookup then hashes strings the pod already holds (V8 caches a
   * string's hash) instead of building and hashing a new string per label.
   */
  private readonly namespaces = new Map<string, NamespaceBuckets>();
  private readonly bucketOf = new Map<string, BucketRef>();
  private readonly byKey = new Map<string, K8sPodDisruptionBudget>();
  /** Each budget's one-element list, returned for every pod it alone covers (most pods). */
  private readonly alone = new WeakMap<K8sPodDisruptionBudget, readonly K8sPodDisruptionBudget[]>();

  constructor(pdbs: Iterable<K8sPodDisruptionBudget> = []) {
    for (const pdb of pdbs) this.add(pdb);
  }

  /** Adds or replaces a budget (a status-only change keeps its place: O(1)). */
  add(pdb: K8sPodDisruptionBudget): void {
    const key = pdbKey(pdb);
    const previous = this.byKey.get(key);
    if (previous) {
      const ref = this.bucketOf.get(key);
      if (sameBucket(ref, pdb)) {
        this.byKey.set(key, pdb);
        if (ref) {
          const at = ref.bucket.indexOf(previous);
          if (at >= 0) ref.bucket[at] = pdb;
        }
        return;
      }
      this.remove(key);
    }
    this.byKey.set(key, pdb);
    // policy/v1: a null selector matches no pod (an empty one matches every pod of the namespace).
    const selector = pdb.spec.selector;
    if (!selector) return;
    const namespace = pdb.metadata.namespace ?? 'default';
    let buckets = this.namespaces.get(namespace);
    if (!buckets) {
      buckets = { unindexed: [], byLabel: new Map() };
      this.namespaces.set(namespace, buckets);
    }
    const label = firstMatchLabel(selector.matchLabels);
    let bucket: K8sPodDisruptionBudget[];
    if (label === undefined) bucket = buckets.unindexed;
    else {
      let values = buckets.byLabel.get(label);
      if (!values) {
        values = new Map();
        buckets.byLabel.set(label, values);
      }
      const value = (selector.matchLabels as Readonly<Record<string, string>>)[label] as string;
      let found = values.get(value);
      if (!found) {
        found = [];
        values.set(value, found);
      }
      bucket = found;
    }
    bucket.push(pdb);
    this.bucketOf.set(key, { namespace, label, bucket });
  }

  /** Removes a budget by `namespace/name`. */
  remove(key: string): void {
    const pdb = this.byKey.get(key);
    if (!pdb) return;
    this.byKey.delete(key);
    const ref = this.bucketOf.get(key);
    this.bucketOf.delete(key);
    if (!ref) return;
    const at = ref.bucket.indexOf(pdb);
    if (at >= 0) ref.bucket.splice(at, 1);
    if (ref.bucket.length > 0 || ref.label === undefined) return;
    const values = this.namespaces.get(ref.namespace)?.byLabel.get(ref.label);
    if (!values) return;
    for (const [value, bucket] of values)
      if (bucket === ref.bucket) {
        values.delete(value);
        break;
      }
    if (values.size === 0) this.namespaces.get(ref.namespace)?.byLabel.delete(ref.label);
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

  /**
   * The budgets covering a pod, in `namespace/name` order. Most pods have none or one: those
   * share a frozen list (an empty one, or the budget's own one-element list), so a pass over
   * every pod of a large cluster allocates lists only for pods with several budgets.
   */
  forPod(pod: K8sPod): readonly K8sPodDisruptionBudget[] {
    const buckets = this.namespaces.get(pod.metadata.namespace ?? 'default');
    if (!buckets) return NO_BUDGETS;
    const labels = pod.metadata.labels ?? NO_LABELS;
    // The first match, and the list once there is a second.
    let first: K8sPodDisruptionBudget | undefined;
    let found: K8sPodDisruptionBudget[] | undefined;
    const byLabel = buckets.byLabel;
    if (byLabel.size > 0)
      for (const key in labels) {
        const bucket = byLabel.get(key)?.get(labels[key] as string);
        if (bucket)
          for (const pdb of bucket)
            if (matchesLabelSelector(pdb.spec.selector, labels)) {
              if (first === undefined) first = pdb;
              else if (found === undefined) found = [first, pdb];
              else found.push(pdb);
            }
      }
    for (const pdb of buckets.unindexed)
      if (matchesLabelSelector(pdb.spec.selector, labels)) {
        if (first === undefined) first = pdb;
        else if (found === undefined) found = [first, pdb];
        else found.push(pdb);
      }
    if (found !== undefined) return found.sort((a, b) => (pdbKey(a) < pdbKey(b) ? -1 : 1));
    if (first === undefined) return NO_BUDGETS;
    let list = this.alone.get(first);
    if (list === undefined) this.alone.set(first, (list = Object.freeze([first])));
    return list;
  }
}

/** What {@link PdbIndex.forPod} returns for a pod no budget covers. */
const NO_BUDGETS: readonly K8sPodDisruptionBudget[] = Object.freeze([]);

interface NamespaceBuckets {
  /** Budgets whose selector has no `matchLabels` (an empty selector or expressions only). */
  readonly unindexed: K8sPodDisruptionBudget[];
  readonly byLabel: Map<string, Map<string, K8sPodDisruptionBudget[]>>;
}

interface BucketRef {
  readonly namespace: string;
  /** The `matchLabels` key the budget is indexed by; undefined for the namespace's unindexed list. */
  readonly label: string | undefined;
  readonly bucket: K8sPodDisruptionBudget[];
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** The smallest `matchLabels` key (the pair a budget is indexed by), without sorting. */
function firstMatchLabel(matchLabels: Readonly<Record<string, string>> | undefined): string | undefined {
  let first: string | undefined;
  if (matchLabels)
    for (const key in matchLabels)
      if (Object.prototype.hasOwnProperty.call(matchLabels, key) && (first === undefined || key < first))
        first = key;
  return first;
}

/** Whether a new version of a budget belongs in the bucket its previous version is in. */
function sameBucket(ref: BucketRef | undefined, pdb: K8sPodDisruptionBudget): boolean {
  const selector = pdb.spec.selector;
  if (!ref) return !selector;
  if (!selector || (pdb.metadata.namespace ?? 'default') !== ref.namespace) return false;
  const label = firstMatchLabel(selector.matchLabels);
  if (label !== ref.label) return false;
  if (label === undefined) return true;
  const values = selector.matchLabels as Readonly<Record<string, string>>;
  // The bucket holds budgets with one value of the label: compare with a budget still in it.
  const other = ref.bucket[0];
  return other !== undefined && other.spec.selector?.matchLabels?.[label] === values[label];
}
