import type { StepOutputV1, UpdateStepV1 } from '@kubenode/core';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import { NodeAgentError } from '../errors/node-agent-error.js';
import type {
  K8sEvent,
  K8sLabelSelector,
  K8sLease,
  K8sList,
  K8sNode,
  K8sPod,
  K8sPodDisruptionBudget,
  K8sTaint,
} from '../kubernetes/kubernetes-objects.js';
import { scaleIntOrPercent } from '../kubernetes/int-or-percent.js';
import {
  matchesLabelSelector,
  parseLabelSelector,
  type LabelPredicate,
} from '../kubernetes/label-selector.js';
import { ZONE_LABEL } from '../kubernetes/node-facts.js';
import { formatMebibytes, formatMillicores } from '../kubernetes/quantity.js';
import { rfc3339 } from '../kubernetes/time-format.js';
import type {
  EvictionV1,
  ListOptionsV1,
  NodeMergePatchV1,
  PodDeletionV1,
  ResourceKindV1,
  ResourceTypesV1,
  WatchEventV1,
  WatchHandleV1,
  WatchOptionsV1,
} from '../ports/cluster-client-v1.js';
import { sample, type DurationDistribution } from './distribution.js';
import type { DistroTimingProfile } from './distro-profiles.js';
import { Random } from './random.js';
import type { SafetyMonitor } from './safety-monitor.js';
import { FAULT_PROFILES, type FaultProfile } from './scenario-profiles.js';
import type { SimHost, SimNode, SimPdb, SimPod, SimWorkload, NodeTimingSample } from './sim-types.js';
import { SimulatedClusterClient, SimulatedNodeAgent } from './simulated-cluster-client.js';
import type { SimTimer, SimulationEngine } from './simulation-engine.js';

/** Options of {@link SimulatedCluster}. */
export interface SimulatedClusterOptions {
  readonly engine: SimulationEngine;
  /** Seed of every random draw (common random numbers: same seed, same cluster, same timings). */
  readonly seed: number;
  readonly faults?: FaultProfile;
  /** Disruption-controller lag before a budget's status reflects pod changes (0.5–2 s). */
  readonly pdbLagSeconds?: readonly [number, number];
  /** Delay of watch events after the change (default 100 ms). */
  readonly watchLatencyMs?: number;
  /** Node controller: Ready turns Unknown this long after the kubelet stopped (default 40 s). */
  readonly nodeMonitorGracePeriodSeconds?: number;
  /** Taint-based eviction of pods on a NotReady node after this (default 300 s). */
  readonly podEvictionTimeoutSeconds?: number;
  /** Scheduler latency (default 200 ms). */
  readonly schedulerLatencyMs?: number;
  /** Watch events kept per kind for resumption (older resourceVersions get 410). */
  readonly watchHistory?: number;
  /** The Kubernetes version nodes report. */
  readonly kubeletVersion?: string;
}

/** A node to add to the simulated cluster. */
export interface SimNodeSpec {
  readonly name: string;
  readonly zone: string;
  /** Allocatable cores and bytes. */
  readonly cpu: number;
  readonly memory: number;
  readonly maxPods?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly profile: DistroTimingProfile;
  readonly version: string;
  readonly timing: NodeTimingSample;
  /** This node's update will fail to boot (and fall back when the profile is A/B). */
  readonly failBoot?: boolean;
  /** This node will not come back from its next reboot. */
  readonly neverReturns?: boolean;
}

/** A workload to add. */
export interface SimWorkloadSpec {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly namespace: string;
  readonly name: string;
  /** Ignored for DaemonSets (one pod per node). */
  readonly replicas: number;
  /** Requests per pod, cores and bytes. */
  readonly cpu: number;
  readonly memory: number;
  readonly graceSeconds: number;
  readonly termination: DurationDistribution;
  readonly readiness: DurationDistribution;
  /** Added to readiness when the image is not cached (never by default). */
  readonly pull?: DurationDistribution;
  /** Probability the image is cached on the node (1 by default). */
  readonly imageCachedProbability?: number;
  /** A PodDisruptionBudget named like the workload, selecting its pods. */
  readonly pdb?: Pick<SimPdbSpec, 'minAvailable' | 'maxUnavailable' | 'unhealthyPodEvictionPolicy'>;
}

/** A PodDisruptionBudget to add (it covers every workload of its namespace its selector matches). */
export interface SimPdbSpec {
  /** Its namespace (it covers workloads of this namespace only). */
  readonly namespace: string;
  /** Its name. */
  readonly name: string;
  /** The pods it covers. */
  readonly selector: K8sLabelSelector;
  /** Pods that must stay healthy: a count or a percentage (one of the two). */
  readonly minAvailable?: number | string;
  /** Pods that may be unavailable: a count or a percentage (one of the two). */
  readonly maxUnavailable?: number | string;
  /** When a pod that is not Ready may be evicted (default IfHealthyBudget: while the budget is healthy). */
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

type AnyObject = K8sNode | K8sPod | K8sPodDisruptionBudget | K8sLease | K8sEvent;

interface HistoryEntry {
  readonly rv: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: AnyObject;
  readonly previous: AnyObject | undefined;
}

interface KindStore {
  readonly history: HistoryEntry[];
  offset: number;
  trimmedRv: number;
  readonly watchers: Set<SimWatcher>;
  flush: SimTimer | undefined;
}

interface SimWatcher {
  readonly kind: ResourceKindV1;
  readonly matches: (object: AnyObject) => boolean;
  next: number;
  readonly onEvent: (event: WatchEventV1<AnyObject>) => void;
  readonly finish: (error?: unknown) => void;
  drop: SimTimer | undefined;
}

interface PendingStep {
  readonly reject: (error: unknown) => void;
  readonly phase: string;
}

const KUBELET_VERSION = 'v1.32.4';
const SYSTEM_TAINT_PREFIX = 'node.kubernetes.io/';

/**
 * A deterministic, seeded Kubernetes cluster in virtual time: nodes with simulated hosts, Deployments,
 * StatefulSets and DaemonSets with their pods, PodDisruptionBudgets kept by a disruption controller
 * with lag, the Eviction API with its 429/500 semantics, a scheduler that re-places evicted pods
 * (zone spread, PreferNoSchedule, least allocated), the node controller (NotReady after 40 s,
 * taint-based eviction after 300 s), Leases and Events, watches with resourceVersions and 410, and
 * fault injection. Clients ({@link SimulatedCluster.client}) and node agents
 * ({@link SimulatedCluster.agent}) implement the rollout engine's ports on top of it, so tests,
 * benchmarks and `kubenode rollout simulate` drive the real executor code.
 */
export class SimulatedCluster {
  readonly engine: SimulationEngine;
  readonly faults: FaultProfile;
  private readonly seed: number;
  private readonly random: Random;
  private readonly faultRandom: Random;
  private revision = 1000;
  private uidCounter = 0;
  private readonly pdbLag: readonly [number, number];
  private readonly watchLatency: number;
  private readonly gracePeriod: number;
  private readonly evictionTimeout: number;
  private readonly schedulerLatency: number;
  private readonly historyLimit: number;
  private readonly kubeletVersion: string;

  /** @internal */ readonly nodes = new Map<string, SimNode>();
  /** @internal */ readonly workloads: SimWorkload[] = [];
  /** @internal */ readonly pods = new Map<string, SimPod>();
  /** @internal The pods of `pods` by uid (a pod object's uid is a string it already holds). */
  readonly podsByUid = new Map<string, SimPod>();
  /** @internal */ readonly pdbs = new Map<string, SimPdb>();
  /** Workloads and budgets per namespace, in insertion order (a budget covers its namespace only). */
  private readonly workloadsByNamespace = new Map<string, SimWorkload[]>();
  private readonly pdbsByNamespace = new Map<string, Map<string, SimPdb>>();
  /**
   * Candidates for selector matching, in insertion order: workloads under each of their labels,
   * budgets under their first `matchLabels` pair (`labelBucket`) or, without one, their namespace.
   */
  private readonly workloadsByLabel = new Map<string, SimWorkload[]>();
  private readonly pdbsByLabel = new Map<string, SimPdb[]>();
  private readonly pdbsWithoutLabels = new Map<string, SimPdb[]>();
  private readonly pdbOrder = new Map<SimPdb, number>();
  /** False once a budget was added again under its name (its place is then the first one's): scan instead. */
  private pdbBucketsInOrder = true;
  private readonly leases = new Map<string, K8sLease>();
  private readonly events = new Map<string, K8sEvent>();
  /** @internal */ readonly zones: string[] = [];
  private readonly zoneNodes: { preferred: SimNode[]; tainted: SimNode[]; cursor: number }[] = [];
  private readonly zoneTotalCpu: number[] = [];
  /** Scratch: the scheduler's zone order for one pod. */
  private readonly zoneOrder: number[] = [];
  private readonly zoneSchedulableCpu: number[] = [];
  private readonly kinds = new Map<ResourceKindV1, KindStore>();
  private readonly pendingPods = new Set<SimPod>();
  private schedulerRun: SimTimer | undefined;
  private readonly pendingSteps = new Map<SimNode, Set<PendingStep>>();
  private monitor: SafetyMonitor | undefined;
  private readonly disruptedNodes = new Set<SimNode>();
  private readonly evictionCounts = new Map<number, number>();
  private lineageCounter = 0;
  /** Requests per actor. */
  private readonly requestCounts = new Map<string, { total: number; byVerb: Map<string, number> }>();
  private requestSecond = -1;
  private requestsThisSecond = 0;
  private peakRequestsPerSecond = 0;
  private involuntaryTimer: SimTimer | undefined;
  private readonly involuntaryRandom: Random;
  private readonly nodeObservers: ((node: NodeState) => void)[] = [];
  /** While the cluster is being built no object is written; `settle` writes them all once. */
  private building = true;

