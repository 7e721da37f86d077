import type {
  K8sEvent,
  K8sLease,
  K8sList,
  K8sNode,
  K8sPod,
  K8sPodDisruptionBudget,
  K8sStatus,
  K8sTaint,
} from '../kubernetes/kubernetes-objects.js';

/** The object kinds the rollout engine lists and watches. */
export type ResourceKindV1 = 'Node' | 'Pod' | 'PodDisruptionBudget' | 'Lease' | 'Event';

/** The object type of each {@link ResourceKindV1}. */
export interface ResourceTypesV1 {
  readonly Node: K8sNode;
  readonly Pod: K8sPod;
  readonly PodDisruptionBudget: K8sPodDisruptionBudget;
  readonly Lease: K8sLease;
  readonly Event: K8sEvent;
}

/** Query of a list or watch: the API's `labelSelector` and `fieldSelector` strings. */
export interface ListOptionsV1 {
  /** Namespaced kinds only; all namespaces when omitted. */
  readonly namespace?: string;
  /** e.g. `kubenode.dev/pool=workers,!kubenode.dev/exclude`. */
  readonly labelSelector?: string;
  /** e.g. `spec.nodeName=node-1` (Pod) or `metadata.name=node-1`. */
  readonly fieldSelector?: string;
}

/** Options of a watch. */
export interface WatchOptionsV1 extends ListOptionsV1 {
  /**
   * Start after this resourceVersion (from a list or the last event seen). A version the server
   * no longer remembers ends the watch with a 410 Expired {@link ClusterApiError}: relist.
   */
  readonly resourceVersion: string;
  /** Ends the watch. */
  readonly signal?: AbortSignal;
}

/** One watch event, as the API server streams them. */
export type WatchEventV1<T> =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: T }
  | {
      readonly type: 'BOOKMARK';
      readonly object: { readonly metadata: { readonly resourceVersion: string } };
    }
  | { readonly type: 'ERROR'; readonly object: K8sStatus };

/** A running watch. */
export interface WatchHandleV1 {
  /** Stops the watch; `done` then resolves. */
  stop(): void;
  /**
   * Resolves when the watch ends normally (stopped, or closed by the server after its timeout:
   * watch again from the last resourceVersion) and rejects with a {@link ClusterApiError} when it
   * failed (410 Expired: relist, then watch).
   */
  readonly done: Promise<void>;
}

/**
 * A JSON merge patch of a Node (`application/merge-patch+json`): `null` removes an annotation,
 * label or field. With `metadata.resourceVersion` set, the API server applies it only if the
 * node is still at that version (409 Conflict otherwise): optimistic concurrency.
 */
export interface NodeMergePatchV1 {
  readonly metadata?: {
    readonly resourceVersion?: string;
    readonly labels?: Readonly<Record<string, string | null>>;
    readonly annotations?: Readonly<Record<string, string | null>>;
  };
  readonly spec?: {
    readonly unschedulable?: boolean | null;
    /** Replaces the whole taint list (merge patches replace arrays). */
    readonly taints?: readonly K8sTaint[] | null;
  };
}

/** An eviction request (`POST .../pods/{name}/eviction`, a policy/v1 Eviction). */
export interface EvictionV1 {
  readonly namespace: string;
  readonly name: string;
  /** `deleteOptions.gracePeriodSeconds`; the pod's own when omitted. */
  readonly gracePeriodSeconds?: number;
  /** `deleteOptions.preconditions.uid`: evict only this incarnation of the pod. */
  readonly uid?: string;
}

/** A pod deletion (`DELETE .../pods/{name}`): bypasses PodDisruptionBudgets. */
export interface PodDeletionV1 {
  readonly namespace: string;
  readonly name: string;
  /** 0 with force deletes immediately. */
  readonly gracePeriodSeconds?: number;
  readonly uid?: string;
}

/**
 * The cluster half of the rollout engine's ports, version 1: what it needs from the Kubernetes
 * API, with the API's semantics, so the simulator and a real client (over
 * `@kubernetes/client-node`) are interchangeable.
 *
 * Every method rejects with a {@link ClusterApiError} carrying the API's status code:
 * - 404 NotFound for a missing object;
 * - 409 Conflict when a `resourceVersion` precondition fails, 409 AlreadyExists on create;
 * - 429 TooManyRequests when an eviction would violate a PodDisruptionBudget (cause
 *   `DisruptionBudget`), or when the server sheds load (with `retryAfterSeconds`);
 * - 500 InternalError, e.g. a pod matched by more than one PodDisruptionBudget on eviction;
 * - 410 Expired from a watch whose resourceVersion is too old.
 *
 * Objects returned are snapshots owned by the caller for reading; callers never mutate them.
 */
export interface ClusterClientV1 {
  readonly specificationVersion: 'v1';

  /** Lists objects of a kind; `metadata.resourceVersion` of the list is where a watch starts. */
  list<K extends ResourceKindV1>(kind: K, options?: ListOptionsV1): Promise<K8sList<ResourceTypesV1[K]>>;

  /** Streams changes after `options.resourceVersion` to `onEvent`, in order. */
  watch<K extends ResourceKindV1>(
    kind: K,
    options: WatchOptionsV1,
    onEvent: (event: WatchEventV1<ResourceTypesV1[K]>) => void,
  ): WatchHandleV1;

  /** Reads one Node. */
  getNode(name: string): Promise<K8sNode>;

  /** Applies a JSON merge patch to a Node (cordon, annotations, taints). */
  patchNode(name: string, patch: NodeMergePatchV1): Promise<K8sNode>;

  /**
   * Evicts a pod through the Eviction API: refused with 429 while its PodDisruptionBudget allows
   * no disruption; on success the pod starts graceful termination.
   */
  evictPod(eviction: EvictionV1): Promise<void>;

  /** Deletes a pod without consulting PodDisruptionBudgets (escalation, policies that force). */
  deletePod(deletion: PodDeletionV1): Promise<void>;

  /** Reads a Lease. */
  getLease(namespace: string, name: string): Promise<K8sLease>;

  /** Creates a Lease (409 AlreadyExists when it exists). */
  createLease(lease: K8sLease): Promise<K8sLease>;

  /** Replaces a Lease; `metadata.resourceVersion` must match the stored one (409 Conflict). */
  updateLease(lease: K8sLease): Promise<K8sLease>;

  /** Records an Event. */
  createEvent(event: K8sEvent): Promise<K8sEvent>;
}
