import type { K8sNode, K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { isNodeReady, nodeAllocatable, nodeZone } from '../kubernetes/node-facts.js';
import { PdbIndex, pdbKey } from '../kubernetes/pdb-index.js';
import { isPodTerminal, isPodTerminating, podKey, podRequests } from '../kubernetes/pod-facts.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';
import { Informer, type InformerChange } from './informer.js';
import { cancellableSleep } from './cancellable-sleep.js';

/** Capacity of one zone of the pool, as the view sees it now. */
export interface ZoneCapacity {
  /** Allocatable of every pool node in the zone: cores, bytes. */
  readonly totalCpu: number;
  readonly totalMemory: number;
  /** Allocatable of nodes that are Ready and not cordoned. */
  readonly schedulableCpu: number;
  readonly schedulableMemory: number;
  /** Requests of pods bound to the zone's nodes (not terminating, not finished). */
  readonly requestedCpu: number;
  readonly requestedMemory: number;
}

interface MutableZone {
  totalCpu: number;
  totalMemory: number;
  schedulableCpu: number;
  schedulableMemory: number;
  requestedCpu: number;
  requestedMemory: number;
}

interface NodeContribution {
  zone: string;
  cpu: number;
  memory: number;
  schedulable: boolean;
}

interface PodContribution {
  node: string;
  cpu: number;
  memory: number;
}

type Waiter = { check: () => boolean; resolve: (ok: boolean) => void };

const NONE: readonly K8sPodDisruptionBudget[] = [];
const TIMEOUT_DONE = new Error('wait finished');
const POD_TOPIC = 'pod:';

/**
 * The executor's informed view of the cluster: the pool's Nodes, all Pods (indexed by node) and
 * all PodDisruptionBudgets (indexed by selector), with per-zone capacity kept up to date on every
 * event, and waits that resolve when a condition on a node, its pods or a budget turns true.
 */
export class ClusterView {
  private readonly nodes: Informer<'Node'>;
  private readonly pods: Informer<'Pod'>;
  private readonly pdbs: Informer<'PodDisruptionBudget'>;
  private readonly podsByNode = new Map<string, Map<string, K8sPod>>();
  private readonly pdbIndex = new PdbIndex();
  /** Budget keys per pod object (objects are immutable snapshots), valid for one selector version. */
  private readonly podPdbs = new WeakMap<K8sPod, { version: number; keys: readonly string[] }>();
  private pdbVersion = 0;
  private readonly zones = new Map<string, MutableZone>();
  private readonly nodeContrib = new Map<string, NodeContribution>();
  private readonly podContrib = new Map<string, PodContribution>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** Waiters on `pod:<key>` topics, by pod key (a pod event then builds no topic string). */
  private readonly podWaiters = new Map<string, Set<Waiter>>();
  private readonly listeners: ((topic: string) => void)[] = [];

  constructor(
    client: ClusterClientV1,
    private readonly clock: ClockV1,
    nodeSelector: string,
    /** Told of failed lists and watches, which the informers retry. */
    log?: (line: string) => void,
  ) {
    this.nodes = new Informer(
      client,
      'Node',
      { labelSelector: nodeSelector },
      clock,
      (change) => this.onNode(change),
      log,
    );
    this.pods = new Informer(client, 'Pod', {}, clock, (change, key) => this.onPod(change, key), log);
    this.pdbs = new Informer(client, 'PodDisruptionBudget', {}, clock, (change) => this.onPdb(change), log);
  }

  /** Lists everything and keeps watching until `signal` aborts. */
  async start(signal: AbortSignal): Promise<void> {
    await this.pdbs.start(signal);
    await this.nodes.start(signal);
    await this.pods.start(signal);
  }

  /** Resolves once every watch loop ended. */
  async stopped(): Promise<void> {
    await Promise.all([this.nodes.stopped(), this.pods.stopped(), this.pdbs.stopped()]);
  }

  /** Calls `listener` with `node:<name>`, `pods:<node>` or `pdb:<namespace/name>` on every change. */
  subscribe(listener: (topic: string) => void): void {
    this.listeners.push(listener);
  }

  /** A pool node. */
  node(name: string): K8sNode | undefined {
    return this.nodes.get(name);
  }

  /** Number of pool nodes. */
  poolSize(): number {
    return this.nodes.size;
  }

  /** The pool's nodes. */
  poolNodes(): K8sNode[] {
    return [...this.nodes.values()];
  }

  /** Pods bound to a node (including terminating ones). */
  podsOn(node: string): K8sPod[] {
    return [...(this.podsByNode.get(node)?.values() ?? [])];
  }

  /** A pod by `namespace/name`. */
  pod(key: string): K8sPod | undefined {
    return this.pods.get(key);
  }

  /** A budget by `namespace/name`. */
  pdb(key: string): K8sPodDisruptionBudget | undefined {
    return this.pdbIndex.get(key);
  }

  /** Every budget. */
  allPdbs(): K8sPodDisruptionBudget[] {
    return [...this.pdbIndex.all()];
  }

  /** Every pod. */
  allPods(): K8sPod[] {
    return [...this.pods.values()];
  }

  /** The budgets covering a pod (current objects). */
  pdbsFor(pod: K8sPod): readonly K8sPodDisruptionBudget[] {
    const keys = this.pdbKeysFor(pod);
    if (keys.length === 0) return NONE;
    if (keys.length === 1) {
      const pdb = this.pdbIndex.get(keys[0] as string);
      return pdb ? [pdb] : NONE;
    }
    return keys.flatMap((key) => {
      const pdb = this.pdbIndex.get(key);
      return pdb ? [pdb] : [];
    });
  }

  /** `namespace/name` of the budgets covering a pod (cached per pod until budgets change). */
  pdbKeysFor(pod: K8sPod): readonly string[] {
    const cached = this.podPdbs.get(pod);
    if (cached && cached.version === this.pdbVersion) return cached.keys;
    const keys = this.pdbIndex.forPod(pod).map(pdbKey);
    this.podPdbs.set(pod, { version: this.pdbVersion, keys });
    return keys;
  }

  /** Capacity per zone. */
  zoneCapacity(zone: string): ZoneCapacity {
    return (
      this.zones.get(zone) ?? {
        totalCpu: 0,
        totalMemory: 0,
        schedulableCpu: 0,
        schedulableMemory: 0,
        requestedCpu: 0,
        requestedMemory: 0,
      }
    );
  }

  /** Zones of the pool, sorted. */
  zoneNames(): string[] {
    return [...this.zones.keys()].sort();
  }

  /**
   * Resolves true as soon as `check()` holds (checked now and after every change on `topics`),
   * or false after `timeoutMs`. Rejects when `signal` aborts.
   */
  async waitFor(
    topics: readonly string[],
    check: () => boolean,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (check()) return true;
    signal.throwIfAborted();
    // The timeout as a sleep that the wait cancels (by rejecting it) when it ends first.
    const { sleep, cancel } = cancellableSleep(this.clock, timeoutMs);
    const onAbort = () => cancel(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let waiter!: Waiter;
    const result = new Promise<boolean>((resolve) => {
      waiter = { check, resolve };
    });
    const keys = topics.map((topic) => (topic.startsWith(POD_TOPIC) ? topic.slice(POD_TOPIC.length) : topic));
    for (let i = 0; i < keys.length; i++) {
      const waiters = this.waitersOf(topics[i] as string);
      const key = keys[i] as string;
      let set = waiters.get(key);
      if (!set) {
        set = new Set();
        waiters.set(key, set);
      }
      set.add(waiter);
    }
    const timer = sleep.then(
      () => waiter.resolve(false),
      () => waiter.resolve(false),
    );
    try {
      const ok = await result;
      signal.throwIfAborted();
      return ok;
    } finally {
      cancel(TIMEOUT_DONE);
      await timer;
      signal.removeEventListener('abort', onAbort);
      for (let i = 0; i < keys.length; i++) {
        const waiters = this.waitersOf(topics[i] as string);
        const key = keys[i] as string;
        const set = waiters.get(key);
        set?.delete(waiter);
        if (set?.size === 0) waiters.delete(key);
      }
    }
  }

  private notify(topic: string): void {
    this.notifyWaiters(topic);
    for (const listener of this.listeners) listener(topic);
  }

  private notifyWaiters(topic: string): void {
    if (topic.startsWith(POD_TOPIC)) this.notifyPodWaiters(topic.slice(POD_TOPIC.length));
    else this.wakeWaiters(this.waiters.get(topic));
  }

  private notifyPodWaiters(key: string): void {
    this.wakeWaiters(this.podWaiters.get(key));
  }

  private wakeWaiters(set: Set<Waiter> | undefined): void {
    if (set) for (const waiter of [...set]) if (waiter.check()) waiter.resolve(true);
  }

  /** Where the waiters of a topic are kept (`podWaiters` by pod key, `waiters` by topic). */
  private waitersOf(topic: string): Map<string, Set<Waiter>> {
    return topic.startsWith(POD_TOPIC) ? this.podWaiters : this.waiters;
  }

  private zone(name: string): MutableZone {
    let zone = this.zones.get(name);
    if (!zone) {
      zone = {
        totalCpu: 0,
        totalMemory: 0,
        schedulableCpu: 0,
        schedulableMemory: 0,
        requestedCpu: 0,
        requestedMemory: 0,
      };
      this.zones.set(name, zone);
    }
    return zone;
  }

  private onNode(change: InformerChange<K8sNode>): void {
    const name = change.object.metadata.name;
    const old = this.nodeContrib.get(name);
    const zoneName = nodeZone(change.object);
    // Pods bound to the node count towards its zone: recount them only when the zone changes.
    const pods = this.podsByNode.get(name);
    const moved = change.type === 'DELETED' || old === undefined || old.zone !== zoneName;
    if (pods && moved) for (const [key, pod] of pods) this.uncountPod(pod, key);
    if (old) {
      const zone = this.zone(old.zone);
      zone.totalCpu -= old.cpu;
      zone.totalMemory -= old.memory;
      if (old.schedulable) {
        zone.schedulableCpu -= old.cpu;
        zone.schedulableMemory -= old.memory;
      }
      this.nodeContrib.delete(name);
    }
    if (change.type !== 'DELETED') {
      const node = change.object;
      const { cpu, memory } = nodeAllocatable(node);
      const contribution: NodeContribution = {
        zone: zoneName,
        cpu,
        memory,
        schedulable: isNodeReady(node) && node.spec.unschedulable !== true,
      };
      this.nodeContrib.set(name, contribution);
      const zone = this.zone(contribution.zone);
      zone.totalCpu += cpu;
      zone.totalMemory += memory;
      if (contribution.schedulable) {
        zone.schedulableCpu += cpu;
        zone.schedulableMemory += memory;
      }
      if (pods && moved) for (const [key, pod] of pods) this.countPod(pod, key);
    }
    this.notify(`node:${name}`);
  }

  /**
   * Counts a pod's requests towards its node's zone. `uncounted` is the pod's entry that
   * `uncountPod(…, true)` just took back: it is reused (or dropped when the pod no longer counts)
   * instead of being deleted and added again.
   */
  private countPod(pod: K8sPod, key = podKey(pod), uncounted?: PodContribution): void {
    const node = pod.spec.nodeName;
    const contribution =
      !node ||
      (uncounted === undefined && this.podContrib.has(key)) ||
      isPodTerminal(pod) ||
      isPodTerminating(pod)
        ? undefined
        : this.nodeContrib.get(node);
    if (!node || !contribution) {
      if (uncounted) this.podContrib.delete(key);
      return;
    }
    const requests = podRequests(pod);
    const zone = this.zone(contribution.zone);
    zone.requestedCpu += requests.cpu;
    zone.requestedMemory += requests.memory;
    if (uncounted) {
      uncounted.node = node;
      uncounted.cpu = requests.cpu;
      uncounted.memory = requests.memory;
    } else this.podContrib.set(key, { node, cpu: requests.cpu, memory: requests.memory });
  }

  /** Takes a pod's requests back from its zone; with `keep`, leaves (and returns) its entry for `countPod`. */
  private uncountPod(pod: K8sPod, key = podKey(pod), keep = false): PodContribution | undefined {
    const contribution = this.podContrib.get(key);
    if (!contribution) return undefined;
    const node = this.nodeContrib.get(contribution.node);
    if (node) {
      const zone = this.zone(node.zone);
      zone.requestedCpu -= contribution.cpu;
      zone.requestedMemory -= contribution.memory;
    }
    if (keep) return contribution;
    this.podContrib.delete(key);
    return undefined;
  }

  private onPod(change: InformerChange<K8sPod>, informerKey: string): void {
    const pod = change.object;
    // The informer's key is the pod's key when it has a namespace (one string built and hashed, not two).
    const key = pod.metadata.namespace === undefined ? podKey(pod) : informerKey;
    let uncounted: PodContribution | undefined;
    if (change.type !== 'ADDED') {
      const previous = change.type === 'MODIFIED' ? change.previous : change.object;
      uncounted = this.uncountPod(previous, key, change.type === 'MODIFIED');
      const before = previous.spec.nodeName;
      if (before && (change.type === 'DELETED' || before !== pod.spec.nodeName)) {
        const map = this.podsByNode.get(before);
        map?.delete(key);
        if (map?.size === 0) this.podsByNode.delete(before);
      }
    }
    if (change.type !== 'DELETED') {
      const node = pod.spec.nodeName;
      if (node) {
        let map = this.podsByNode.get(node);
        if (!map) {
          map = new Map();
          this.podsByNode.set(node, map);
        }
        map.set(key, pod);
        this.countPod(pod, key, uncounted);
      } else if (uncounted) this.podContrib.delete(key);
    }
    this.notifyPodWaiters(key);
    const node = pod.spec.nodeName;
    if (node) this.notify(`pods:${node}`);
    const before = change.type === 'MODIFIED' ? change.previous.spec.nodeName : undefined;
    if (before && before !== node) this.notify(`pods:${before}`);
  }

  /**
   * When the budget last allowed a disruption (or was first seen): a budget that allows nothing
   * for a long time is stuck, one that keeps allowing disruptions to others is merely busy.
   */
  pdbLastAllowed(key: string): number {
    return this.lastAllowed.get(key) ?? this.clock.now();
  }

  private readonly lastAllowed = new Map<string, number>();

  private onPdb(change: InformerChange<K8sPodDisruptionBudget>): void {
    const key = pdbKey(change.object);
    if (change.type === 'DELETED') this.lastAllowed.delete(key);
    else if ((change.object.status?.disruptionsAllowed ?? 0) > 0 || !this.lastAllowed.has(key))
      this.lastAllowed.set(key, this.clock.now());
    const selectorChanged =
      change.type !== 'MODIFIED' ||
      (change.previous.spec.selector !== change.object.spec.selector &&
        JSON.stringify(change.previous.spec.selector) !== JSON.stringify(change.object.spec.selector));
    if (change.type === 'DELETED') this.pdbIndex.remove(key);
    else this.pdbIndex.add(change.object);
    if (selectorChanged) this.pdbVersion++;
    this.notify(`pdb:${key}`);
  }
}