  constructor(options: SimulatedClusterOptions) {
    this.engine = options.engine;
    this.seed = options.seed;
    this.faults = options.faults ?? FAULT_PROFILES.none;
    this.random = Random.derive(options.seed, 'cluster');
    this.faultRandom = Random.derive(options.seed, 'faults');
    this.involuntaryRandom = Random.derive(options.seed, 'involuntary');
    this.pdbLag = options.pdbLagSeconds ?? [0.5, 2];
    this.watchLatency = options.watchLatencyMs ?? 100;
    this.gracePeriod = options.nodeMonitorGracePeriodSeconds ?? 40;
    this.evictionTimeout = options.podEvictionTimeoutSeconds ?? 300;
    this.schedulerLatency = options.schedulerLatencyMs ?? 200;
    this.historyLimit = options.watchHistory ?? 10_000;
    this.kubeletVersion = options.kubeletVersion ?? KUBELET_VERSION;
    for (const kind of ['Node', 'Pod', 'PodDisruptionBudget', 'Lease', 'Event'] as const) {
      this.kinds.set(kind, { history: [], offset: 0, trimmedRv: 0, watchers: new Set(), flush: undefined });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Building the cluster

  /** Attaches the safety monitor (call before the rollout starts). */
  attachMonitor(monitor: SafetyMonitor): void {
    this.monitor = monitor;
    this.disruptedNodes.clear();
    for (let zone = 0; zone < this.zones.length; zone++) this.reportZone(zone);
  }

  /** Adds a node, Ready and schedulable. */
  addNode(spec: SimNodeSpec): void {
    let zoneIndex = this.zones.indexOf(spec.zone);
    if (zoneIndex < 0) {
      zoneIndex = this.zones.length;
      this.zones.push(spec.zone);
      this.zoneNodes.push({ preferred: [], tainted: [], cursor: 0 });
      this.zoneTotalCpu.push(0);
      this.zoneSchedulableCpu.push(0);
    }
    const host: SimHost = {
      profile: spec.profile,
      version: spec.version,
      staged: undefined,
      installed: undefined,
      nextBoot: undefined,
      bootID: this.newBootId(),
      boots: 1,
      failBoot: spec.failBoot ?? false,
      neverReturns: spec.neverReturns ?? false,
      timing: spec.timing,
      reboots: 0,
      rebooting: false,
      rebootBy: undefined,
    };
    const node: SimNode = {
      name: spec.name,
      uid: this.newUid(),
      zone: spec.zone,
      zoneIndex,
      cpu: spec.cpu,
      memory: spec.memory,
      maxPods: spec.maxPods ?? 110,
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        [ZONE_LABEL]: spec.zone,
        ...spec.labels,
      },
      annotations: { 'kubenode.dev/agent-os-version': spec.version },
      taints: [],
      unschedulable: false,
      cordonedBy: undefined,
      up: true,
      kubeletReady: true,
      readyStatus: 'True',
      readyTransition: this.engine.now,
      requestedCpu: 0,
      requestedMemory: 0,
      pods: new Set(),
      host,
      listIndex: -1,
      preferNoSchedule: false,
      countedSchedulable: true,
      downSince: undefined,
      evictionTimer: undefined,
      object: undefined as unknown as K8sNode,
    };
    const list = this.zoneNodes[zoneIndex] as { preferred: SimNode[] };
    node.listIndex = list.preferred.length;
    list.preferred.push(node);
    this.nodes.set(node.name, node);
    this.zoneTotalCpu[zoneIndex] = (this.zoneTotalCpu[zoneIndex] ?? 0) + node.cpu;
    this.zoneSchedulableCpu[zoneIndex] = (this.zoneSchedulableCpu[zoneIndex] ?? 0) + node.cpu;
    this.writeNode(node, 'ADDED');
  }

  /** Adds a workload and its pods (and its PodDisruptionBudget); pods of Deployments and StatefulSets are queued for scheduling. */
  addWorkload(spec: SimWorkloadSpec): void {
    const uid = this.newUid();
    const kind = spec.kind;
    const workload: SimWorkload = {
      id: this.workloads.length,
      kind,
      namespace: spec.namespace,
      name: spec.name,
      labels: { app: spec.name },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: kind === 'Deployment' ? 'ReplicaSet' : kind,
          name: kind === 'Deployment' ? `${spec.name}-7d4b9c` : spec.name,
          uid,
          controller: true,
        },
      ],
      containers: [
        {
          name: spec.name,
          image: `registry.example/${spec.namespace}/${spec.name}:1.0`,
          resources: {
            requests: {
              cpu: formatMillicores(spec.cpu * 1000),
              memory: formatMebibytes(spec.memory / 2 ** 20),
            },
          },
        },
      ],
      cpu: Math.round(spec.cpu * 1000) / 1000,
      memory: Math.round(spec.memory / 2 ** 20) * 2 ** 20,
      graceSeconds: spec.graceSeconds,
      termination: spec.termination,
      readiness: spec.readiness,
      replicas: kind === 'DaemonSet' ? this.nodes.size : spec.replicas,
      firstLineage: this.lineageCounter,
      pods: new Set(),
      created: 0,
      zoneCounts: this.zones.map(() => 0),
      active: 0,
      healthy: 0,
      pdbs: [],
      pull: spec.pull,
      imageCachedProbability: spec.imageCachedProbability ?? 1,
    };
    this.workloads.push(workload);
    let namespaceWorkloads = this.workloadsByNamespace.get(workload.namespace);
    if (!namespaceWorkloads) {
      namespaceWorkloads = [];
      this.workloadsByNamespace.set(workload.namespace, namespaceWorkloads);
    }
    namespaceWorkloads.push(workload);
    for (const key in workload.labels) {
      const bucket = labelBucket(workload.namespace, key, workload.labels[key] as string);
      const list = this.workloadsByLabel.get(bucket);
      if (list) list.push(workload);
      else this.workloadsByLabel.set(bucket, [workload]);
    }
    if (kind === 'DaemonSet') {
      for (const node of this.nodes.values()) {
        const pod = this.createPod(workload, this.lineageCounter++);
        this.bindPod(pod, node);
        this.setPodReady(pod, true);
      }
    } else {
      for (let i = 0; i < spec.replicas; i++) this.createPod(workload, this.lineageCounter++);
    }
    for (const pdb of this.candidatePdbs(workload)) {
      if (pdb.namespace === workload.namespace && matchesLabelSelector(pdb.selector, workload.labels))
        this.attach(pdb, workload);
    }
    if (spec.pdb) {
      this.addPodDisruptionBudget({
        namespace: spec.namespace,
        name: spec.name,
        selector: { matchLabels: workload.labels },
        ...spec.pdb,
      });
    }
  }

  /** Adds a PodDisruptionBudget covering the matching workloads of its namespace. */
  addPodDisruptionBudget(spec: SimPdbSpec): void {
    const pdb: SimPdb = {
      uid: this.newUid(),
      name: spec.name,
      namespace: spec.namespace,
      selector: spec.selector,
      workloads: [],
      minAvailable: spec.minAvailable,
      maxUnavailable: spec.maxUnavailable,
      unhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy,
      disruptedPods: new Map(),
      disruptionsAllowed: 0,
      currentHealthy: 0,
      healthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      recompute: undefined,
      object: undefined as unknown as K8sPodDisruptionBudget,
    };
    this.pdbs.set(`${pdb.namespace}/${pdb.name}`, pdb);
    let namespacePdbs = this.pdbsByNamespace.get(pdb.namespace);
    if (!namespacePdbs) {
      namespacePdbs = new Map();
      this.pdbsByNamespace.set(pdb.namespace, namespacePdbs);
    }
    // A Map like `pdbs`: a budget added again under its name keeps its place.
    if (namespacePdbs.has(pdb.name)) this.pdbBucketsInOrder = false;
    namespacePdbs.set(pdb.name, pdb);
    this.pdbOrder.set(pdb, this.pdbOrder.size);
    const label = firstMatchLabel(pdb.selector.matchLabels);
    const bucket =
      label === undefined
        ? undefined
        : labelBucket(
            pdb.namespace,
            label,
            (pdb.selector.matchLabels as Record<string, string>)[label] as string,
          );
    const list = bucket === undefined ? this.pdbsWithoutLabels : this.pdbsByLabel;
    const listKey = bucket ?? pdb.namespace;
    const found = list.get(listKey);
    if (found) found.push(pdb);
    else list.set(listKey, [pdb]);
    // A workload it covers has the pair of `bucket`.
    const workloads =
      bucket === undefined
        ? (this.workloadsByNamespace.get(pdb.namespace) ?? [])
        : (this.workloadsByLabel.get(bucket) ?? []);
    for (const workload of workloads) {
      if (workload.namespace === pdb.namespace && matchesLabelSelector(pdb.selector, workload.labels))
        this.attach(pdb, workload);
    }
    this.refreshDesired(pdb);
    if (!this.building) this.recomputePdb(pdb, true);
  }

  /**
   * The budgets of a workload's namespace that can cover it, in the order they were added: those
   * indexed under one of its labels and those without `matchLabels`.
   */
  private candidatePdbs(workload: SimWorkload): Iterable<SimPdb> {
    if (!this.pdbBucketsInOrder) return this.pdbsByNamespace.get(workload.namespace)?.values() ?? [];
    const lists: SimPdb[][] = [];
    for (const key in workload.labels) {
      const list = this.pdbsByLabel.get(labelBucket(workload.namespace, key, workload.labels[key] as string));
      if (list) lists.push(list);
    }
    const unlabelled = this.pdbsWithoutLabels.get(workload.namespace);
    if (unlabelled) lists.push(unlabelled);
    if (lists.length <= 1) return lists[0] ?? [];
    const order = this.pdbOrder;
    return [...new Set(lists.flat())].sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
  }

  private attach(pdb: SimPdb, workload: SimWorkload): void {
    pdb.workloads.push(workload);
    workload.pdbs.push(pdb);
    pdb.healthy += workload.healthy;
    this.refreshDesired(pdb);
  }

  private refreshDesired(pdb: SimPdb): void {
    const desired = this.desiredHealthy(pdb);
    pdb.desiredHealthy = desired.desired;
    pdb.expectedPods = desired.expected;
  }

