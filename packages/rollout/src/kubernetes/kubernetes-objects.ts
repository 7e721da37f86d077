/**
 * The subset of Kubernetes API objects the rollout engine reads and writes, in their JSON wire
 * shapes (`kubectl get -o json`), so the simulator's state serialises as real Kubernetes objects
 * and a real client needs no translation. Fields the engine never reads are allowed but omitted.
 */

/** `metadata.ownerReferences[]`. */
export interface K8sOwnerReference {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean;
}

/** `metadata` of every object (ObjectMeta). */
export interface K8sObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  /** Opaque; compared for equality only (optimistic concurrency, watch resumption). */
  readonly resourceVersion?: string;
  readonly generation?: number;
  /** RFC 3339. */
  readonly creationTimestamp?: string;
  /** RFC 3339; set when graceful deletion started. */
  readonly deletionTimestamp?: string;
  readonly deletionGracePeriodSeconds?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly K8sOwnerReference[];
}

/** A node taint (`spec.taints[]`). */
export interface K8sTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly timeAdded?: string;
}

/** A node condition (`status.conditions[]`). */
export interface K8sNodeCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** `status.nodeInfo`. */
export interface K8sNodeSystemInfo {
  readonly bootID: string;
  readonly osImage: string;
  readonly kernelVersion: string;
  readonly kubeletVersion: string;
  readonly containerRuntimeVersion?: string;
  readonly machineID?: string;
  readonly systemUUID?: string;
  readonly architecture?: string;
  readonly operatingSystem?: string;
  readonly kubeProxyVersion?: string;
}

/** A core/v1 Node. */
export interface K8sNode {
  readonly apiVersion: 'v1';
  readonly kind: 'Node';
  readonly metadata: K8sObjectMeta;
  readonly spec: {
    readonly unschedulable?: boolean;
    readonly taints?: readonly K8sTaint[];
    readonly providerID?: string;
  };
  readonly status?: {
    readonly conditions?: readonly K8sNodeCondition[];
    readonly nodeInfo?: K8sNodeSystemInfo;
    /** Quantities such as `{ cpu: "16", memory: "64Gi", pods: "110" }`. */
    readonly allocatable?: Readonly<Record<string, string>>;
    readonly capacity?: Readonly<Record<string, string>>;
  };
}

/** A toleration (`spec.tolerations[]`). */
export interface K8sToleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

/** A container, reduced to what scheduling needs. */
export interface K8sContainer {
  readonly name: string;
  readonly image: string;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  /** `Always` on an init container makes it a sidecar: it keeps running beside the app containers. */
  readonly restartPolicy?: 'Always';
}

/** A pod condition (`status.conditions[]`). */
export interface K8sPodCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly lastTransitionTime?: string;
  readonly reason?: string;
}

/** A core/v1 Pod. */
export interface K8sPod {
  readonly apiVersion: 'v1';
  readonly kind: 'Pod';
  readonly metadata: K8sObjectMeta;
  readonly spec: {
    readonly nodeName?: string;
    readonly containers: readonly K8sContainer[];
    /** Run in order before the app containers (sidecars among them keep running). */
    readonly initContainers?: readonly K8sContainer[];
    /** Resources the pod's sandbox takes on top of its containers (from its RuntimeClass). */
    readonly overhead?: Readonly<Record<string, string>>;
    readonly terminationGracePeriodSeconds?: number;
    readonly tolerations?: readonly K8sToleration[];
    readonly priority?: number;
    readonly schedulerName?: string;
  };
  readonly status?: {
    readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    readonly conditions?: readonly K8sPodCondition[];
    readonly startTime?: string;
    readonly reason?: string;
  };
}

/** A label selector requirement (`matchExpressions[]`). */
export interface K8sLabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** A metav1.LabelSelector. */
export interface K8sLabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly K8sLabelSelectorRequirement[];
}

/** A policy/v1 PodDisruptionBudget. */
export interface K8sPodDisruptionBudget {
  readonly apiVersion: 'policy/v1';
  readonly kind: 'PodDisruptionBudget';
  readonly metadata: K8sObjectMeta;
  readonly spec: {
    readonly selector?: K8sLabelSelector;
    /** A count or a percentage such as "50%". */
    readonly minAvailable?: number | string;
    /** A count or a percentage such as "25%". */
    readonly maxUnavailable?: number | string;
    readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
  };
  readonly status?: {
    readonly observedGeneration?: number;
    /** Pods the eviction subresource admitted that the controller has not yet seen go (name → RFC 3339 time). */
    readonly disruptedPods?: Readonly<Record<string, string>>;
    readonly disruptionsAllowed: number;
    readonly currentHealthy: number;
    readonly desiredHealthy: number;
    readonly expectedPods: number;
  };
}

/** A coordination.k8s.io/v1 Lease (leader election, rollout coordination). */
export interface K8sLease {
  readonly apiVersion: 'coordination.k8s.io/v1';
  readonly kind: 'Lease';
  readonly metadata: K8sObjectMeta;
  readonly spec: {
    readonly holderIdentity?: string;
    readonly leaseDurationSeconds?: number;
    /** MicroTime, RFC 3339 with microseconds. */
    readonly acquireTime?: string;
    /** MicroTime, RFC 3339 with microseconds. */
    readonly renewTime?: string;
    readonly leaseTransitions?: number;
  };
}

/** A core/v1 Event. */
export interface K8sEvent {
  readonly apiVersion: 'v1';
  readonly kind: 'Event';
  readonly metadata: K8sObjectMeta;
  readonly involvedObject: {
    readonly apiVersion?: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
  };
  readonly reason: string;
  readonly message: string;
  readonly type: 'Normal' | 'Warning';
  readonly source?: { readonly component: string; readonly host?: string };
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
  readonly count?: number;
  readonly reportingComponent?: string;
  readonly reportingInstance?: string;
  readonly action?: string;
}

/** A list response (`NodeList`, `PodList`, ...). */
export interface K8sList<T> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly resourceVersion: string };
  readonly items: readonly T[];
}

/** A metav1.Status failure body, as the API server returns with 4xx and 5xx responses. */
export interface K8sStatus {
  readonly apiVersion: 'v1';
  readonly kind: 'Status';
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly code: number;
  readonly details?: {
    readonly name?: string;
    readonly kind?: string;
    readonly causes?: readonly {
      readonly reason?: string;
      readonly message?: string;
      readonly field?: string;
    }[];
    readonly retryAfterSeconds?: number;
  };
}
