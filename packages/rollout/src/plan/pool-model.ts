import type { K8sNode, K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { parseLabelSelector } from '../kubernetes/label-selector.js';
import { isNodeReady, nodeAllocatable, nodeZone } from '../kubernetes/node-facts.js';
import { PdbIndex, pdbKey } from '../kubernetes/pdb-index.js';
import {
  isDaemonSetPod,
  isMirrorPod,
  isPodTerminal,
  isPodTerminating,
  podKey,
  podRequests,
} from '../kubernetes/pod-facts.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import { pdbAllowanceWhenHealthy, statusCountsPods, structuralEvictionBlocker } from './pdb-allowance.js';
import type { NodeCycleEstimate, TimingModelV1 } from './timing-model.js';

/** A pod a drain must evict whose PodDisruptionBudget paces it, as the planner sees it. */
export interface PlanPod {
  readonly key: string;
  /** The one PodDisruptionBudget covering it. */
  readonly pdb: string;
  readonly terminationSeconds: number;
  readonly replacementSeconds: number;
}

/** A node that can be updated. */
export interface PlanNode {
  readonly name: string;
  readonly zone: string;
  readonly cpu: number;
  readonly memory: number;
  /** Its pods covered by a PodDisruptionBudget. */
  readonly pods: readonly PlanPod[];
  /** Pods the drain evicts (all but DaemonSet, mirror and finished pods). */
  readonly podCount: number;
  readonly cycle: NodeCycleEstimate;
  /** The slowest pod's termination: the shortest possible drain. */
  readonly drainSeconds: number;
  /** The slowest termination among pods without a PodDisruptionBudget. */
  readonly unbudgetedDrainSeconds: number;
  readonly cycleP95Seconds: number;
  /** The heaviest PodDisruptionBudget load among its pods (seconds); orders candidates. */
  readonly priority: number;
  /** The PodDisruptionBudgets of its pods. */
  readonly pdbKeys: readonly string[];
}

/** A PodDisruptionBudget's share of the rollout. */
export interface PlanPdb {
  readonly key: string;
  /** Disruptions allowed when all its pods are healthy. */
  readonly allowance: number;
  /** `status.disruptionsAllowed` now. */
  readonly allowedNow: number;
  /** Evictions the rollout needs (its pods on nodes to update). */
  evictions: number;
  /** Mean time one eviction holds a unit (replacement Ready). */
  holdSeconds: number;
  /** evictions × hold ÷ allowance: the least time this budget lets the rollout take. */
  loadSeconds: number;
}

/** Capacity of a zone and how many average nodes it can spare. */
export interface PlanZone {
  readonly zone: string;
  nodes: number;
  totalCpu: number;
  totalMemory: number;
  schedulableCpu: number;
  schedulableMemory: number;
  requestedCpu: number;
  requestedMemory: number;
  /** Nodes the zone can have out at once under the capacity floor. */
  spare: number;
}

/** The pool as the planner reasons about it. */
export interface PoolModel {
  readonly nodes: readonly PlanNode[];
  /** Nodes whose drain can never finish as the cluster stands. */
  readonly blocked: readonly { readonly node: string; readonly reason: string }[];
  /** Nodes left alone for now (cordoned by someone else, NotReady). */
  readonly skipped: readonly { readonly node: string; readonly reason: string }[];
  readonly pdbs: ReadonlyMap<string, PlanPdb>;
  readonly zones: ReadonlyMap<string, PlanZone>;
  /** Average nodes the pool can have out at once with every pod's requests still fitting (Infinity without the fit rule). */
  readonly fitSpare: number;
}

/** Options of {@link buildPoolModel}. */
export interface PoolModelOptions {
  readonly snapshot: ClusterSnapshot;
  readonly nodeSelector: string;
  readonly timing: TimingModelV1;
  /** Capacity floor, percent of each zone's allocatable that stays schedulable. */
  readonly floorPercent: number;
  /** Also keep every pod's requests schedulable per zone. */
  readonly fitRequests: boolean;
  /** Nodes already finished in this rollout. */
  readonly exclude?: ReadonlySet<string>;
  /** Whether a cordoned node was cordoned by this rollout (then it is not someone else's). */
  readonly cordonedByUs?: (node: K8sNode) => boolean;
}

/** What one pass over the pods collects for a node (pods keep the snapshot's order). */
interface NodePods {
  /** Whether any node of this name is a candidate (then its pods' evictions are collected). */
  candidate: boolean;
  /** Its pods still running, in pod order: a list through `nextPod` (snapshot indexes, -1 if none). */
  firstPod: number;
  lastPod: number;
  readonly pods: PlanPod[];
  blocker: string | undefined;
  podCount: number;
  drainSeconds: number;
  unbudgetedDrainSeconds: number;
  /** Its budgets' places in key order, sorted (the last is kept: pods often repeat it). */
  readonly touched: number[];
  lastTouched: number;
}

/** Builds the planning model: candidate nodes, blocked and skipped ones, budgets and zone capacity. */
export function buildPoolModel(options: PoolModelOptions): PoolModel {
  const { snapshot, timing } = options;
  const selector = parseLabelSelector(options.nodeSelector) ?? (() => false);
  const poolNodes = snapshot.nodes.filter((node) => selector(node.metadata.labels));
  const index = new PdbIndex(snapshot.pdbs);
  const keyOf = new Map<K8sPodDisruptionBudget, string>();
  for (const pdb of snapshot.pdbs) keyOf.set(pdb, pdbKey(pdb));
  // Pods each budget covers: only needed for budgets the disruption controller has not reported on.
  let covered: Map<string, number> | undefined;
  const coveredCount = (pdb: K8sPodDisruptionBudget): number => {
    if (!covered) {
      covered = new Map();
      for (const pod of snapshot.pods) {
        if (isPodTerminal(pod)) continue;
        for (const budget of index.forPod(pod)) {
          const key = keyOf.get(budget) as string;
          covered.set(key, (covered.get(key) ?? 0) + 1);
        }
      }
    }
    return covered.get(keyOf.get(pdb) as string) ?? 0;
  };
  const allowanceOf = new Map<string, number>();
  for (const pdb of snapshot.pdbs) {
    // The pods it covers are counted only where its status cannot be used (as the drain judges it).
    const allowance = statusCountsPods(pdb)
      ? pdbAllowanceWhenHealthy(pdb)
      : pdbAllowanceWhenHealthy(pdb, coveredCount(pdb));
    allowanceOf.set(keyOf.get(pdb) as string, allowance);
  }
  // Each budget's key, allowance and place in key order, found from the object in one lookup
  // per pod; a node's budgets are kept as sorted places (numbers compare faster than keys).
  const sortedKeys = [...new Set(keyOf.values())].sort();
  const placeOf = new Map<string, number>();
  sortedKeys.forEach((key, place) => placeOf.set(key, place));
  const budgetOf = new Map<K8sPodDisruptionBudget, { key: string; allowance: number; place: number }>();
  for (const [pdb, key] of keyOf)
    budgetOf.set(pdb, { key, allowance: allowanceOf.get(key) as number, place: placeOf.get(key) as number });

  const zones = new Map<string, PlanZone>();
  const blocked: { node: string; reason: string }[] = [];
  const skipped: { node: string; reason: string }[] = [];
  const pdbs = new Map<string, PlanPdb>();
  // Candidates before their priority is known (it needs every budget's load).
  const candidates: {
    readonly node: K8sNode;
    readonly zone: string;
    readonly cpu: number;
    readonly memory: number;
    readonly acc: NodePods;
  }[] = [];

  // 1. Which nodes are candidates (in node order, as they are reported skipped).
  const isCandidate: boolean[] = [];
  const byName = new Map<string, NodePods>();
  for (const node of poolNodes) {
    const name = node.metadata.name;
    let candidate = true;
    if (options.exclude?.has(name)) candidate = false;
    else if (node.spec.unschedulable === true && !(options.cordonedByUs?.(node) ?? false)) {
      skipped.push({ node: name, reason: 'cordoned by someone else; left alone' });
      candidate = false;
    } else if (!isNodeReady(node)) {
      skipped.push({ node: name, reason: 'not Ready' });
      candidate = false;
    }
    isCandidate.push(candidate);
    const entry = byName.get(name);
    if (entry) entry.candidate ||= candidate;
    else
      byName.set(name, {
        candidate,
        firstPod: -1,
        lastPod: -1,
        pods: [],
        blocker: undefined,
        podCount: 0,
        drainSeconds: 0,
        unbudgetedDrainSeconds: 0,
        touched: [],
        lastTouched: -1,
      });
  }

  // 2. Every pod once, in the snapshot's order (the order its objects were read in, so the pass
  //    walks memory mostly forward; per node, pods keep the snapshot's order as before). The
  //    requests of running pods go to typed arrays, linked per node, rather than to arrays per node.
  const podCount = snapshot.pods.length;
  const podCpu = new Float64Array(podCount);
  const podMemory = new Float64Array(podCount);
  const nextPod = new Int32Array(podCount);
  for (let podIndex = 0; podIndex < podCount; podIndex++) {
    const pod = snapshot.pods[podIndex] as K8sPod;
    const nodeName = pod.spec.nodeName;
    if (nodeName === undefined) continue;
    const acc = byName.get(nodeName);
    if (!acc) continue;
    const terminal = isPodTerminal(pod);
    const terminating = isPodTerminating(pod);
    if (!terminal && !terminating) {
      const requests = podRequests(pod);
      podCpu[podIndex] = requests.cpu;
      podMemory[podIndex] = requests.memory;
      nextPod[podIndex] = -1;
      if (acc.lastPod < 0) acc.firstPod = podIndex;
      else nextPod[acc.lastPod] = podIndex;
      acc.lastPod = podIndex;
    }
    // needsEviction without testing the phase twice.
    if (!acc.candidate || terminal || terminating || isDaemonSetPod(pod) || isMirrorPod(pod)) continue;
    acc.podCount++;
    const terminationSeconds = timing.podTerminationSeconds(pod);
    if (terminationSeconds > acc.drainSeconds) acc.drainSeconds = terminationSeconds;
    const podPdbs = index.forPod(pod);
    const pdb = podPdbs[0];
    if (!pdb) {
      if (terminationSeconds > acc.unbudgetedDrainSeconds) acc.unbudgetedDrainSeconds = terminationSeconds;
      continue;
    }
    const budget = budgetOf.get(pdb) as { key: string; allowance: number; place: number };
    const key = budget.key;
    if (podPdbs.length > 1 || budget.allowance <= 0)
      acc.blocker ??= structuralEvictionBlocker(pod, podPdbs, coveredCount);
    if (budget.place !== acc.lastTouched) {
      acc.lastTouched = budget.place;
      insertSortedOnce(acc.touched, budget.place);
    }
    acc.pods.push({
      key: podKey(pod),
      pdb: key,
      terminationSeconds,
      replacementSeconds: timing.podReplacementSeconds(pod),
    });
  }

  // 3. Zones, blocked nodes, budgets and candidates, in node order.
  poolNodes.forEach((node, nodeIndex) => {
    const name = node.metadata.name;
    const acc = byName.get(name) as NodePods;
    const zoneName = nodeZone(node);
    let zone = zones.get(zoneName);
    if (!zone) {
      zone = {
        zone: zoneName,
        nodes: 0,
        totalCpu: 0,
        totalMemory: 0,
        schedulableCpu: 0,
        schedulableMemory: 0,
        requestedCpu: 0,
        requestedMemory: 0,
        spare: 0,
      };
      zones.set(zoneName, zone);
    }
    const { cpu, memory } = nodeAllocatable(node);
    zone.nodes++;
    zone.totalCpu += cpu;
    zone.totalMemory += memory;
    if (isNodeReady(node) && node.spec.unschedulable !== true) {
      zone.schedulableCpu += cpu;
      zone.schedulableMemory += memory;
    }
    // Summed pod by pod in the same order as ever (floating-point sums depend on it).
    for (let at = acc.firstPod; at >= 0; at = nextPod[at] as number)
      zone.requestedCpu += podCpu[at] as number;
    for (let at = acc.firstPod; at >= 0; at = nextPod[at] as number)
      zone.requestedMemory += podMemory[at] as number;
    if (!isCandidate[nodeIndex]) return;
    if (acc.blocker) {
      blocked.push({ node: name, reason: acc.blocker });
      return;
    }
    for (const pod of acc.pods) {
      let entry = pdbs.get(pod.pdb);
      if (!entry) {
        const object = index.get(pod.pdb) as K8sPodDisruptionBudget;
        entry = {
          key: pod.pdb,
          allowance: Math.max(1, allowanceOf.get(pod.pdb) ?? 1),
          allowedNow: object.status?.disruptionsAllowed ?? 0,
          evictions: 0,
          holdSeconds: 0,
          loadSeconds: 0,
        };
        pdbs.set(pod.pdb, entry);
      }
      // Running mean of the hold time.
      entry.evictions++;
      entry.holdSeconds += (pod.replacementSeconds - entry.holdSeconds) / entry.evictions;
    }
    candidates.push({ node, zone: zoneName, cpu, memory, acc });
  });
  let poolSchedulableCpu = 0;
  let poolSchedulableMemory = 0;
  let poolRequestedCpu = 0;
  let poolRequestedMemory = 0;
  let poolNodeCount = 0;
  let poolCpu = 0;
  let poolMemory = 0;
  for (const zone of zones.values()) {
    const floor = options.floorPercent / 100;
    const slackCpu = zone.schedulableCpu - floor * zone.totalCpu;
    const slackMemory = zone.schedulableMemory - floor * zone.totalMemory;
    const averageCpu = zone.totalCpu / Math.max(1, zone.nodes);
    const averageMemory = zone.totalMemory / Math.max(1, zone.nodes);
    const byCpu = averageCpu > 0 ? slackCpu / averageCpu : Number.POSITIVE_INFINITY;
    const byMemory = averageMemory > 0 ? slackMemory / averageMemory : Number.POSITIVE_INFINITY;
    const spare = Math.floor(Math.min(byCpu, byMemory) + 1e-9);
    zone.spare = Number.isFinite(spare) ? Math.max(0, spare) : zone.nodes;
    poolSchedulableCpu += zone.schedulableCpu;
    poolSchedulableMemory += zone.schedulableMemory;
    poolRequestedCpu += zone.requestedCpu;
    poolRequestedMemory += zone.requestedMemory;
    poolNodeCount += zone.nodes;
    poolCpu += zone.totalCpu;
    poolMemory += zone.totalMemory;
  }
  let fitSpare = Number.POSITIVE_INFINITY;
  if (options.fitRequests && poolNodeCount > 0) {
    const byCpu =
      poolCpu > 0
        ? (poolSchedulableCpu - poolRequestedCpu) / (poolCpu / poolNodeCount)
        : Number.POSITIVE_INFINITY;
    const byMemory =
      poolMemory > 0
        ? (poolSchedulableMemory - poolRequestedMemory) / (poolMemory / poolNodeCount)
        : Number.POSITIVE_INFINITY;
    fitSpare = Math.max(0, Math.floor(Math.min(byCpu, byMemory) + 1e-9));
  }
  for (const entry of pdbs.values())
    entry.loadSeconds = (entry.evictions * entry.holdSeconds) / entry.allowance;
  const nodes: PlanNode[] = candidates.map(({ node, zone, cpu, memory, acc }) => {
    let priority = 0;
    const pdbKeys = acc.touched.map((place) => sortedKeys[place] as string);
    for (const key of pdbKeys) priority = Math.max(priority, pdbs.get(key)?.loadSeconds ?? 0);
    return {
      name: node.metadata.name,
      zone,
      cpu,
      memory,
      pods: acc.pods,
      podCount: acc.podCount,
      cycle: timing.nodeCycle(node),
      drainSeconds: acc.drainSeconds,
      unbudgetedDrainSeconds: acc.unbudgetedDrainSeconds,
      cycleP95Seconds: timing.nodeCycleP95Seconds(node),
      priority,
      pdbKeys,
    };
  });
  return { nodes, blocked, skipped, pdbs, zones, fitSpare };
}

/**
 * Inserts `value` into the ascending list unless it is there (a node's few budgets): appended,
 * then moved down past larger values (no `splice`, which allocates the list of removed items).
 */
function insertSortedOnce(list: number[], value: number): void {
  let at = list.length;
  while (at > 0 && (list[at - 1] as number) > value) at--;
  if (at > 0 && list[at - 1] === value) return;
  list.push(value);
  for (let i = list.length - 1; i > at; i--) list[i] = list[i - 1] as number;
  list[at] = value;
}

/**
 * Orders candidates for admission: the heaviest PodDisruptionBudget first (its evictions are the
 * longest chain, so it must start early and never idle), zones interleaved among equals, then by
 * name. Returns the nodes in order.
 */
export function orderCandidates(nodes: readonly PlanNode[]): PlanNode[] {
  const byZone = new Map<string, PlanNode[]>();
  for (const node of nodes) {
    const list = byZone.get(node.zone);
    if (list) list.push(node);
    else byZone.set(node.zone, [node]);
  }
  const compare = (a: PlanNode, b: PlanNode) =>
    b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const round = new Map<string, number>();
  for (const list of byZone.values()) {
    list.sort(compare);
    list.forEach((node, index) => round.set(node.name, index));
  }
  const zoneNames = [...byZone.keys()].sort();
  return [...nodes].sort(
    (a, b) =>
      b.priority - a.priority ||
      (round.get(a.name) ?? 0) - (round.get(b.name) ?? 0) ||
      zoneNames.indexOf(a.zone) - zoneNames.indexOf(b.zone) ||
      (a.name < b.name ? -1 : 1),
  );
}