  /**
   * Places every queued pod at once and makes it Ready (the cluster's state before the rollout).
   * Returns the pods that found no node.
   */
  settle(): number {
    this.schedulerRun?.cancel();
    this.schedulerRun = undefined;
    this.runScheduler();
    for (const pod of this.pods.values()) {
      if (pod.node && !pod.ready && !pod.terminating) {
        pod.timer?.cancel();
        pod.timer = undefined;
        this.setPodReady(pod, true);
      }
    }
    if (this.building) {
      this.building = false;
      // Write every object once, without watch history: a watch starts from a list.
      for (const node of this.nodes.values()) this.writeNode(node, 'ADDED', true);
      for (const pod of this.pods.values()) this.writePod(pod, 'ADDED', true);
      for (const pdb of this.pdbs.values()) {
        pdb.recompute?.cancel();
        pdb.recompute = undefined;
        this.recomputePdb(pdb, true);
      }
      for (const store of this.kinds.values()) store.trimmedRv = this.revision;
    } else {
      for (const pdb of this.pdbs.values()) this.recomputePdb(pdb);
    }
    if (this.faults.involuntaryLossPerNodeHour > 0 && !this.involuntaryTimer) this.scheduleInvoluntaryLoss();
    return this.pendingPods.size;
  }

  // ---------------------------------------------------------------------------------------------
  // Ports

  /** A ClusterClientV1 acting as `actor` (counted, and subject to the fault profile's API errors). */
  client(actor: string): SimulatedClusterClient {
    return new SimulatedClusterClient(this, actor);
  }

  /** A NodeAgentV1 acting as `actor` (reboots it requests are attributed to it). */
  agent(actor: string): SimulatedNodeAgent {
    return new SimulatedNodeAgent(this, actor);
  }

  // ---------------------------------------------------------------------------------------------
  // Introspection (ground truth, for metrics and tests)

  /** The version a node's host runs. */
  nodeVersion(name: string): string | undefined {
    return this.nodes.get(name)?.host.version;
  }

  /** Whether a node is cordoned, and by whom. */
  nodeCordon(name: string): { unschedulable: boolean; by: string | undefined } | undefined {
    const node = this.nodes.get(name);
    return node ? { unschedulable: node.unschedulable, by: node.cordonedBy } : undefined;
  }

  /** Whether a node's host is up and its kubelet Ready. */
  nodeUp(name: string): boolean {
    const node = this.nodes.get(name);
    return node !== undefined && node.up && node.kubeletReady;
  }

  /** Calls `observer` after every change of a node (ground truth, for metrics). */
  observeNodes(observer: (node: NodeState) => void): void {
    this.nodeObservers.push(observer);
  }

  /** A node's ground truth. */
  nodeState(name: string): NodeState | undefined {
    const node = this.nodes.get(name);
    return node ? toNodeState(node) : undefined;
  }

  /** Names of all nodes. */
  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  /** Cordons a node as another actor (an operator's maintenance), without the rollout knowing. */
  cordonAs(actor: string, name: string): void {
    const node = this.nodes.get(name);
    if (!node || node.unschedulable) return;
    node.unschedulable = true;
    node.cordonedBy = actor;
    this.nodeCapacityChanged(node);
    this.writeNode(node, 'MODIFIED');
  }

