import type {
  K8sContainer,
  K8sLabelSelector,
  K8sLease,
  K8sNode,
  K8sOwnerReference,
  K8sPod,
  K8sPodDisruptionBudget,
  K8sTaint,
} from '../kubernetes/kubernetes-objects.js';
import type { DurationDistribution } from './distribution.js';
import type { DistroTimingProfile } from './distro-profiles.js';
import type { SimTimer } from './simulation-engine.js';

/** @internal A workload (Deployment, StatefulSet or DaemonSet) and its pods. */
export interface SimWorkload {
  readonly id: number;
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ownerReferences: readonly K8sOwnerReference[];
  readonly containers: readonly K8sContainer[];
  /** Requests per pod: cores and bytes. */
  readonly cpu: number;
  readonly memory: number;
  readonly graceSeconds: number;
  readonly termination: DurationDistribution;
  readonly readiness: DurationDistribution;
  readonly replicas: number;
  /** Lineage of the first replica (StatefulSet ordinals count from it). */
  readonly firstLineage: number;
  readonly pods: Set<SimPod>;
  /** Pods created so far (names and common random numbers). */
  created: number;
  /** Pods not terminating, per zone index (topology spread). */
  readonly zoneCounts: number[];
  /** Pods not terminating. */
  active: number;
  /** Pods Ready and not terminating. */
  healthy: number;
  /** The budgets whose selector matches its pods' labels. */
  readonly pdbs: SimPdb[];
  /** Image pull time when the image is not cached, and how often it is cached. */
  readonly pull: DurationDistribution | undefined;
  readonly imageCachedProbability: number;
}

/** @internal A pod. */
export interface SimPod {
  readonly uid: string;
  readonly name: string;
  readonly workload: SimWorkload;
  /** The replica lineage: a replacement inherits it (double-disruption accounting). */
  readonly lineage: number;
  readonly createdAt: number;
  /** Seconds it takes to exit after SIGTERM (capped at the grace period when terminated). */
  readonly terminationSeconds: number;
  /** Seconds from binding to Ready. */
  readonly readySeconds: number;
  /** Ignores termination until force-deleted (stuck finalizer). */
  readonly stuck: boolean;
  node: SimNode | undefined;
  ready: boolean;
  terminating: boolean;
  deletionAt: number | undefined;
  /** The grace period of its deletion in force (`deletionGracePeriodSeconds`), once terminating. */
  deletionGrace: number | undefined;
  gone: boolean;
  timer: SimTimer | undefined;
  object: K8sPod;
  /** The current `spec` object, shared by successive versions until it changes. */
  spec: K8sPod['spec'] | undefined;
  /** `creationTimestamp` text, computed once. */
  createdText: string | undefined;
}

/** @internal A PodDisruptionBudget and the disruption controller's view of it. */
export interface SimPdb {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly selector: K8sLabelSelector;
  /** The workloads it covers. */
  readonly workloads: SimWorkload[];
  readonly minAvailable: number | string | undefined;
  readonly maxUnavailable: number | string | undefined;
  readonly unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow' | undefined;
  /** Pods the eviction subresource admitted (name → admission time). */
  readonly disruptedPods: Map<string, number>;
  disruptionsAllowed: number;
  currentHealthy: number;
  /** Ready, not terminating pods of its workloads (ground truth). */
  healthy: number;
  desiredHealthy: number;
  expectedPods: number;
  recompute: SimTimer | undefined;
  object: K8sPodDisruptionBudget;
}

/** @internal The simulated host behind a node. */
export interface SimHost {
  readonly profile: DistroTimingProfile;
  version: string;
  /** Written to the inactive partition (A/B) or downloaded (apt), not yet booted. */
  staged: string | undefined;
  /** apt: installed, effective after reboot. */
  installed: string | undefined;
  /** A/B: the version the next boot tries first. */
  nextBoot: string | undefined;
  bootID: string;
  boots: number;
  /** Faults drawn for this node's update. */
  failBoot: boolean;
  neverReturns: boolean;
  /** Per-node timings drawn at generation (common random numbers across policies). */
  readonly timing: NodeTimingSample;
  /** Reboots so far in this run (later reboots draw fresh timings). */
  reboots: number;
  rebooting: boolean;
  /** Identity whose agent requested the current reboot ('involuntary' for unrelated losses). */
  rebootBy: string | undefined;
}

/** Pre-drawn durations of one node's update cycle (seconds). */
export interface NodeTimingSample {
  readonly stage: number;
  readonly apply: number;
  readonly reboot: number;
  /** The slowest DaemonSet pod's readiness after the node is Ready. */
  readonly daemonSets: number;
}

/** @internal A node. */
export interface SimNode {
  readonly name: string;
  readonly uid: string;
  readonly zone: string;
  readonly zoneIndex: number;
  readonly cpu: number;
  readonly memory: number;
  readonly maxPods: number;
  readonly labels: Record<string, string>;
  annotations: Record<string, string>;
  taints: readonly K8sTaint[];
  unschedulable: boolean;
  /** The actor that set `unschedulable` (for the cordon-ownership metric). */
  cordonedBy: string | undefined;
  /** The host is running. */
  up: boolean;
  /** kubelet reported Ready after the last boot. */
  kubeletReady: boolean;
  readyStatus: 'True' | 'False' | 'Unknown';
  readyTransition: number;
  requestedCpu: number;
  requestedMemory: number;
  readonly pods: Set<SimPod>;
  host: SimHost;
  /** Position in its zone's scheduling list (swap-remove). */
  listIndex: number;
  preferNoSchedule: boolean;
  /** Whether its CPU currently counts as schedulable in its zone's total. */
  countedSchedulable: boolean;
  downSince: number | undefined;
  evictionTimer: SimTimer | undefined;
  object: K8sNode;
}

/** @internal A stored Lease or Event. */
export interface SimStored<T> {
  object: T;
}

/** @internal Lease storage. */
export type SimLease = SimStored<K8sLease>;