  /** API requests made per actor. */
  requestStats(): {
    byActor: Record<string, { total: number; byVerb: Record<string, number> }>;
    peakPerSecond: number;
  } {
    const byActor: Record<string, { total: number; byVerb: Record<string, number> }> = {};
    for (const [actor, counts] of [...this.requestCounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      byActor[actor] = {
        total: counts.total,
        byVerb: Object.fromEntries([...counts.byVerb].sort(([a], [b]) => (a < b ? -1 : 1))),
      };
    }
    return { byActor, peakPerSecond: this.peakRequestsPerSecond };
  }

  /** Every object as Kubernetes JSON (a `v1 List`), for snapshots and `kubenode rollout plan`. */
  snapshot(): K8sList<K8sNode | K8sPod | K8sPodDisruptionBudget | K8sLease | K8sEvent> {
    const items: AnyObject[] = [];
    for (const node of this.nodes.values()) items.push(node.object);
    for (const pod of this.pods.values()) items.push(pod.object);
    for (const pdb of this.pdbs.values()) items.push(pdb.object);
    for (const lease of this.leases.values()) items.push(lease);
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.revision) }, items };
  }

  /** Stored Events (newest last). */
  recordedEvents(): K8sEvent[] {
    return [...this.events.values()];
  }

  /** Removes every pending timer the cluster owns that would keep the simulation alive. */
  quiesce(): void {
    this.involuntaryTimer?.cancel();
    this.involuntaryTimer = undefined;
    for (const store of this.kinds.values()) {
      for (const watcher of store.watchers) {
        watcher.drop?.cancel();
        watcher.drop = undefined;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // API implementation (used by the client wrapper)

  /**
   * Counts `count` requests of `actor` that an emulation models without performing them (e.g. a
   * controller's no-op GET+UPDATE per node), so API load figures stay honest.
   */
  countRequests(actor: string, verb: string, count: number): void {
    let counts = this.requestCounts.get(actor);
    if (!counts) {
      counts = { total: 0, byVerb: new Map() };
      this.requestCounts.set(actor, counts);
    }
    counts.total += count;
    counts.byVerb.set(verb, (counts.byVerb.get(verb) ?? 0) + count);
  }

  /** @internal Counts a request and applies injected transient errors. */
  request(actor: string, verb: string, request: string): void {
    let counts = this.requestCounts.get(actor);
    if (!counts) {
      counts = { total: 0, byVerb: new Map() };
      this.requestCounts.set(actor, counts);
    }
    counts.total++;
    counts.byVerb.set(verb, (counts.byVerb.get(verb) ?? 0) + 1);
    const second = Math.floor(this.engine.now / 1000);
    if (second !== this.requestSecond) {
      this.requestSecond = second;
      this.requestsThisSecond = 0;
    }
    this.requestsThisSecond++;
    if (this.requestsThisSecond > this.peakRequestsPerSecond)
      this.peakRequestsPerSecond = this.requestsThisSecond;
    if (this.faults.apiErrorRate > 0 && this.faultRandom.bernoulli(this.faults.apiErrorRate)) {
      if (this.faultRandom.bernoulli(0.5))
        throw simulatedApiError(
          request,
          500,
          'InternalError',
          'an error on the server ("etcdserver: request timed out") has prevented the request from succeeding',
        );
      throw simulatedApiError(
        request,
        429,
        'TooManyRequests',
        'The API server is handling too many requests; try again later',
        {
          retryAfterSeconds: 1,
        },
      );
    }
  }

  /** @internal */
  apiList<K extends ResourceKindV1>(kind: K, options: ListOptionsV1 = {}): K8sList<ResourceTypesV1[K]> {
    const matches = this.compileFilter(kind, options, `list ${kind}`);
    let source: Iterable<AnyObject>;
    const nodeName = /^spec\.nodeName=([^,]+)$/.exec(options.fieldSelector ?? '')?.[1];
    if (kind === 'Pod' && nodeName !== undefined) {
      const node = this.nodes.get(nodeName);
      source = node ? [...node.pods].filter((pod) => !pod.gone).map((pod) => pod.object) : [];
    } else source = this.objectsOf(kind);
    const items: AnyObject[] = [];
    for (const object of source) if (matches(object)) items.push(object);
    return {
      apiVersion:
        kind === 'PodDisruptionBudget' ? 'policy/v1' : kind === 'Lease' ? 'coordination.k8s.io/v1' : 'v1',
      kind: `${kind}List`,
      metadata: { resourceVersion: String(this.revision) },
      items: items as unknown as ResourceTypesV1[K][],
    };
  }

  /** @internal */
  apiWatch<K extends ResourceKindV1>(
    kind: K,
    options: WatchOptionsV1,
    onEvent: (event: WatchEventV1<ResourceTypesV1[K]>) => void,
  ): WatchHandleV1 {
    const store = this.kinds.get(kind) as KindStore;
    const matches = this.compileFilter(kind, options, `watch ${kind}`);
    const from = Number(options.resourceVersion);
    let resolveDone!: () => void;
    let rejectDone!: (error: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      resolveDone = resolve;
      rejectDone = reject;
    });
    let finished = false;
    const watcher: SimWatcher = {
      kind,
      matches,
      next: 0,
      onEvent: onEvent as (event: WatchEventV1<AnyObject>) => void,
      finish: (error) => {
        if (finished) return;
        finished = true;
        store.watchers.delete(watcher);
        watcher.drop?.cancel();
        if (error) rejectDone(error);
        else resolveDone();
      },
      drop: undefined,
    };
    const expired = () =>
      simulatedApiError(
        `watch ${kind}`,
        410,
        'Expired',
        `too old resource version: ${options.resourceVersion} (${store.trimmedRv})`,
      );
    if (!Number.isFinite(from) || from < store.trimmedRv) {
      // Reported asynchronously, as a real watch would.
      this.engine.after(this.watchLatency, () => watcher.finish(expired()));
      return { stop: () => watcher.finish(), done };
    }
    // First history entry after `from`.
    const history = store.history;
    let lo = 0;
    let hi = history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((history[mid] as HistoryEntry).rv <= from) lo = mid + 1;
      else hi = mid;
    }
    watcher.next = store.offset + lo;
    store.watchers.add(watcher);
    if (lo < history.length) this.scheduleFlush(kind, store);
    if (this.faults.watchDropPerSecond > 0) {
      watcher.drop = this.engine.after(
        this.faultRandom.exponential(1 / this.faults.watchDropPerSecond) * 1000,
        () => watcher.finish(),
      );
    }
    const onAbort = () => watcher.finish();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    void done.then(
      () => options.signal?.removeEventListener('abort', onAbort),
      () => options.signal?.removeEventListener('abort', onAbort),
    );
    return { stop: () => watcher.finish(), done };
  }

  /** @internal */
  apiGetNode(name: string): K8sNode {
    const node = this.nodes.get(name);
    if (!node) throw notFound(`get nodes/${name}`, 'nodes', name);
    return node.object;
  }

  /** @internal */
  apiPatchNode(actor: string, name: string, patch: NodeMergePatchV1): K8sNode {
    const request = `patch nodes/${name}`;
    const node = this.nodes.get(name);
    if (!node) throw notFound(request, 'nodes', name);
    const expected = patch.metadata?.resourceVersion;
    if (expected !== undefined) {
      if (this.faults.conflictRate > 0 && this.faultRandom.bernoulli(this.faults.conflictRate)) {
        // A concurrent writer (e.g. a kubelet status update) got there first.
        this.writeNode(node, 'MODIFIED');
      }
      if (expected !== node.object.metadata.resourceVersion) throw conflict(request, 'nodes', name);
    }
    let changed = false;
    for (const [key, value] of Object.entries(patch.metadata?.labels ?? {})) {
      if (value === null) {
        if (key in node.labels) {
          delete node.labels[key];
          changed = true;
        }
      } else if (node.labels[key] !== value) {
        node.labels[key] = value;
        changed = true;
      }
    }
    if (patch.metadata?.annotations) {
      const annotations = { ...node.annotations };
      for (const [key, value] of Object.entries(patch.metadata.annotations)) {
        if (value === null) {
          if (key in annotations) {
            delete annotations[key];
            changed = true;
          }
        } else if (annotations[key] !== value) {
          annotations[key] = value;
          changed = true;
        }
      }
      node.annotations = annotations;
    }
    let capacity = false;
    if (patch.spec && 'unschedulable' in patch.spec) {
      const unschedulable = patch.spec.unschedulable === true;
      if (unschedulable !== node.unschedulable) {
        node.unschedulable = unschedulable;
        node.cordonedBy = unschedulable ? actor : undefined;
        changed = true;
        capacity = true;
      }
    }
    if (patch.spec && 'taints' in patch.spec) {
      const taints = (patch.spec.taints ?? []).filter((taint) => !taint.key.startsWith(SYSTEM_TAINT_PREFIX));
      if (JSON.stringify(taints) !== JSON.stringify(node.taints)) {
        node.taints = taints;
        changed = true;
        this.updatePreference(node);
      }
    }
    if (!changed) return node.object;
    if (capacity) this.nodeCapacityChanged(node);
    else this.refreshDisrupted(node);
    this.writeNode(node, 'MODIFIED');
    return node.object;
  }

  /** @internal */
  apiEvict(actor: string, eviction: EvictionV1): void {
    // Only an error names the request: built when one is thrown.
    const request = () => `create pods/${eviction.name}/eviction -n ${eviction.namespace}`;
    const pod = this.pods.get(`${eviction.namespace}/${eviction.name}`);
    if (!pod || pod.gone) throw notFound(request(), 'pods', eviction.name);
    if (eviction.uid !== undefined && eviction.uid !== pod.uid)
      throw simulatedApiError(
        request(),
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${eviction.uid}, UID in object meta: ${pod.uid}`,
      );
    // As the Eviction API (canIgnorePDB): a pod already terminating, or not running yet (Pending,
    // not bound), is deleted with the eviction's options without a budget check.
    if (pod.terminating) {
      this.shortenTermination(pod, eviction.gracePeriodSeconds);
      return;
    }
    const pdbs = pod.workload.pdbs;
    if (!pod.node || pdbs.length === 0) {
      this.startTermination(pod, actor, eviction.gracePeriodSeconds, 'evict');
      return;
    }
    if (pdbs.length > 1)
      throw simulatedApiError(
        request(),
        500,
        'InternalError',
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    const pdb = pdbs[0] as SimPdb;
    // A pod that is not Ready may go without using a disruption under AlwaysAllow, or under the
    // default IfHealthyBudget while the budget is healthy and wants a healthy pod (desiredHealthy > 0);
    // otherwise it needs one, as a Ready pod does (checkAndDecrement).
    if (
      !pod.ready &&
      (pdb.unhealthyPodEvictionPolicy === 'AlwaysAllow' ||
        (pdb.currentHealthy >= pdb.desiredHealthy && pdb.desiredHealthy > 0))
    ) {
      this.startTermination(pod, actor, eviction.gracePeriodSeconds, 'evict');
      return;
    }
    if (pdb.disruptionsAllowed > 0) {
      pdb.disruptionsAllowed--;
      pdb.disruptedPods.set(pod.name, this.engine.now);
      this.writePdb(pdb, 'MODIFIED');
      this.startTermination(pod, actor, eviction.gracePeriodSeconds, 'evict');
      return;
    }
    throw simulatedApiError(
      request(),
      429,
      'TooManyRequests',
      "Cannot evict pod as it would violate the pod's disruption budget.",
      {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: `The disruption budget ${pdb.name} needs ${pdb.desiredHealthy} healthy pods and has ${pdb.currentHealthy} currently`,
          },
        ],
      },
    );
  }

  /** @internal */
  apiDeletePod(actor: string, deletion: PodDeletionV1): void {
    const request = `delete pods/${deletion.name} -n ${deletion.namespace}`;
    const pod = this.pods.get(`${deletion.namespace}/${deletion.name}`);
    if (!pod || pod.gone) throw notFound(request, 'pods', deletion.name);
    if (deletion.uid !== undefined && deletion.uid !== pod.uid)
      throw simulatedApiError(
        request,
        409,
        'Conflict',
        `Precondition failed: UID in precondition: ${deletion.uid}, UID in object meta: ${pod.uid}`,
      );
    if (pod.terminating) {
      this.shortenTermination(pod, deletion.gracePeriodSeconds);
      return;
    }
    if (pod.node) this.reportKill(pod, actor);
    if (deletion.gracePeriodSeconds === 0) {
      this.startTermination(pod, actor, 0, 'delete');
      this.removePod(pod);
      return;
    }
    this.startTermination(pod, actor, deletion.gracePeriodSeconds, 'delete');
  }

  /** @internal */
  apiGetLease(namespace: string, name: string): K8sLease {
    const lease = this.leases.get(`${namespace}/${name}`);
    if (!lease) throw notFound(`get leases/${name} -n ${namespace}`, 'leases.coordination.k8s.io', name);
    return lease;
  }

  /** @internal */
  apiCreateLease(lease: K8sLease): K8sLease {
    const namespace = lease.metadata.namespace ?? 'default';
    const key = `${namespace}/${lease.metadata.name}`;
    if (this.leases.has(key))
      throw simulatedApiError(
        `create leases -n ${namespace}`,
        409,
        'AlreadyExists',
        `leases.coordination.k8s.io "${lease.metadata.name}" already exists`,
      );
    const stored: K8sLease = {
      ...lease,
      metadata: {
        ...lease.metadata,
        namespace,
        uid: this.newUid(),
        resourceVersion: String(++this.revision),
        creationTimestamp: rfc3339(this.engine.now),
      },
    };
    this.leases.set(key, stored);
    this.emit('Lease', 'ADDED', stored, undefined);
    return stored;
  }

  /** @internal */
  apiUpdateLease(lease: K8sLease): K8sLease {
    const namespace = lease.metadata.namespace ?? 'default';
    const key = `${namespace}/${lease.metadata.name}`;
    const request = `update leases/${lease.metadata.name} -n ${namespace}`;
    const current = this.leases.get(key);
    if (!current) throw notFound(request, 'leases.coordination.k8s.io', lease.metadata.name);
    if (lease.metadata.resourceVersion !== current.metadata.resourceVersion)
      throw conflict(request, 'leases.coordination.k8s.io', lease.metadata.name);
    const stored: K8sLease = {
      ...lease,
      metadata: {
        ...current.metadata,
        ...lease.metadata,
        uid: current.metadata.uid,
        resourceVersion: String(++this.revision),
      },
    };
    this.leases.set(key, stored);
    this.emit('Lease', 'MODIFIED', stored, current);
    return stored;
  }

  /** @internal */
  apiCreateEvent(event: K8sEvent): K8sEvent {
    const namespace = event.metadata.namespace ?? 'default';
    const name = event.metadata.name || `${event.involvedObject.name}.${(++this.uidCounter).toString(16)}`;
    // Like the API server: a name already taken in the namespace is 409 AlreadyExists.
    if (this.events.has(`${namespace}/${name}`))
      throw simulatedApiError(
        `create events -n ${namespace}`,
        409,
        'AlreadyExists',
        `events "${name}" already exists`,
      );
    const stored: K8sEvent = {
      ...event,
      metadata: {
        ...event.metadata,
        name,
        namespace,
        uid: this.newUid(),
        resourceVersion: String(++this.revision),
        creationTimestamp: rfc3339(this.engine.now),
      },
    };
    this.events.set(`${namespace}/${name}`, stored);
    this.emit('Event', 'ADDED', stored, undefined);
    return stored;
  }

  /** @internal Runs an update step on a node's host. */
  apiRunStep(
    actor: string,
    nodeName: string,
    step: UpdateStepV1,
    signal?: AbortSignal,
    bootID?: string,
  ): Promise<StepOutputV1> {
    const node = this.nodes.get(nodeName);
    return new Promise<StepOutputV1>((resolve, reject) => {
      const fail = (failure: 'unreachable' | 'timeout', detail: string) =>
        new NodeAgentError({ node: nodeName, phase: step.phase, failure, detail });
      if (!node || !node.up) {
        // The agent's connection attempt times out.
        this.engine.after(10_000, () => reject(fail('unreachable', 'connection timed out')));
        return;
      }
      const host = node.host;
      if (bootID !== undefined && bootID !== host.bootID) {
        // As the node agent: a step fenced to another boot is refused.
        this.engine.after(1000, () =>
          resolve({
            exitCode: 126,
            stdout: '',
            stderr: `the node agent refused the step: the request is for boot ${bootID}, the host runs boot ${host.bootID}\n`,
          }),
        );
        return;
      }
      const rng = Random.derive(this.seed, 'step', nodeName, step.phase, host.reboots, host.boots);
      let seconds: number;
      let effect: () => StepOutputV1;
      switch (step.phase) {
        case 'detect':
          seconds = rng.uniform(1, 3);
          effect = () => this.detectOutput(node);
          break;
        case 'stage':
          seconds =
            host.reboots === 0 && host.staged === undefined
              ? host.timing.stage
              : sample(host.profile.stageSeconds, rng);
          effect = () => {
            if (this.faults.stageFailure > 0 && rng.bernoulli(this.faults.stageFailure))
              return { exitCode: 1, stdout: '', stderr: 'download failed: connection reset by peer\n' };
            host.staged = host.profile.toVersion;
            if (host.profile.updateKind === 'ab-partition') host.nextBoot = host.staged;
            return { exitCode: 0, stdout: `staged ${host.staged}\n`, stderr: '' };
          };
          break;
        case 'apply':
          seconds = host.reboots === 0 ? host.timing.apply : sample(host.profile.applySeconds, rng);
          effect = () => {
            if (host.profile.updateKind === 'package-manager') {
              if (host.staged === undefined)
                return { exitCode: 100, stdout: '', stderr: 'E: packages not downloaded\n' };
              host.installed = host.staged;
            } else if (host.staged === undefined) {
              return { exitCode: 1, stdout: '', stderr: 'no update staged\n' };
            }
            return { exitCode: 0, stdout: '', stderr: '' };
          };
          break;
        case 'reboot':
          seconds = 0.5;
          effect = () => {
            this.engine.after(1000, () => this.beginReboot(node, actor));
            return { exitCode: 0, stdout: '', stderr: '' };
          };
          break;
        case 'verify':
          seconds = 1;
          effect = () =>
            host.version === host.profile.toVersion
              ? { exitCode: 0, stdout: `running ${host.version}\n`, stderr: '' }
              : {
                  exitCode: 1,
                  stdout: `running ${host.version}\n`,
                  stderr: `expected ${host.profile.toVersion}\n`,
                };
          break;
        case 'rollback':
          seconds = 2;
          effect = () => {
            if (!host.profile.rollback)
              return { exitCode: 1, stdout: '', stderr: 'rollback not supported\n' };
            host.nextBoot = host.profile.fromVersion;
            host.staged = undefined;
            host.installed = undefined;
            return { exitCode: 0, stdout: `next boot: ${host.profile.fromVersion}\n`, stderr: '' };
          };
          break;
      }
      let steps = this.pendingSteps.get(node);
      if (!steps) {
        steps = new Set();
        this.pendingSteps.set(node, steps);
      }
      const active = steps;
      const timeoutMs = step.timeoutSeconds * 1000;
      const durationMs = seconds * 1000;
      const finish = () => {
        active.delete(pending);
        signal?.removeEventListener('abort', onAbort);
      };
      const timer = this.engine.after(Math.min(durationMs, timeoutMs), () => {
        finish();
        if (durationMs > timeoutMs) reject(fail('timeout', `after ${step.timeoutSeconds} s`));
        else resolve(effect());
      });
      const onAbort = () => {
        timer.cancel();
        finish();
        reject(signal?.reason);
      };
      const pending: PendingStep = {
        phase: step.phase,
        reject: (error) => {
          timer.cancel();
          finish();
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      active.add(pending);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Hosts

  private detectOutput(node: SimNode): StepOutputV1 {
    const host = node.host;
    const target = host.profile.toVersion;
    if (host.profile.updateKind === 'ab-partition') {
      const op =
        host.version === target
          ? 'UPDATE_STATUS_IDLE'
          : host.staged === target
            ? 'UPDATE_STATUS_UPDATED_NEED_REBOOT'
            : 'UPDATE_STATUS_UPDATE_AVAILABLE';
      return {
        exitCode: 0,
        stdout: [
          `LAST_CHECKED_TIME=${Math.floor(this.engine.now / 1000)}`,
          `PROGRESS=${op === 'UPDATE_STATUS_UPDATED_NEED_REBOOT' ? '1.000000' : '0.000000'}`,
          `CURRENT_OP=${op}`,
          `NEW_VERSION=${host.version === target ? '0.0.0' : target}`,
          `NEW_SIZE=${host.version === target ? 0 : 486_539_264}`,
          '',
        ].join('\n'),
        stderr: '',
      };
    }
    const kernelNow = host.profile.kernelVersion(host.version);
    const kernelNew = host.profile.kernelVersion(target);
    const lines = [
      'NOTE: This is only a simulation!',
      'Reading package lists...',
      'Building dependency tree...',
      'Calculating upgrade...',
    ];
    if (host.version !== target && host.installed !== target) {
      const [, abi] = /^(\d+\.\d+\.\d+-\d+)/.exec(kernelNew) ?? [undefined, kernelNew];
      lines.push(
        '2 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.',
        `Inst linux-image-${kernelNew} (${abi} Debian-Security:${target}/stable-security [amd64])`,
        `Inst linux-image-amd64 [${kernelNow}] (${abi} Debian-Security:${target}/stable-security [amd64])`,
        `Inst base-files [${host.version}] (${target} Debian:${target}/stable [amd64])`,
        `Conf linux-image-${kernelNew} (${abi} Debian-Security:${target}/stable-security [amd64])`,
      );
    } else lines.push('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.');
    if (host.installed !== undefined && host.installed !== host.version)
      lines.push('*** System restart required ***');
    return { exitCode: 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
  }

  /** @internal Starts a reboot of a node's host, attributed to `actor`. */
  beginReboot(node: SimNode, actor: string): void {
    const host = node.host;
    if (host.rebooting || !node.up) return;
    host.rebooting = true;
    host.rebootBy = actor;
    const total =
      host.reboots === 0
        ? host.timing.reboot
        : sample(host.profile.rebootSeconds, Random.derive(this.seed, 'reboot', node.name, host.reboots));
    host.reboots++;
    const shutdown = total * 0.2 * 1000;
    const boot = total * 0.4 * 1000;
    const kubelet = total * 0.4 * 1000;
    this.engine.after(shutdown, () => {
      this.hostDown(node, actor);
      const tryNew =
        host.profile.updateKind === 'ab-partition'
          ? (host.nextBoot ?? host.version)
          : (host.installed ?? host.version);
      const attemptsNew = tryNew !== host.version;
      if (host.neverReturns && attemptsNew) return;
      let delay = boot;
      let version = tryNew;
      if (attemptsNew && host.failBoot) {
        // The new image does not come up: the watchdog resets, and the boot loader falls back (A/B),
        // or — without A/B — the old kernel is booted from the boot menu's fallback entry.
        host.failBoot = false;
        delay += boot + 30_000;
        version = host.version;
        host.staged = undefined;
        host.installed = undefined;
        host.nextBoot = undefined;
      }
      this.engine.after(delay, () => {
        host.version = version;
        if (host.staged === version) host.staged = undefined;
        if (host.installed === version) host.installed = undefined;
        host.nextBoot = undefined;
        host.boots++;
        host.bootID = this.newBootId();
        this.engine.after(kubelet, () => this.kubeletUp(node));
      });
    });
  }

  private hostDown(node: SimNode, actor: string): void {
    if (!node.up) return;
    node.up = false;
    node.kubeletReady = false;
    node.downSince = this.engine.now;
    node.host.rebootBy = actor;
    for (const step of [...(this.pendingSteps.get(node) ?? [])])
      step.reject(
        new NodeAgentError({
          node: node.name,
          phase: step.phase,
          failure: 'unreachable',
          detail: 'node went down',
        }),
      );
    for (const pod of [...node.pods]) {
      if (pod.gone) continue;
      pod.timer?.cancel();
      pod.timer = undefined;
      if (pod.terminating) {
        this.removePod(pod);
        continue;
      }
      if (pod.ready) {
        if (pod.workload.kind !== 'DaemonSet') this.reportKill(pod, actor);
        this.setPodReady(pod, false);
      }
    }
    this.nodeCapacityChanged(node);
    this.refreshDisrupted(node);
    const downAt = node.downSince;
    this.engine.after(this.gracePeriod * 1000, () => {
      if (node.kubeletReady || node.downSince !== downAt) return;
      node.readyStatus = 'Unknown';
      node.readyTransition = this.engine.now;
      this.writeNode(node, 'MODIFIED');
      node.evictionTimer = this.engine.after(this.evictionTimeout * 1000, () => {
        node.evictionTimer = undefined;
        if (node.kubeletReady) return;
        // Taint-based eviction (node.kubernetes.io/unreachable:NoExecute, tolerationSeconds 300).
        for (const pod of [...node.pods]) {
          if (pod.gone || pod.workload.kind === 'DaemonSet') continue;
          if (!pod.terminating) this.startTermination(pod, 'node-lifecycle-controller', 0, 'delete');
          this.removePod(pod);
        }
      });
    });
  }

  private kubeletUp(node: SimNode): void {
    node.up = true;
    node.kubeletReady = true;
    node.downSince = undefined;
    node.evictionTimer?.cancel();
    node.evictionTimer = undefined;
    node.host.rebooting = false;
    if (node.readyStatus !== 'True') {
      node.readyStatus = 'True';
      node.readyTransition = this.engine.now;
    }
    node.annotations = { ...node.annotations, 'kubenode.dev/agent-os-version': node.host.version };
    const rng = Random.derive(this.seed, 'kubelet', node.name, node.host.boots);
    for (const pod of node.pods) {
      if (pod.gone || pod.terminating || pod.ready) continue;
      const seconds =
        pod.workload.kind === 'DaemonSet'
          ? node.host.reboots <= 1
            ? rng.uniform(0.2, 1) * node.host.timing.daemonSets
            : sample(node.host.profile.daemonSetReadySeconds, rng)
          : pod.readySeconds;
      pod.timer = this.engine.after(seconds * 1000, () => {
        pod.timer = undefined;
        this.setPodReady(pod, true);
      });
    }
    this.nodeCapacityChanged(node);
    this.refreshDisrupted(node);
    this.writeNode(node, 'MODIFIED');
  }

  private scheduleInvoluntaryLoss(): void {
    const rate = (this.faults.involuntaryLossPerNodeHour * this.nodes.size) / 3_600_000;
    if (rate <= 0) return;
    this.involuntaryTimer = this.engine.after(this.involuntaryRandom.exponential(1 / rate), () => {
      const names = [...this.nodes.keys()];
      const node = this.nodes.get(this.involuntaryRandom.pick(names)) as SimNode;
      if (node.up && !node.host.rebooting) {
        node.host.rebooting = true;
        this.hostDown(node, 'involuntary');
        this.engine.after(this.involuntaryRandom.uniform(600, 1800) * 1000, () => {
          node.host.boots++;
          node.host.bootID = this.newBootId();
          this.kubeletUp(node);
        });
      }
      this.scheduleInvoluntaryLoss();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Pods

  private createPod(workload: SimWorkload, lineage: number): SimPod {
    const index = workload.created++;
    const rng = Random.derive(this.seed, 'pod', workload.id, index);
    const name =
      workload.kind === 'StatefulSet'
        ? `${workload.name}-${lineage - workload.firstLineage}`
        : `${workload.name}-${index.toString(36).padStart(5, '0')}`;
    const readySeconds =
      sample(workload.readiness, rng) +
      (workload.pull && !rng.bernoulli(workload.imageCachedProbability) ? sample(workload.pull, rng) : 0);
    const pod: SimPod = {
      uid: this.newUid(),
      name,
      workload,
      lineage,
      createdAt: this.engine.now,
      terminationSeconds: Math.min(sample(workload.termination, rng), workload.graceSeconds),
      readySeconds,
      stuck: this.faults.stuckTermination > 0 && rng.bernoulli(this.faults.stuckTermination),
      node: undefined,
      ready: false,
      terminating: false,
      deletionAt: undefined,
      deletionGrace: undefined,
      gone: false,
      timer: undefined,
      object: undefined as unknown as K8sPod,
      spec: undefined,
      createdText: undefined,
    };
    workload.pods.add(pod);
    workload.active++;
    this.pods.set(`${workload.namespace}/${name}`, pod);
    this.podsByUid.set(pod.uid, pod);
    this.pendingPods.add(pod);
    this.monitor?.pendingChanged(this.engine.now, 1);
    this.writePod(pod, 'ADDED');
    this.requestScheduling();
    return pod;
  }

  private bindPod(pod: SimPod, node: SimNode): void {
    if (this.pendingPods.delete(pod)) this.monitor?.pendingChanged(this.engine.now, -1);
    pod.node = node;
    node.pods.add(pod);
    node.requestedCpu += pod.workload.cpu;
    node.requestedMemory += pod.workload.memory;
    pod.workload.zoneCounts[node.zoneIndex] = (pod.workload.zoneCounts[node.zoneIndex] ?? 0) + 1;
    this.writePod(pod, 'MODIFIED');
  }

  private setPodReady(pod: SimPod, ready: boolean): void {
    if (pod.ready === ready) return;
    pod.ready = ready;
    if (!pod.terminating) this.changeHealthy(pod.workload, ready ? 1 : -1);
    this.writePod(pod, 'MODIFIED');
  }

  private changeHealthy(workload: SimWorkload, delta: number): void {
    workload.healthy += delta;
    for (const pdb of workload.pdbs) {
      const before = Math.max(0, pdb.desiredHealthy - pdb.healthy);
      pdb.healthy += delta;
      const after = Math.max(0, pdb.desiredHealthy - pdb.healthy);
      this.monitor?.deficitChanged(this.engine.now, after - before);
      this.schedulePdbRecompute(pdb);
    }
  }

  /** Reports a pod killed without an approved eviction (reboot with the pod running, deletion). */
  private reportKill(pod: SimPod, actor: string): void {
    if (!this.monitor) return;
    const pdbs = pod.workload.pdbs;
    const violates = pod.ready && pdbs.some((pdb) => pdb.healthy - 1 < pdb.desiredHealthy);
    this.monitor.podKilled(actor, pdbs.length > 0, violates);
  }

  private startTermination(
    pod: SimPod,
    actor: string,
    graceOverride: number | undefined,
    how: 'evict' | 'delete',
  ): void {
    if (pod.terminating) return;
    if (how === 'evict') {
      const count = (this.evictionCounts.get(pod.lineage) ?? 0) + 1;
      this.evictionCounts.set(pod.lineage, count);
      this.monitor?.evicted(actor, pod.lineage);
    }
    const workload = pod.workload;
    const grace = graceOverride ?? workload.graceSeconds;
    pod.terminating = true;
    pod.deletionAt = this.engine.now;
    pod.deletionGrace = grace;
    if (pod.ready) {
      pod.ready = false;
      this.changeHealthy(workload, -1);
    } else for (const pdb of workload.pdbs) this.schedulePdbRecompute(pdb);
    workload.active--;
    if (pod.node)
      workload.zoneCounts[pod.node.zoneIndex] = (workload.zoneCounts[pod.node.zoneIndex] ?? 1) - 1;
    pod.timer?.cancel();
    pod.timer = undefined;
    this.writePod(pod, 'MODIFIED');
    if (!pod.node) {
      this.removePod(pod);
      return;
    }
    // A ReplicaSet replaces a terminating pod at once; a StatefulSet only once it is gone.
    if (workload.kind === 'Deployment' && workload.active < workload.replicas)
      this.createPod(workload, pod.lineage);
    if (pod.stuck && grace !== 0) return;
    this.scheduleRemoval(pod, Math.min(pod.terminationSeconds, grace) * 1000);
  }

  /**
   * A further deletion (or eviction) of a terminating pod, as the API server takes it: its grace
   * period may only shorten the one in force, counted from the first deletion, and 0 deletes the
   * object at once; a longer one, or none, changes nothing. The kubelet kills by the shorter one.
   */
  private shortenTermination(pod: SimPod, grace: number | undefined): void {
    if (grace === undefined || grace >= (pod.deletionGrace ?? Infinity)) return;
    pod.deletionGrace = grace;
    if (grace === 0) {
      this.removePod(pod);
      return;
    }
    this.writePod(pod, 'MODIFIED');
    if (pod.stuck) return;
    const end = (pod.deletionAt as number) + Math.min(pod.terminationSeconds, grace) * 1000;
    this.scheduleRemoval(pod, Math.max(0, end - this.engine.now));
  }

  /** Ends a terminating pod after `delayMs`, when its containers have exited. */
  private scheduleRemoval(pod: SimPod, delayMs: number): void {
    pod.timer?.cancel();
    pod.timer = this.engine.after(delayMs, () => {
      pod.timer = undefined;
      this.removePod(pod);
    });
  }

  private removePod(pod: SimPod): void {
    if (pod.gone) return;
    pod.gone = true;
    pod.timer?.cancel();
    pod.timer = undefined;
    const workload = pod.workload;
    workload.pods.delete(pod);
    if (!pod.terminating) {
      workload.active--;
      if (pod.ready) this.changeHealthy(workload, -1);
      if (pod.node)
        workload.zoneCounts[pod.node.zoneIndex] = (workload.zoneCounts[pod.node.zoneIndex] ?? 1) - 1;
    }
    if (this.pendingPods.delete(pod)) this.monitor?.pendingChanged(this.engine.now, -1);
    const node = pod.node;
    if (node) {
      node.pods.delete(pod);
      node.requestedCpu -= workload.cpu;
      node.requestedMemory -= workload.memory;
    }
    this.pods.delete(`${workload.namespace}/${pod.name}`);
    this.podsByUid.delete(pod.uid);
    // As the API server: the deletion is a new revision, and the DELETED event carries it (watches
    // resume from an event's resourceVersion; an old one would replay or skip events).
    this.emit(
      'Pod',
      'DELETED',
      { ...pod.object, metadata: { ...pod.object.metadata, resourceVersion: String(++this.revision) } },
      undefined,
    );
    for (const pdb of workload.pdbs) {
      pdb.disruptedPods.delete(pod.name);
      this.schedulePdbRecompute(pdb);
    }
    if (workload.kind === 'StatefulSet' && workload.active < workload.replicas)
      this.createPod(workload, pod.lineage);
    if (node) this.requestScheduling();
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduler

  private requestScheduling(): void {
    if (this.schedulerRun || this.pendingPods.size === 0) return;
    this.schedulerRun = this.engine.after(this.schedulerLatency, () => {
      this.schedulerRun = undefined;
      this.runScheduler();
    });
  }

  private runScheduler(): void {
    let failedCpu = Number.POSITIVE_INFINITY;
    let failedMemory = Number.POSITIVE_INFINITY;
    for (const pod of [...this.pendingPods]) {
      const { cpu, memory } = pod.workload;
      if (cpu >= failedCpu && memory >= failedMemory) continue;
      const node = this.findNode(pod);
      if (!node) {
        if (cpu < failedCpu || memory < failedMemory) {
          failedCpu = Math.min(failedCpu, cpu);
          failedMemory = Math.min(failedMemory, memory);
        }
        continue;
      }
      this.bindPod(pod, node);
      pod.timer = this.engine.after(pod.readySeconds * 1000, () => {
        pod.timer = undefined;
        if (!pod.terminating && pod.node?.kubeletReady) this.setPodReady(pod, true);
      });
    }
  }

  private findNode(pod: SimPod): SimNode | undefined {
    const workload = pod.workload;
    const counts = workload.zoneCounts;
    const lineage = pod.lineage;
    // Zones by the workload's pods in them, then by lineage: a stable insertion sort into a reused
    // array (the order any stable sort with this comparison gives, without allocating per pod).
    const zoneOrder = this.zoneOrder;
    zoneOrder.length = this.zones.length;
    for (let zone = 0; zone < zoneOrder.length; zone++) {
      let at = zone;
      for (; at > 0; at--) {
        const other = zoneOrder[at - 1] as number;
        const compared =
          (counts[other] ?? 0) - (counts[zone] ?? 0) || ((other - lineage) % 7) - ((zone - lineage) % 7);
        if (!(compared > 0)) break;
        zoneOrder[at] = other;
      }
      zoneOrder[at] = zone;
    }
    for (const list of ['preferred', 'tainted'] as const) {
      for (const zone of zoneOrder) {
        const found = this.findInList(
          this.zoneNodes[zone] as { preferred: SimNode[]; tainted: SimNode[]; cursor: number },
          list,
          workload,
        );
        if (found) return found;
      }
    }
    return undefined;
  }

  private findInList(
    zone: { preferred: SimNode[]; tainted: SimNode[]; cursor: number },
    which: 'preferred' | 'tainted',
    workload: SimWorkload,
  ): SimNode | undefined {
    const list = zone[which];
    const n = list.length;
    if (n === 0) return undefined;
    let best: SimNode | undefined;
    let bestScore = -1;
    let feasible = 0;
    const start = zone.cursor % n;
    for (let i = 0; i < n; i++) {
      const node = list[(start + i) % n] as SimNode;
      if (
        !node.kubeletReady ||
        node.unschedulable ||
        node.pods.size >= node.maxPods ||
        node.cpu - node.requestedCpu < workload.cpu ||
        node.memory - node.requestedMemory < workload.memory
      )
        continue;
      // LeastAllocated: the most free CPU share after placing the pod.
      const score = (node.cpu - node.requestedCpu - workload.cpu) / node.cpu;
      if (score > bestScore) {
        best = node;
        bestScore = score;
      }
      if (++feasible >= 8) {
        zone.cursor = start + i + 1;
        break;
      }
    }
    return best;
  }

  private updatePreference(node: SimNode): void {
    const prefer = node.taints.some((taint) => taint.effect === 'PreferNoSchedule');
    if (prefer === node.preferNoSchedule) return;
    const zone = this.zoneNodes[node.zoneIndex] as { preferred: SimNode[]; tainted: SimNode[] };
    const from = prefer ? zone.preferred : zone.tainted;
    const to = prefer ? zone.tainted : zone.preferred;
    const last = from.pop() as SimNode;
    if (last !== node) {
      from[node.listIndex] = last;
      last.listIndex = node.listIndex;
    }
    node.listIndex = to.length;
    to.push(node);
    node.preferNoSchedule = prefer;
    if (!prefer) this.requestScheduling();
  }

  private nodeCapacityChanged(node: SimNode): void {
    const zone = node.zoneIndex;
    const schedulable = node.kubeletReady && !node.unschedulable;
    if (schedulable !== node.countedSchedulable) {
      node.countedSchedulable = schedulable;
      this.zoneSchedulableCpu[zone] =
        (this.zoneSchedulableCpu[zone] ?? 0) + (schedulable ? node.cpu : -node.cpu);
      this.reportZone(zone);
    }
    this.refreshDisrupted(node);
    if (node.kubeletReady && !node.unschedulable) this.requestScheduling();
  }

  private reportZone(zone: number): void {
    const total = this.zoneTotalCpu[zone] ?? 0;
    if (total > 0)
      this.monitor?.zoneCapacity(this.engine.now, zone, (100 * (this.zoneSchedulableCpu[zone] ?? 0)) / total);
  }

  private refreshDisrupted(node: SimNode): void {
    if (!this.monitor) return;
    const actor = this.monitor.orchestrator;
    // A failed node an operator acknowledged (kubenode.dev/acknowledged) is the operator's now.
    const acknowledged = node.annotations['kubenode.dev/acknowledged'] === 'true';
    const disrupted =
      (node.unschedulable && node.cordonedBy === actor) ||
      (!node.kubeletReady && node.host.rebootBy === actor && !acknowledged);
    const was = this.disruptedNodes.has(node);
    if (disrupted && !was) {
      this.disruptedNodes.add(node);
      this.monitor.disruptedChanged(1);
    } else if (!disrupted && was) {
      this.disruptedNodes.delete(node);
      this.monitor.disruptedChanged(-1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Disruption controller

  private desiredHealthy(pdb: SimPdb): { desired: number; expected: number } {
    let replicas = 0;
    for (const workload of pdb.workloads) replicas += workload.replicas;
    if (pdb.maxUnavailable !== undefined) {
      const unavailable = scaleIntOrPercent(pdb.maxUnavailable, replicas, true) ?? 0;
      return { desired: Math.max(0, replicas - unavailable), expected: replicas };
    }
    if (pdb.minAvailable !== undefined) {
      return { desired: scaleIntOrPercent(pdb.minAvailable, replicas, true) ?? replicas, expected: replicas };
    }
    // policy/v1 with neither field: the disruption controller counts no expected pods, and a
    // budget that expects none allows no disruption.
    return { desired: 0, expected: 0 };
  }

  private schedulePdbRecompute(pdb: SimPdb): void {
    if (pdb.recompute || this.building) return;
    const lag = this.random.uniform(this.pdbLag[0], this.pdbLag[1]) * 1000;
    pdb.recompute = this.engine.after(lag, () => {
      pdb.recompute = undefined;
      this.recomputePdb(pdb);
    });
  }

  private recomputePdb(pdb: SimPdb, quiet = false): void {
    const now = this.engine.now;
    for (const [name, at] of pdb.disruptedPods) {
      const pod = this.pods.get(`${pdb.namespace}/${name}`);
      // Dropped once the pod is seen terminating or gone, or after the 2-minute DeletionTimeout.
      if (!pod || pod.terminating || now - at > 120_000) pdb.disruptedPods.delete(name);
    }
    let healthy = pdb.healthy;
    for (const name of pdb.disruptedPods.keys()) {
      const pod = this.pods.get(`${pdb.namespace}/${name}`);
      if (pod?.ready && !pod.terminating) healthy--;
    }
    // As the disruption controller: nothing is allowed while the budget expects no pods.
    const allowed = pdb.expectedPods > 0 ? Math.max(0, healthy - pdb.desiredHealthy) : 0;
    if (allowed === pdb.disruptionsAllowed && healthy === pdb.currentHealthy && pdb.object && !quiet) return;
    pdb.currentHealthy = healthy;
    pdb.disruptionsAllowed = allowed;
    this.writePdb(pdb, quiet ? 'ADDED' : 'MODIFIED', quiet);
  }

  // ---------------------------------------------------------------------------------------------
  // Objects and watches

  private writeNode(node: SimNode, type: 'ADDED' | 'MODIFIED', quiet = false): void {
    if (this.building) return;
    const previous = quiet ? undefined : node.object;
    const taints: K8sTaint[] = [...node.taints];
    if (node.unschedulable)
      taints.push({
        key: 'node.kubernetes.io/unschedulable',
        effect: 'NoSchedule',
        timeAdded: rfc3339(this.engine.now),
      });
    if (node.readyStatus === 'Unknown') {
      taints.push({
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoSchedule',
        timeAdded: rfc3339(node.readyTransition),
      });
      taints.push({
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoExecute',
        timeAdded: rfc3339(node.readyTransition),
      });
    }
    const host = node.host;
    const object: K8sNode = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: node.name,
        uid: node.uid,
        resourceVersion: String(++this.revision),
        creationTimestamp: previous?.metadata.creationTimestamp ?? rfc3339(this.engine.now),
        labels: { ...node.labels },
        annotations: node.annotations,
      },
      spec: {
        ...(node.unschedulable ? { unschedulable: true } : {}),
        ...(taints.length > 0 ? { taints } : {}),
        providerID: `sim://${node.zone}/${node.name}`,
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: node.readyStatus,
            lastHeartbeatTime: rfc3339(this.engine.now),
            lastTransitionTime: rfc3339(node.readyTransition),
            reason: node.readyStatus === 'True' ? 'KubeletReady' : 'NodeStatusUnknown',
            message:
              node.readyStatus === 'True'
                ? 'kubelet is posting ready status'
                : 'Kubelet stopped posting node status.',
          },
        ],
        nodeInfo: {
          bootID: host.bootID,
          osImage: host.profile.osImage(host.version),
          kernelVersion: host.profile.kernelVersion(host.version),
          kubeletVersion: this.kubeletVersion,
          containerRuntimeVersion: 'containerd://1.7.23',
          machineID: node.uid.replace(/-/g, ''),
          systemUUID: node.uid,
          architecture: 'amd64',
          operatingSystem: 'linux',
        },
        allocatable: {
          cpu: formatMillicores(node.cpu * 1000),
          memory: formatMebibytes(node.memory / 2 ** 20),
          pods: String(node.maxPods),
        },
        capacity: {
          cpu: formatMillicores(node.cpu * 1000),
          memory: formatMebibytes(node.memory / 2 ** 20),
          pods: String(node.maxPods),
        },
      },
    };
    node.object = object;
    if (!quiet) this.emit('Node', type, object, previous);
    if (this.nodeObservers.length > 0) {
      const state = toNodeState(node);
      for (const observer of this.nodeObservers) observer(state);
    }
  }

  private writePod(pod: SimPod, type: 'ADDED' | 'MODIFIED', quiet = false): void {
    if (this.building) return;
    const previous = quiet ? undefined : pod.object;
    const workload = pod.workload;
    // Parts that rarely change are shared between successive versions of the object (they are
    // read-only for clients), which keeps a 10,000-node simulation's garbage low.
    let spec = pod.spec;
    if (!spec || spec.nodeName !== pod.node?.name) {
      spec = {
        ...(pod.node ? { nodeName: pod.node.name } : {}),
        containers: workload.containers,
        terminationGracePeriodSeconds: workload.graceSeconds,
        ...(workload.kind === 'DaemonSet' ? { tolerations: DAEMONSET_TOLERATIONS } : {}),
      };
      pod.spec = spec;
    }
    pod.createdText ??= rfc3339(pod.createdAt);
    const object: K8sPod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: pod.name,
        namespace: workload.namespace,
        uid: pod.uid,
        resourceVersion: String(++this.revision),
        creationTimestamp: pod.createdText,
        labels: workload.labels,
        ownerReferences: workload.ownerReferences,
        ...(pod.deletionAt !== undefined
          ? {
              deletionTimestamp: rfc3339(pod.deletionAt + (pod.deletionGrace as number) * 1000),
              deletionGracePeriodSeconds: pod.deletionGrace,
            }
          : {}),
      },
      spec,
      // The scheduler binds pods only to Ready nodes, whose kubelet starts them: a bound pod is
      // Running, and stays so (not Ready) while its node is down, as the node controller marks it.
      status: !pod.node ? POD_PENDING : pod.ready ? POD_READY : POD_NOT_READY,
    };
    pod.object = object;
    if (!quiet) this.emit('Pod', type, object, previous);
  }

  private writePdb(pdb: SimPdb, type: 'ADDED' | 'MODIFIED', quiet = false): void {
    if (this.building) return;
    const previous = quiet ? undefined : pdb.object;
    let disrupted: Record<string, string> | undefined;
    if (pdb.disruptedPods.size > 0) {
      disrupted = {};
      for (const [name, at] of pdb.disruptedPods) disrupted[name] = rfc3339(at);
    }
    const object: K8sPodDisruptionBudget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: pdb.name,
        namespace: pdb.namespace,
        uid: pdb.uid,
        generation: 1,
        resourceVersion: String(++this.revision),
        creationTimestamp: previous?.metadata.creationTimestamp ?? rfc3339(this.engine.now),
      },
      spec: previous?.spec ??
        pdb.object?.spec ?? {
          selector: pdb.selector,
          ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
          ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
          ...(pdb.unhealthyPodEvictionPolicy !== undefined
            ? { unhealthyPodEvictionPolicy: pdb.unhealthyPodEvictionPolicy }
            : {}),
        },
      status: {
        observedGeneration: 1,
        ...(pdb.disruptedPods.size > 0 ? { disruptedPods: disrupted } : {}),
        disruptionsAllowed: pdb.disruptionsAllowed,
        currentHealthy: pdb.currentHealthy,
        desiredHealthy: pdb.desiredHealthy,
        expectedPods: pdb.expectedPods,
      },
    };
    pdb.object = object;
    if (!quiet) this.emit('PodDisruptionBudget', type, object, previous);
  }

  private emit(
    kind: ResourceKindV1,
    type: HistoryEntry['type'],
    object: AnyObject,
    previous: AnyObject | undefined,
  ): void {
    const store = this.kinds.get(kind) as KindStore;
    const rv = Number(object.metadata.resourceVersion ?? ++this.revision);
    store.history.push({ rv, type, object, previous });
    if (store.history.length > this.historyLimit) {
      const drop = store.history.length - Math.floor(this.historyLimit / 2);
      store.trimmedRv = (store.history[drop - 1] as HistoryEntry).rv;
      store.history.splice(0, drop);
      store.offset += drop;
    }
    if (store.watchers.size > 0) this.scheduleFlush(kind, store);
  }

  private scheduleFlush(kind: ResourceKindV1, store: KindStore): void {
    if (store.flush) return;
    store.flush = this.engine.after(this.watchLatency, () => {
      store.flush = undefined;
      this.flush(kind, store);
    });
  }

  private flush(kind: ResourceKindV1, store: KindStore): void {
    const end = store.offset + store.history.length;
    for (const watcher of [...store.watchers]) {
      if (watcher.next < store.offset) {
        watcher.onEvent({
          type: 'ERROR',
          object: {
            apiVersion: 'v1',
            kind: 'Status',
            status: 'Failure',
            code: 410,
            reason: 'Expired',
            message: 'too old resource version',
          },
        });
        watcher.finish(simulatedApiError(`watch ${kind}`, 410, 'Expired', 'too old resource version'));
        continue;
      }
      for (let i = watcher.next; i < end; i++) {
        if (!store.watchers.has(watcher)) break;
        const entry = store.history[i - store.offset] as HistoryEntry;
        watcher.next = i + 1;
        const now = watcher.matches(entry.object);
        if (entry.type === 'DELETED') {
          if (now) watcher.onEvent({ type: 'DELETED', object: entry.object });
          continue;
        }
        const before = entry.previous !== undefined && watcher.matches(entry.previous);
        if (now && (entry.type === 'ADDED' || !before))
          watcher.onEvent({ type: 'ADDED', object: entry.object });
        else if (now) watcher.onEvent({ type: 'MODIFIED', object: entry.object });
        else if (before) watcher.onEvent({ type: 'DELETED', object: entry.object });
      }
    }
  }

  private objectsOf(kind: ResourceKindV1): Iterable<AnyObject> {
    switch (kind) {
      case 'Node':
        return mapIterable(this.nodes.values(), (node) => node.object);
      case 'Pod':
        return mapIterable(this.pods.values(), (pod) => pod.object);
      case 'PodDisruptionBudget':
        return mapIterable(this.pdbs.values(), (pdb) => pdb.object);
      case 'Lease':
        return this.leases.values();
      case 'Event':
        return this.events.values();
    }
  }

  private compileFilter(
    kind: ResourceKindV1,
    options: ListOptionsV1,
    request: string,
  ): (object: AnyObject) => boolean {
    let labels: LabelPredicate | undefined;
    if (options.labelSelector !== undefined) {
      labels = parseLabelSelector(options.labelSelector);
      if (!labels)
        throw simulatedApiError(
          request,
          400,
          'BadRequest',
          `unable to parse requirement: invalid label selector "${options.labelSelector}"`,
        );
    }
    const fields: ((object: AnyObject) => boolean)[] = [];
    for (const term of (options.fieldSelector ?? '').split(',').filter(Boolean)) {
      const match = /^([a-zA-Z.]+)(==|=|!=)(.*)$/.exec(term);
      const field = match?.[1];
      if (
        !match ||
        !(
          field === 'metadata.name' ||
          field === 'metadata.namespace' ||
          (kind === 'Pod' && field === 'spec.nodeName')
        )
      )
        throw simulatedApiError(request, 400, 'BadRequest', `field label not supported: ${term}`);
      const value = match[3] ?? '';
      const negate = match[2] === '!=';
      const read =
        field === 'metadata.name'
          ? (object: AnyObject) => object.metadata.name
          : field === 'metadata.namespace'
            ? (object: AnyObject) => object.metadata.namespace ?? ''
            : (object: AnyObject) => (object as K8sPod).spec.nodeName ?? '';
      fields.push((object) => (read(object) === value) !== negate);
    }
    const namespace = options.namespace;
    if (namespace === undefined && labels === undefined && fields.length === 0) return matchAll;
    return (object) =>
      (namespace === undefined || object.metadata.namespace === namespace) &&
      (labels === undefined || labels(object.metadata.labels)) &&
      fields.every((check) => check(object));
  }

  private newUid(): string {
    const n = ++this.uidCounter;
    const hex = n.toString(16).padStart(12, '0');
    const seed = (this.seed >>> 0).toString(16).padStart(8, '0');
    return `${seed}-0000-4000-8000-${hex}`;
  }

  private newBootId(): string {
    return this.newUid().replace('-4000-', '-4b00-');
  }
}

/** A node's ground truth, as the simulator knows it. */
export interface NodeState {
  readonly name: string;
  readonly zone: string;
  readonly version: string;
  /** The host runs and its kubelet reported Ready. */
  readonly up: boolean;
  readonly unschedulable: boolean;
  readonly cordonedBy: string | undefined;
  /** Who requested the host's last reboot ('involuntary' for unrelated losses). */
  readonly rebootBy: string | undefined;
  readonly rebooting: boolean;
}

function toNodeState(node: SimNode): NodeState {
  return {
    name: node.name,
    zone: node.zone,
    version: node.host.version,
    up: node.up && node.kubeletReady,
    unschedulable: node.unschedulable,
    cordonedBy: node.cordonedBy,
    rebootBy: node.host.rebootBy,
    rebooting: node.host.rebooting,
  };
}

/**
 * `ClusterApiError.of` as the simulated API server answers: without a JavaScript stack (a real
 * server's answer carries none, and capturing one for every refused eviction is costly).
 */
function simulatedApiError(...args: Parameters<typeof ClusterApiError.of>): ClusterApiError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return ClusterApiError.of(...args);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The index key of a label pair in a namespace. */
function labelBucket(namespace: string, key: string, value: string): string {
  return `${namespace}\n${key}\n${value}`;
}

/** The first own key of `matchLabels`, if any. */
function firstMatchLabel(matchLabels: Readonly<Record<string, string>> | undefined): string | undefined {
  if (matchLabels)
    for (const key in matchLabels) if (Object.prototype.hasOwnProperty.call(matchLabels, key)) return key;
  return undefined;
}

/** The filter of a list or watch without selectors. */
const matchAll = (): boolean => true;

const DAEMONSET_TOLERATIONS = [{ operator: 'Exists' as const }];
const POD_PENDING: K8sPod['status'] = {
  phase: 'Pending',
  conditions: [
    { type: 'PodScheduled', status: 'False' },
    { type: 'Ready', status: 'False' },
  ],
};
const POD_READY: K8sPod['status'] = {
  phase: 'Running',
  conditions: [
    { type: 'PodScheduled', status: 'True' },
    { type: 'Ready', status: 'True' },
  ],
};
const POD_NOT_READY: K8sPod['status'] = {
  phase: 'Running',
  conditions: [
    { type: 'PodScheduled', status: 'True' },
    { type: 'Ready', status: 'False' },
  ],
};

function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}

function notFound(request: string, resource: string, name: string): ClusterApiError {
  return simulatedApiError(request, 404, 'NotFound', `${resource} "${name}" not found`, {
    name,
    kind: resource,
  });
}

function conflict(request: string, resource: string, name: string): ClusterApiError {
  return simulatedApiError(
    request,
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, kind: resource },
  );
}
