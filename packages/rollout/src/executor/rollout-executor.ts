import { setMaxListeners } from 'node:events';
import type {
  NodeObservationV1,
  NodePool,
  UpdateStepV1,
  UpdateStrategyV1,
  UpdateTargetV1,
} from '@kubenode/core';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import { LeadershipLostError } from '../errors/leadership-lost-error.js';
import { NodeAgentError } from '../errors/node-agent-error.js';
import type { K8sNode, K8sPod } from '../kubernetes/kubernetes-objects.js';
import {
  isNodeReady,
  nodeAllocatable,
  nodeObservation,
  nodeReadySince,
  nodeZone,
} from '../kubernetes/node-facts.js';
import { pdbKey } from '../kubernetes/pdb-index.js';
import { isDaemonSetPod, isPodReady, isPodTerminating, needsEviction } from '../kubernetes/pod-facts.js';
import { rfc3339 } from '../kubernetes/time-format.js';
import { CandidateQueue, type AdmissionVerdict } from '../plan/candidate-queue.js';
import { structuralEvictionBlocker } from '../plan/pdb-allowance.js';
import { planRollout, type RolloutPlanV1 } from '../plan/plan-rollout.js';
import { createPriorTimingModel, type TimingModelV1 } from '../plan/timing-model.js';
import { resolveRolloutPolicy, type ResolvedRolloutPolicy } from '../policy/resolve-rollout-policy.js';
import { defaultRolloutPolicy, type RolloutPolicy } from '../policy/rollout-policy.js';
import { createWindowSchedule, type WindowSchedule } from '../policy/window-schedule.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1, NodeMergePatchV1 } from '../ports/cluster-client-v1.js';
import type { NodeAgentV1 } from '../ports/node-agent-v1.js';
import { systemClock } from '../ports/system-clock.js';
import { DISTRO_TIMING_PROFILES } from '../simulator/distro-profiles.js';
import { ClusterView } from './cluster-view.js';
import { drainNode } from './drain-node.js';
import { LeaderLease } from './leader-lease.js';
import {
  ANNOTATIONS,
  DISRUPTIVE_PHASES,
  hasPendingTaint,
  readNodeRecord,
  taintsWithPending,
  type NodePhase,
  type NodeRecord,
} from './node-annotations.js';
import type { NodeOutcomeV1, RolloutProgressV1, RolloutResultV1 } from './rollout-result.js';
import { cancellableSleep } from './cancellable-sleep.js';

/** Options of {@link createRolloutExecutor}. */
export interface RolloutExecutorOptions {
  readonly client: ClusterClientV1;
  readonly agent: NodeAgentV1;
  /** The adapter's update mechanics (any `UpdateStrategyV1`). */
  readonly strategy: UpdateStrategyV1;
  readonly pool: NodePool;
  /** The validated policy; defaults when omitted. */
  readonly policy?: RolloutPolicy;
  /** The version to move to; `{}` = whatever the node's channel offers. */
  readonly target?: UpdateTargetV1;
  /** This replica's identity (the Lease holder), e.g. the pod name. */
  readonly identity: string;
  /** Names the rollout's state on the nodes; `<pool>-<target version or "latest">` when omitted. */
  readonly rolloutId?: string;
  readonly clock?: ClockV1;
  /** Uniform [0, 1) for retry jitter. */
  readonly random?: () => number;
  /** Durations for the plan and window fitting; priors for the strategy's kind when omitted. */
  readonly timing?: TimingModelV1;
  /** Called after every node reaches a final state and on pause, halt and resume. */
  readonly onProgress?: (progress: RolloutProgressV1) => void;
  /**
   * Told of API problems the executor retries without end, such as a list or watch the API
   * refuses (403 while RBAC is missing), which would otherwise leave a rollout waiting silently.
   */
  readonly log?: (line: string) => void;
}

/** A running rollout. */
export interface RolloutExecutor {
  /** The rollout's id (annotation value on its nodes). */
  readonly rolloutId: string;
  /** The Lease coordinating replicas (namespace/name). */
  readonly lease: { readonly namespace: string; readonly name: string };
  /**
   * Acquires the Lease, then updates the pool until every node is final, the failure budget
   * halts it, or {@link abort} is called. Aborting `signal` stops at once without any further
   * change to the cluster (as if the process died); a restarted executor resumes from the nodes'
   * annotations. Rejects with {@link LeadershipLostError} when the Lease could not be renewed.
   */
  run(signal?: AbortSignal): Promise<RolloutResultV1>;
  /**
   * Stops the rollout cleanly: no new nodes; drains in progress are cancelled and their nodes
   * uncordoned; nodes past the drain finish their cycle; then every cordon kubenode owns is
   * released and `run` resolves with outcome `aborted`.
   */
  abort(): void;
  /** The plan computed when `run` started (undefined before). */
  plan(): RolloutPlanV1 | undefined;
}

type Classification =
  'fresh' | 'staging' | 'staged' | 'disrupted' | 'done' | 'failed' | 'reverted' | 'blocked';

interface NodePodSummary {
  readonly needed: ReadonlyMap<string, number>;
  readonly blocker: string | undefined;
  readonly critical: readonly string[];
}

class AbortedDrain extends Error {
  constructor() {
    super('drain cancelled by abort');
  }
}

/** The reason given when a timer of ours is cancelled (cheaper than a DOMException each time). */
const DONE = new Error('timer cancelled');

const FINAL: ReadonlySet<NodePhase> = new Set(['done', 'failed', 'reverted', 'blocked']);

/**
 * Creates the rollout executor: a leader-elected controller that updates a pool node by node
 * (select → cordon → drain → stage/apply → reboot → verify → uncordon) with any adapter's
 * `UpdateStrategyV1`, keeping its state in node annotations so a restarted executor resumes.
 */
export function createRolloutExecutor(options: RolloutExecutorOptions): RolloutExecutor {
  return new Executor(options);
}

class Executor implements RolloutExecutor {
  readonly rolloutId: string;
  readonly lease: { namespace: string; name: string };
  private readonly client: ClusterClientV1;
  private readonly agent: NodeAgentV1;
  private readonly strategy: UpdateStrategyV1;
  private readonly pool: NodePool;
  private readonly policyInput: RolloutPolicy;
  private readonly target: UpdateTargetV1;
  private readonly clock: ClockV1;
  private readonly random: () => number;
  private readonly timing: TimingModelV1;
  private readonly onProgress: ((progress: RolloutProgressV1) => void) | undefined;
  private readonly log: ((line: string) => void) | undefined;

  private resolved!: ResolvedRolloutPolicy;
  private view!: ClusterView;
  private leader!: LeaderLease;
  private window: WindowSchedule | undefined;
  private thePlan: RolloutPlanV1 | undefined;
  private readonly stop = new AbortController();
  private readonly drainCancel = new AbortController();
  private aborting = false;
  private halted: string | undefined;
  private paused = false;

  private readonly rank = new Map<string, number>();
  private readonly prepareQueue = new CandidateQueue<string>(
    (name) => this.rank.get(name) ?? Number.MAX_SAFE_INTEGER,
    (name) => name,
  );
  private readonly admitQueue = new CandidateQueue<string>(
    (name) => this.rank.get(name) ?? Number.MAX_SAFE_INTEGER,
    (name) => name,
  );
  private readonly preparing = new Map<string, Promise<void>>();
  private readonly updating = new Map<string, Promise<void>>();
  private readonly retryTimers = new Map<string, AbortController>();
  /** Our last written final record per node, until the cache shows it. */
  private readonly written = new Map<string, NodeRecord>();
  /** Nodes out of service for reasons other than this rollout (NotReady, cordoned by others). */
  private readonly unavailableOther = new Set<string>();
  private readonly failedUnacked = new Set<string>();
  private readonly releasing = new Set<string>();
  private readonly structural = new Map<string, string>();
  /** Evictions still to do per PodDisruptionBudget, from admitted nodes. */
  private readonly pendingEvictions = new Map<string, number>();
  private readonly pendingByNode = new Map<string, Map<string, number>>();
  /** Capacity admitted but not yet visible as cordoned, per node and summed per zone. */
  private readonly reserved = new Map<string, { zone: string; cpu: number; memory: number }>();
  private readonly reservedByZone = new Map<string, { cpu: number; memory: number }>();

  private reserve(name: string, entry: { zone: string; cpu: number; memory: number }): void {
    this.unreserve(name);
    this.reserved.set(name, entry);
    const sum = this.reservedByZone.get(entry.zone) ?? { cpu: 0, memory: 0 };
    sum.cpu += entry.cpu;
    sum.memory += entry.memory;
    this.reservedByZone.set(entry.zone, sum);
  }

  private unreserve(name: string): void {
    const entry = this.reserved.get(name);
    if (!entry) return;
    this.reserved.delete(name);
    const sum = this.reservedByZone.get(entry.zone);
    if (sum) {
      sum.cpu -= entry.cpu;
      sum.memory -= entry.memory;
    }
  }
  private readonly starts: number[] = [];
  private readonly finishedTimes: number[] = [];
  private updatedCount = 0;
  private canaryTotal = 0;
  private canaryCompleteAt: number | undefined;
  private lastFinishedAt = 0;
  private wake: (() => void) | undefined;
  private woken = false;
  private windowTimer: AbortController | undefined;
  private readonly outcomes = new Map<string, { phase: NodePhase | 'skipped' | 'current'; reason: string }>();
  private startedAt = 0;
  private failureCount = 0;
  private failedCount = 0;

  private setOutcome(
    name: string,
    outcome: { phase: NodePhase | 'skipped' | 'current'; reason: string },
  ): void {
    const previous = this.outcomes.get(name);
    const isFailure = (phase: string | undefined) => phase === 'failed' || phase === 'reverted';
    if (isFailure(previous?.phase)) this.failureCount--;
    if (previous?.phase === 'failed') this.failedCount--;
    if (isFailure(outcome.phase)) this.failureCount++;
    if (outcome.phase === 'failed') this.failedCount++;
    this.outcomes.set(name, outcome);
  }

  constructor(options: RolloutExecutorOptions) {
    this.client = options.client;
    this.agent = options.agent;
    this.strategy = options.strategy;
    this.pool = options.pool;
    this.policyInput = options.policy ?? defaultRolloutPolicy();
    this.target = options.target ?? {};
    this.clock = options.clock ?? systemClock();
    this.random = options.random ?? Math.random;
    this.onProgress = options.onProgress;
    this.log = options.log;
    const profile =
      DISTRO_TIMING_PROFILES[this.pool.spec.distro] ??
      (this.strategy.kind === 'package-manager'
        ? DISTRO_TIMING_PROFILES.debian
        : DISTRO_TIMING_PROFILES.flatcar);
    this.timing =
      options.timing ??
      createPriorTimingModel({
        profile: profile as NonNullable<typeof profile>,
        readySeconds: this.policyInput.verify.readySeconds,
      });
    const version = (this.target.version ?? 'latest').toLowerCase().replace(/[^a-z0-9.-]/g, '-');
    this.rolloutId = options.rolloutId ?? `${this.pool.metadata.name}-${version}`;
    this.lease = {
      namespace: this.policyInput.lease.namespace,
      name: this.policyInput.lease.name ?? `kubenode-rollout-${this.pool.metadata.name}`,
    };
    this.identity = options.identity;
    // Every in-flight wait listens on these; hundreds at once are expected, not a leak.
    setMaxListeners(0, this.stop.signal);
    setMaxListeners(0, this.drainCancel.signal);
  }

  private readonly identity: string;

  plan(): RolloutPlanV1 | undefined {
    return this.thePlan;
  }

  abort(): void {
    if (this.aborting) return;
    this.aborting = true;
    this.drainCancel.abort(new AbortedDrain());
    this.poke();
  }

  async run(signal?: AbortSignal): Promise<RolloutResultV1> {
    const onExternal = () => this.stop.abort(signal?.reason ?? new Error('executor stopped'));
    if (signal?.aborted) onExternal();
    signal?.addEventListener('abort', onExternal, { once: true });
    const stop = this.stop.signal;
    this.startedAt = this.clock.now();
    const policy = this.policyInput;
    this.leader = new LeaderLease(
      this.client,
      this.clock,
      this.lease.namespace,
      this.lease.name,
      this.identity,
      {
        durationSeconds: policy.lease.durationSeconds,
        renewDeadlineSeconds: policy.lease.renewDeadlineSeconds,
        retryPeriodSeconds: policy.lease.retryPeriodSeconds,
      },
    );
    try {
      await this.leader.acquire(stop);
      const renewing = this.leader.keepRenewing(stop, (error) => {
        this.stop.abort(
          new LeadershipLostError({ lease: this.leader.key, identity: this.identity, cause: error }),
        );
      });
      void renewing;
      this.readLeaseFlags();
      this.view = new ClusterView(
        this.client,
        this.clock,
        policy.nodeSelector ?? `kubenode.dev/pool=${this.pool.metadata.name}`,
        this.log,
      );
      this.view.subscribe((topic) => this.onTopic(topic));
      await this.view.start(stop);
      this.initialise();
      await this.taintPending(true);
      const result = await this.loop();
      await this.leader.release();
      this.stop.abort(new Error('rollout finished'));
      await this.view.stopped();
      return result;
    } catch (error) {
      this.stop.abort(error);
      throw stop.reason ?? error;
    } finally {
      signal?.removeEventListener('abort', onExternal);
      for (const timer of this.retryTimers.values()) timer.abort(DONE);
      this.windowTimer?.abort(DONE);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Setup

  private readLeaseFlags(): void {
    const annotations = this.leader.annotations();
    this.paused = annotations[ANNOTATIONS.paused] === 'true';
    const halted = annotations[ANNOTATIONS.halted];
    if (halted && annotations[ANNOTATIONS.rollout] === this.rolloutId) this.halted = halted;
  }

  /** Set once `initialise` ranked and placed the nodes of the initial list. */
  private initialised = false;

  private initialise(): void {
    this.initialised = true;
    const nodes = this.view.poolNodes();
    this.resolved = resolveRolloutPolicy({
      policy: this.policyInput,
      poolSize: nodes.length,
      pool: this.pool,
    });
    this.window = this.resolved.window ? createWindowSchedule(this.resolved.window) : undefined;
    const exclude = new Set<string>();
    for (const node of nodes) {
      const record = readNodeRecord(node, this.rolloutId);
      if (record.phase !== undefined && record.phase !== 'staged' && record.phase !== 'staging')
        exclude.add(node.metadata.name);
    }
    const plan = planRollout({
      snapshot: { nodes, pods: this.view.allPods(), pdbs: this.view.allPdbs() },
      policy: this.resolved,
      capabilities: this.strategy.capabilities,
      timing: this.timing,
      startMs: this.clock.now(),
      exclude,
      cordonedByUs: (node) => readNodeRecord(node, this.rolloutId).cordonOwned,
    });
    this.thePlan = plan;
    plan.order.forEach((name, index) => this.rank.set(name, index));
    let next = plan.order.length;
    for (const node of [...nodes].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)))
      if (!this.rank.has(node.metadata.name)) this.rank.set(node.metadata.name, next++);
    for (const { node, reason } of plan.blocked) this.structural.set(node, reason);
    const critical = new Set(plan.criticalPdbs);
    for (const node of plan.model.nodes) {
      const keys = node.pdbKeys.filter((key) => critical.has(key));
      if (keys.length === 0) continue;
      this.criticalNodes.set(node.name, keys);
      for (const key of keys) this.criticalLeft.set(key, (this.criticalLeft.get(key) ?? 0) + 1);
    }
    const zones = new Set(plan.model.nodes.map((node) => node.zone));
    this.canaryTotal = Math.min(
      plan.order.length + this.countUpdated(nodes),
      this.policyInput.waves.canaryPerZone * zones.size,
    );

    const doneTimes: number[] = [];
    for (const node of nodes) {
      const name = node.metadata.name;
      const record = readNodeRecord(node, this.rolloutId);
      if (record.started !== undefined) this.starts.push(record.started);
      if (record.phase === 'done' && record.result === 'updated') {
        this.updatedCount++;
        this.countUpdatedZone(node);
        if (record.since !== undefined) doneTimes.push(record.since);
      }
      this.place(name, node, record, true);
    }
    doneTimes.sort((a, b) => a - b);
    if (this.canaryTotal > 0 && doneTimes.length >= this.canaryTotal)
      this.canaryCompleteAt = doneTimes[this.canaryTotal - 1];
  }

  /** Nodes this rollout updated, per zone (the canary wave's count). */
  private readonly updatedByZone = new Map<string, number>();

  private countUpdatedZone(node: K8sNode): void {
    const zone = nodeZone(node);
    this.updatedByZone.set(zone, (this.updatedByZone.get(zone) ?? 0) + 1);
  }

  private countUpdated(nodes: readonly K8sNode[]): number {
    return nodes.filter((node) => {
      const record = readNodeRecord(node, this.rolloutId);
      return record.phase === 'done' && record.result === 'updated';
    }).length;
  }

  /** Puts a node where its record says it belongs (initial load and external changes). */
  private place(name: string, node: K8sNode, record: NodeRecord, initial: boolean): void {
    const kind = this.classify(record);
    this.refreshAvailability(name, node, record);
    switch (kind) {
      case 'disrupted':
        if (initial && !this.updating.has(name)) this.spawnUpdate(name, record.phase);
        break;
      case 'staging':
      case 'fresh':
        this.prepareQueue.push(name);
        break;
      case 'staged':
        this.admitQueue.push(name);
        break;
      case 'done':
        this.setOutcome(name, { phase: 'done', reason: record.result === 'current' ? 'current' : 'updated' });
        break;
      case 'failed':
        this.setOutcome(name, { phase: 'failed', reason: record.reason ?? 'failed' });
        break;
      case 'reverted':
      case 'blocked':
        this.setOutcome(name, { phase: kind, reason: record.reason ?? kind });
        if (record.attempts < this.policyInput.maxAttempts) this.scheduleRetry(name, record.retryAfter ?? 0);
        break;
    }
  }

  private classify(record: NodeRecord): Classification {
    const phase = record.phase;
    if (phase === undefined) return 'fresh';
    if (DISRUPTIVE_PHASES.has(phase)) return 'disrupted';
    return phase as Classification;
  }

  private refreshAvailability(name: string, node: K8sNode, record: NodeRecord): void {
    const ours =
      this.updating.has(name) || (record.phase !== undefined && DISRUPTIVE_PHASES.has(record.phase));
    const failed = record.phase === 'failed' && !record.acknowledged;
    if (failed) this.failedUnacked.add(name);
    else this.failedUnacked.delete(name);
    // An acknowledged failure is the operator's now: it no longer holds a slot, even while NotReady.
    const acknowledged = record.phase === 'failed' && record.acknowledged;
    const other =
      !ours &&
      !failed &&
      !acknowledged &&
      (!isNodeReady(node) || (node.spec.unschedulable === true && !record.cordonOwned));
    if (other) this.unavailableOther.add(name);
    else this.unavailableOther.delete(name);
    if (record.phase === 'failed' && record.acknowledged && record.cordonOwned && !this.releasing.has(name)) {
      this.releasing.add(name);
      void this.releaseAcknowledged(name)
        // Its patch retries API errors until the executor stops: it rejects only on stop or lost
        // leadership, which end the run (an unhandled rejection would crash the process instead).
        .catch(() => undefined)
        .finally(() => this.releasing.delete(name));
    }
  }

  /** Records parsed per node object (objects are immutable snapshots). */
  private readonly records = new WeakMap<K8sNode, NodeRecord>();

  private parsed(node: K8sNode): NodeRecord {
    let record = this.records.get(node);
    if (!record) {
      record = readNodeRecord(node, this.rolloutId);
      this.records.set(node, record);
    }
    return record;
  }

  /** The node's record: our last write until the cache shows it. */
  private record(name: string): NodeRecord | undefined {
    const node = this.view.node(name);
    if (!node) return undefined;
    const cached = this.parsed(node);
    const mine = this.written.get(name);
    if (mine && cached.phase !== mine.phase) return mine;
    if (mine) this.written.delete(name);
    return cached;
  }

  // -------------------------------------------------------------------------------------------
  // Events and the main loop

  private onTopic(topic: string): void {
    if (topic.startsWith('pods:')) {
      this.summaries.delete(topic.slice(5));
      return;
    }
    if (topic.startsWith('node:')) {
      // The view's initial list reports every node before `initialise` ranks them by the plan and
      // places them: placing them here would queue them in list order instead of the plan's.
      if (!this.initialised) return;
      const name = topic.slice(5);
      const node = this.view.node(name);
      if (!node) {
        const worker = this.leaving.get(name);
        worker?.abort(new Error(`node ${name} left the pool`));
        // A node that left while waiting keeps nothing of the rollout's: the end of the rollout
        // only untaints pool nodes, so the pending taint would stay on it for good.
        if (!worker && this.initialised) this.untaintLeft(name);
        this.prepareQueue.remove(name);
        this.admitQueue.remove(name);
        this.unavailableOther.delete(name);
        this.failedUnacked.delete(name);
        this.poke();
        return;
      }
      const record = this.record(name);
      if (record) this.refreshAvailability(name, node, record);
      if (record?.cordonOwned && node.spec.unschedulable !== true && this.updating.has(name))
        this.onUncordonedByOther(name);
      if (node.spec.unschedulable === true) this.unreserve(name);
      if (!this.rank.has(name)) {
        // A node joined the pool.
        this.rank.set(name, this.rank.size);
        if (record && !this.updating.has(name) && !this.preparing.has(name))
          this.place(name, node, record, false);
      }
      this.admitQueue.open(`node:${name}`);
      this.admitQueue.open(`zone:${nodeZone(node)}`);
      this.admitQueue.open('capacity');
      this.poke();
    } else if (topic.startsWith('pdb:')) {
      const key = topic.slice(4);
      if (this.pdbAvailable(key) >= 1) {
        this.releasePdb(key);
        this.poke();
      }
    }
  }

  private poke(): void {
    this.woken = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async loop(): Promise<RolloutResultV1> {
    const stop = this.stop.signal;
    let last = Number.NEGATIVE_INFINITY;
    for (;;) {
      stop.throwIfAborted();
      const since = this.clock.now() - last;
      if (since < 250) await this.clock.sleep(250 - since, stop);
      last = this.clock.now();
      this.woken = false;
      this.reconcile();
      if (this.finished()) break;
      if (!this.woken) await this.waitForWake(this.policyInput.reconcileSeconds * 1000);
    }
    await Promise.all([...this.updating.values(), ...this.preparing.values()]);
    if (this.aborting) await this.releaseAllCordons();
    await this.taintPending(false);
    return this.result();
  }

  private async waitForWake(ms: number): Promise<void> {
    const stop = this.stop.signal;
    // The timeout as a sleep that is cancelled (rejected) when the executor is woken or stops first.
    const { sleep, cancel } = cancellableSleep(this.clock, ms);
    const onStop = () => cancel(DONE);
    stop.addEventListener('abort', onStop, { once: true });
    const woken = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    try {
      await Promise.race([woken, sleep.catch(() => undefined)]);
    } finally {
      this.wake = undefined;
      onStop();
      stop.removeEventListener('abort', onStop);
    }
    stop.throwIfAborted();
  }

  private finished(): boolean {
    if (this.updating.size > 0 || this.preparing.size > 0) return false;
    if (this.aborting) return true;
    if (this.halted !== undefined) return true;
    if (this.paused) return false;
    if (this.prepareQueue.size > 0) return false;
    const active = this.admitQueue.parkingKeys().filter((key) => !/^(node|structural|gone):/.test(key));
    if (this.admitQueue.size - this.parkedInactive() > 0 || active.length > 0) return false;
    // Only retries of nodes whose drain timed out keep the rollout going; structural blocks do not.
    for (const name of this.retryTimers.keys()) if (!this.structural.has(name)) return false;
    return true;
  }

  private parkedInactive(): number {
    let count = 0;
    for (const key of this.admitQueue.parkingKeys())
      if (/^(node|structural|gone):/.test(key)) count += this.admitQueue.parkedUnder(key);
    return count;
  }

  private reconcile(): void {
    this.readLeaseFlags();
    this.checkFailureBudget();
    if (this.aborting || this.halted !== undefined || this.paused) return;
    // Stage ahead (while serving): keep `stageAhead` nodes prepared or preparing beyond those parked.
    const prepared = this.admitQueue.queued + this.admitQueue.parkedUnder('reserve');
    let room = Math.max(0, this.resolved.stageAhead - this.preparing.size - prepared);
    if (room > 0) {
      for (const name of this.prepareQueue.select(room, () => ({ admit: true }))) {
        const blocker = this.structuralBlocker(name);
        if (blocker) {
          this.structural.set(name, blocker);
          this.markBlockedInBackground(name, blocker, false);
          continue;
        }
        this.spawnPrepare(name);
        room--;
      }
    }
    // Admission.
    const slots = this.slots();
    if (slots <= 0) return;
    this.free = slots;
    this.admitQueue.open('reserve');
    const admitted = this.admitQueue.select(slots, (name) => this.check(name));
    for (const name of admitted) {
      for (const key of this.criticalNodes.get(name) ?? [])
        this.criticalLeft.set(key, Math.max(0, (this.criticalLeft.get(key) ?? 1) - 1));
      this.spawnUpdate(name, undefined);
    }
  }

  /** Free slots during one selection (the reserve for critical budgets is taken from it). */
  private free = 0;
  /** Critical budgets (from the plan) and how many of their nodes have not started yet. */
  private readonly criticalLeft = new Map<string, number>();
  private readonly criticalNodes = new Map<string, readonly string[]>();
  /** Parking keys of nodes waiting for any of several budgets, by budget. */
  private readonly comboParks = new Map<string, Set<string>>();

  /** Returns the nodes waiting for a budget (alone or among others) to the queue. */
  private releasePdb(key: string): void {
    this.admitQueue.open(`pdb:${key}`);
    const combos = this.comboParks.get(key);
    if (!combos) return;
    for (const combo of combos) {
      this.admitQueue.open(combo);
    }
    combos.clear();
  }

  /**
   * The critical budgets a node's pods belong to: from the plan, plus those of pods that landed
   * on it since (a replacement of a critical pod must be evicted again, on the same chain).
   */
  private criticalOf(name: string): readonly string[] {
    return this.podSummary(name).critical;
  }

  /**
   * What a node's pods need from their budgets (evictions per budget), whether one can never be
   * evicted, and its critical chains; cached until the node's pods change.
   */
  private podSummary(name: string): NodePodSummary {
    const cached = this.summaries.get(name);
    if (cached) return cached;
    const needed = new Map<string, number>();
    const critical: string[] = [];
    let blocker: string | undefined;
    for (const pod of this.view.podsOn(name)) {
      if (!needsEviction(pod) || isPodTerminating(pod)) continue;
      const keys = this.view.pdbKeysFor(pod);
      if (keys.length === 0) continue;
      blocker ??= structuralEvictionBlocker(pod, this.view.pdbsFor(pod));
      const key = keys[0] as string;
      needed.set(key, (needed.get(key) ?? 0) + 1);
      if (this.criticalLeft.has(key) && !critical.includes(key)) critical.push(key);
    }
    const summary: NodePodSummary = { needed, blocker, critical };
    this.summaries.set(name, summary);
    return summary;
  }

  private readonly summaries = new Map<string, NodePodSummary>();

  private slots(): number {
    const budget = this.resolved.maxUnavailable;
    let inFlight = this.updating.size;
    for (const name of this.failedUnacked) if (this.updating.has(name)) inFlight--;
    const disrupted = inFlight + this.failedUnacked.size + this.unavailableOther.size;
    let slots = budget - disrupted;
    const waves = this.policyInput.waves;
    if (waves.canaryPerZone > 0) {
      let cap: number;
      if (this.updatedCount < this.canaryTotal) cap = this.canaryTotal - this.updatedCount;
      else {
        this.canaryCompleteAt ??= this.clock.now();
        const soakEnd = this.canaryCompleteAt + waves.soakSeconds * 1000;
        if (this.clock.now() < soakEnd) {
          this.wakeAt(soakEnd);
          cap = 0;
        } else cap = Math.floor(this.canaryTotal + (waves.growthFactor - 1) * this.updatedCount);
      }
      slots = Math.min(slots, cap - inFlight);
    }
    const rate = this.resolved.rateLimit;
    if (rate) {
      const since = this.clock.now() - rate.perSeconds * 1000;
      const recent = this.starts.filter((start) => start > since).sort((a, b) => a - b);
      slots = Math.min(slots, rate.nodes - recent.length);
      if (recent.length >= rate.nodes) this.wakeAt((recent[0] as number) + rate.perSeconds * 1000 + 1);
    }
    return Math.max(0, slots);
  }

  /** An abort controller that also aborts when the executor stops; `dispose` unlinks it. */
  private linked(...others: AbortSignal[]): { controller: AbortController; dispose: () => void } {
    const controller = new AbortController();
    const signals = [this.stop.signal, ...others];
    const onAbort = () => controller.abort(signals.find((signal) => signal.aborted)?.reason);
    for (const signal of signals) {
      if (signal.aborted) {
        controller.abort(signal.reason);
        return { controller, dispose: () => undefined };
      }
    }
    for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true });
    return {
      controller,
      dispose: () => {
        for (const signal of signals) signal.removeEventListener('abort', onAbort);
      },
    };
  }

  private readonly wakeTimes = new Set<number>();

  private wakeAt(time: number): void {
    const delay = time - this.clock.now();
    if (delay <= 0 || this.wakeTimes.has(time)) return;
    this.wakeTimes.add(time);
    const { controller, dispose } = this.linked();
    this.clock
      .sleep(delay, controller.signal)
      .then(
        () => this.poke(),
        () => undefined,
      )
      .finally(() => {
        dispose();
        this.wakeTimes.delete(time);
      });
  }

  private check(name: string): AdmissionVerdict {
    const node = this.view.node(name);
    if (!node) return { admit: false, parkOn: `gone:${name}` };
    // No slot is kept for critical chains during the canary wave: the wave's per-zone cap may stop
    // their nodes, and a zone whose canary then waited for that slot would never get one.
    const canaryWave = this.policyInput.waves.canaryPerZone > 0 && this.updatedCount < this.canaryTotal;
    if (!canaryWave && this.criticalOf(name).length === 0) {
      let reserve = 0;
      for (const count of this.criticalLeft.values()) if (count > 0) reserve++;
      if (this.free - reserve < 1) return { admit: false, parkOn: 'reserve' };
    }
    const record = this.record(name);
    if (record?.phase !== 'staged') return { admit: false, parkOn: `gone:${name}` };
    if (node.spec.unschedulable === true && !record.cordonOwned)
      return { admit: false, parkOn: `node:${name}` };
    if (!isNodeReady(node)) return { admit: false, parkOn: `node:${name}` };
    const zone = nodeZone(node);
    if (canaryWave) {
      // The canary wave: at most canaryPerZone nodes per zone in flight or updated, until every
      // canary is updated (counting only those in flight let a zone start another node as soon as
      // its canary was done, long before the wave and its soak were over).
      let inZone = this.updatedByZone.get(zone) ?? 0;
      for (const other of this.updating.keys()) {
        const otherNode = this.view.node(other);
        if (otherNode && nodeZone(otherNode) === zone) inZone++;
      }
      if (inZone >= this.policyInput.waves.canaryPerZone) return { admit: false, parkOn: `zone:${zone}` };
    }
    if (this.window && !this.window.fits(this.clock.now(), this.timing.nodeCycleP95Seconds(node))) {
      this.armWindowTimer();
      return { admit: false, parkOn: 'window' };
    }
    if (!this.zoneAllows(zone, node)) return { admit: false, parkOn: 'capacity' };
    const summary = this.podSummary(name);
    if (summary.blocker) {
      this.structural.set(name, summary.blocker);
      this.markBlockedInBackground(name, summary.blocker, false);
      return { admit: false, parkOn: `structural:${name}` };
    }
    const needed = summary.needed;
    // A node on critical chains goes as soon as one of its chains' budgets allows an eviction,
    // provided its other budgets would let it through well within the pod deadline (it then waits
    // for them in its drain, first in line); any other node only when every budget it needs allows
    // it now.
    const critical = this.criticalOf(name);
    if (critical.length > 0) {
      const ready = critical.filter((key) => this.pdbAvailable(key) >= 1);
      if (ready.length === 0) {
        if (critical.length === 1) return { admit: false, parkOn: `pdb:${critical[0] as string}` };
        // Waits for whichever chain frees first.
        const parkOn = `pdbs:${critical.join('|')}`;
        for (const key of critical) {
          let combos = this.comboParks.get(key);
          if (!combos) {
            combos = new Set();
            this.comboParks.set(key, combos);
          }
          combos.add(parkOn);
        }
        return { admit: false, parkOn };
      }
      const patience = (this.policyInput.drain.podDeadlineSeconds * 1000) / 2;
      for (const key of needed.keys()) {
        if (ready.includes(key)) continue;
        if (this.expectedWaitMs(key) > patience) return { admit: false, parkOn: `pdb:${key}` };
      }
    } else {
      for (const key of needed.keys())
        if (this.pdbAvailable(key) < 1) return { admit: false, parkOn: `pdb:${key}` };
    }
    // Reserve.
    for (const [key, count] of needed)
      this.pendingEvictions.set(key, (this.pendingEvictions.get(key) ?? 0) + count);
    this.pendingByNode.set(name, new Map(needed));
    const { cpu, memory } = nodeAllocatable(node);
    this.reserve(name, { zone, cpu, memory });
    this.free--;
    return { admit: true };
  }

  /** Disruptions this process used per budget since the budget's status it saw last. */
  private readonly claims = new Map<string, { status: object | undefined; used: number }>();

  private claimEviction(key: string): boolean {
    const status = this.view.pdb(key)?.status;
    let claim = this.claims.get(key);
    if (!claim || claim.status !== status) {
      claim = { status, used: 0 };
      this.claims.set(key, claim);
    }
    if ((status?.disruptionsAllowed ?? 0) - claim.used <= 0) return false;
    claim.used++;
    return true;
  }

  /** Eviction order within a drain: pods of critical budgets first, then by their budget's load. */
  private podPriority(pod: K8sPod): number {
    const pdb = this.view.pdbsFor(pod)[0];
    if (!pdb) return 0;
    const key = pdbKey(pdb);
    return (this.criticalLeft.has(key) ? 1e12 : 0) + (this.thePlan?.model.pdbs.get(key)?.loadSeconds ?? 1);
  }

  /** How long an eviction queued now on a budget would wait, from the queue and the budget's hold time. */
  private expectedWaitMs(key: string): number {
    const entry = this.thePlan?.model.pdbs.get(key);
    const hold = entry?.holdSeconds ?? 45;
    const allowance = Math.max(1, entry?.allowance ?? 1);
    const queue = Math.max(0, 1 - this.pdbAvailable(key));
    return (queue * hold * 1000) / allowance;
  }

  private pdbAvailable(key: string): number {
    const pdb = this.view.pdb(key);
    return (pdb?.status?.disruptionsAllowed ?? 0) - (this.pendingEvictions.get(key) ?? 0);
  }

  /**
   * Capacity rules for taking `node` out: its zone keeps the floor share of its allocatable
   * schedulable, and the pool keeps room for every pod's requests (evicted pods may move to any zone).
   */
  private zoneAllows(zone: string, node: K8sNode): boolean {
    const capacity = this.view.zoneCapacity(zone);
    const { cpu, memory } = nodeAllocatable(node);
    const floor = this.policyInput.capacityFloor.percent / 100;
    const reservedZone = this.reservedByZone.get(zone);
    const leftCpu = capacity.schedulableCpu - (reservedZone?.cpu ?? 0) - cpu;
    const leftMemory = capacity.schedulableMemory - (reservedZone?.memory ?? 0) - memory;
    if (leftCpu < floor * capacity.totalCpu - 1e-9 || leftMemory < floor * capacity.totalMemory - 1e-9)
      return false;
    if (this.policyInput.capacityFloor.fitRequests) {
      let schedulableCpu = 0;
      let schedulableMemory = 0;
      let requestedCpu = 0;
      let requestedMemory = 0;
      for (const name of this.view.zoneNames()) {
        const other = this.view.zoneCapacity(name);
        const reserved = this.reservedByZone.get(name);
        schedulableCpu += other.schedulableCpu - (reserved?.cpu ?? 0);
        schedulableMemory += other.schedulableMemory - (reserved?.memory ?? 0);
        requestedCpu += other.requestedCpu;
        requestedMemory += other.requestedMemory;
      }
      if (schedulableCpu - cpu < requestedCpu - 1e-9 || schedulableMemory - memory < requestedMemory - 1e-9)
        return false;
    }
    return true;
  }

  private armWindowTimer(): void {
    if (this.windowTimer || !this.window) return;
    const now = this.clock.now();
    const next = this.window.nextOpen((this.window.closesAt(now) ?? now) + 1000);
    if (!Number.isFinite(next)) return;
    const { controller, dispose } = this.linked();
    this.windowTimer = controller;
    this.clock
      .sleep(Math.max(1000, next - now), controller.signal)
      .then(
        () => {
          this.windowTimer = undefined;
          this.admitQueue.open('window');
          this.poke();
        },
        () => undefined,
      )
      .finally(dispose);
  }

  private structuralBlocker(name: string): string | undefined {
    for (const pod of this.view.podsOn(name)) {
      if (!needsEviction(pod) || isPodTerminating(pod)) continue;
      const blocker = structuralEvictionBlocker(pod, this.view.pdbsFor(pod));
      if (blocker) return blocker;
    }
    return undefined;
  }

  private checkFailureBudget(): void {
    if (this.halted !== undefined) return;
    const failures = this.failureCount;
    if (failures > this.resolved.failureBudget) {
      this.halted = `${failures} node failures exceed the failure budget of ${this.resolved.failureBudget}`;
      void this.leader
        .annotate(
          { [ANNOTATIONS.halted]: this.halted, [ANNOTATIONS.rollout]: this.rolloutId },
          this.stop.signal,
        )
        .catch(() => undefined);
      this.progress();
    }
  }

  private scheduleRetry(name: string, at: number): void {
    this.retryTimers.get(name)?.abort(DONE);
    const { controller: timer, dispose } = this.linked();
    this.retryTimers.set(name, timer);
    const delay = Math.max(0, at - this.clock.now());
    this.clock
      .sleep(delay, timer.signal)
      .finally(dispose)
      .then(
        () => {
          this.retryTimers.delete(name);
          if (this.structural.has(name)) {
            const blocker = this.structuralBlocker(name);
            if (blocker) {
              this.markBlockedInBackground(name, blocker, true);
              return;
            }
            this.structural.delete(name);
          }
          this.admitQueue.remove(name);
          this.prepareQueue.push(name);
          this.poke();
        },
        () => undefined,
      );
  }

  // -------------------------------------------------------------------------------------------
  // Workers

  private spawnPrepare(name: string): void {
    const task = this.prepareNode(name)
      .catch((error: unknown) => this.workerError(name, error))
      .finally(() => {
        this.preparing.delete(name);
        this.poke();
      });
    this.preparing.set(name, task);
  }

  private spawnUpdate(name: string, resume: NodePhase | undefined): void {
    const left = new AbortController();
    this.leaving.set(name, left);
    const task = this.updateNode(name, resume, left.signal)
      .catch((error: unknown) => {
        if (!left.signal.aborted) this.workerError(name, error);
      })
      .finally(() => {
        this.leaving.delete(name);
        if (left.signal.aborted || !this.view.node(name)) this.releaseLeft(name);
        this.updating.delete(name);
        this.releasePending(name);
        this.unreserve(name);
        const node = this.view.node(name);
        const record = this.record(name);
        if (node && record) this.refreshAvailability(name, node, record);
        this.poke();
      });
    this.updating.set(name, task);
  }

  /** Aborted when someone uncordons a node kubenode cordoned while it drains. */
  private readonly drainsUncordoned = new Map<string, AbortController>();
  private readonly disowning = new Set<string>();

  /**
   * Someone uncordoned a node kubenode had cordoned: the cordon is no longer kubenode's, so its
   * owner mark goes (else kubenode would later lift a cordon an operator set again, taking it for
   * its own), and a drain in progress stops: the operator has put the node back into service.
   */
  private onUncordonedByOther(name: string): void {
    this.drainsUncordoned.get(name)?.abort(new Error(`node ${name} was uncordoned during its drain`));
    if (this.disowning.has(name)) return;
    this.disowning.add(name);
    void this.disown(name)
      // Rejects only when the executor stops or loses the Lease, which end the run.
      .catch(() => undefined)
      .finally(() => this.disowning.delete(name));
  }

  /** Removes kubenode's cordon owner mark from a node that is no longer cordoned by kubenode. */
  private async disown(name: string): Promise<void> {
    await this.patch(name, (node) => {
      if (node.spec.unschedulable === true || !readNodeRecord(node, this.rolloutId).cordonOwned)
        return undefined;
      return { metadata: { annotations: { [ANNOTATIONS.cordonOwner]: null } } };
    });
  }

  /** A drain stopped because someone uncordoned the node: blocked (retried later), never uncordoned by us. */
  private async finishUncordonedDrain(name: string): Promise<void> {
    const reason = 'uncordoned by someone else during its drain; left in service';
    await this.endTurn(name, 'blocked', 'DrainBlocked', reason, { uncordon: false });
  }

  /** Aborted when a node being updated leaves the pool (deleted, or its pool label removed). */
  private readonly leaving = new Map<string, AbortController>();

  /**
   * A node that left the pool during its update is no longer this rollout's: its cordon (if
   * kubenode's) and pending taint are released, it is recorded blocked (retried if it rejoins), and
   * it holds no slot. Left alone, its worker waited out every timeout and then kept it cordoned,
   * counted as a failed node holding a slot of the budget, for good.
   */
  private releaseLeft(name: string): void {
    this.failedUnacked.delete(name);
    this.unavailableOther.delete(name);
    this.dropOutcome(name);
    if (this.stop.signal.aborted) return;
    const reason = 'left the pool during its update';
    void this.patch(name, (node) => {
      if (this.view.node(name)) return undefined;
      const record = readNodeRecord(node, this.rolloutId);
      const taint = hasPendingTaint(node);
      return {
        ...(record.cordonOwned || taint
          ? {
              spec: {
                ...(record.cordonOwned ? { unschedulable: false } : {}),
                ...(taint ? { taints: taintsWithPending(node, false) } : {}),
              },
            }
          : {}),
        metadata: {
          annotations: {
            [ANNOTATIONS.phase]: 'blocked',
            [ANNOTATIONS.phaseSince]: rfc3339(this.clock.now()),
            [ANNOTATIONS.reason]: reason,
            ...(record.cordonOwned ? { [ANNOTATIONS.cordonOwner]: null } : {}),
          },
        },
      };
    })
      .then(() => this.event(name, 'Warning', 'NodeLeftPool', `${reason}; released`))
      // Rejects only when the executor stops or loses the Lease, which end the run.
      .catch(() => undefined);
  }

  private untaintLeft(name: string): void {
    if (this.stop.signal.aborted) return;
    void this.patch(name, (node) =>
      this.view.node(name) || !hasPendingTaint(node)
        ? undefined
        : { spec: { taints: taintsWithPending(node, false) } },
    )
      // Rejects only when the executor stops or loses the Lease, which end the run.
      .catch(() => undefined);
  }

  private dropOutcome(name: string): void {
    const previous = this.outcomes.get(name);
    if (!previous) return;
    if (previous.phase === 'failed' || previous.phase === 'reverted') this.failureCount--;
    if (previous.phase === 'failed') this.failedCount--;
    this.outcomes.delete(name);
  }

  private workerError(name: string, error: unknown): void {
    if (this.stop.signal.aborted) return;
    if (error instanceof AbortedDrain) return;
    // An unexpected error in one node's worker must not stop the rollout, nor leave the node
    // cordoned: release it as blocked (retried while attempts remain).
    const reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    this.setOutcome(name, { phase: 'blocked', reason });
    void this.finish(
      name,
      'blocked',
      { reason, retryAfter: this.clock.now() + this.policyInput.retryBlockedAfterSeconds * 1000 },
      { uncordon: true },
    ).catch(() => undefined);
  }

  private releasePending(name: string): void {
    const pending = this.pendingByNode.get(name);
    if (!pending) return;
    for (const [key, count] of pending) {
      const left = (this.pendingEvictions.get(key) ?? 0) - count;
      if (left > 0) this.pendingEvictions.set(key, left);
      else this.pendingEvictions.delete(key);
      this.releasePdb(key);
    }
    this.pendingByNode.delete(name);
  }

  private onEvicted(name: string, pod: K8sPod): void {
    const pending = this.pendingByNode.get(name);
    if (!pending) return;
    const pdb = this.view.pdbsFor(pod)[0];
    if (!pdb) return;
    const key = pdbKey(pdb);
    const count = pending.get(key);
    if (!count) return;
    if (count > 1) pending.set(key, count - 1);
    else pending.delete(key);
    const left = (this.pendingEvictions.get(key) ?? 0) - 1;
    if (left > 0) this.pendingEvictions.set(key, left);
    else this.pendingEvictions.delete(key);
  }

  private async prepareNode(name: string): Promise<void> {
    const stop = this.stop.signal;
    const node = this.view.node(name);
    if (!node) return;
    const previous = readNodeRecord(node, this.rolloutId);
    await this.patch(name, () => ({
      metadata: {
        annotations: {
          [ANNOTATIONS.rollout]: this.rolloutId,
          [ANNOTATIONS.phase]: 'staging',
          [ANNOTATIONS.phaseSince]: rfc3339(this.clock.now()),
          [ANNOTATIONS.attempts]: String(previous.attempts),
        },
      },
    }));
    const current = this.view.node(name) ?? node;
    const steps = this.strategy.planNode({
      pool: this.pool,
      node: nodeObservation(current),
      target: this.target,
    }).steps;
    let version = this.target.version;
    try {
      for (const step of steps.filter((s) => s.phase === 'detect')) {
        const output = await this.runStep(name, step, stop);
        if (output.exitCode !== 0)
          throw new Error(`detect exited ${output.exitCode}: ${firstLine(output.stderr)}`);
        const availability = this.strategy.interpretDetect(output);
        if (!availability.available && !availability.rebootRequired) {
          await this.finish(name, 'done', { result: 'current', reason: null }, { uncordon: false });
          return;
        }
        version ??= availability.version;
      }
      if (this.strategy.capabilities.stageWhileServing) {
        for (const step of steps.filter((s) => s.phase === 'stage' && s.whileServing)) {
          const output = await this.runStep(name, step, stop);
          if (output.exitCode !== 0)
            throw new Error(`stage exited ${output.exitCode}: ${firstLine(output.stderr)}`);
        }
      }
    } catch (error) {
      if (stop.aborted) throw error;
      const attempts = previous.attempts + 1;
      const reason = `could not prepare the update: ${error instanceof Error ? error.message : String(error)}`;
      // Counted against the failure budget like any other failure, so reported like one.
      this.event(name, 'Warning', 'NodeUpdateFailed', reason);
      await this.finish(name, 'reverted', { reason, attempts }, { uncordon: false });
      return;
    }
    await this.patch(name, () => ({
      metadata: {
        annotations: {
          [ANNOTATIONS.phase]: 'staged',
          [ANNOTATIONS.phaseSince]: rfc3339(this.clock.now()),
          ...(version !== undefined ? { [ANNOTATIONS.target]: version } : {}),
        },
      },
    }));
    this.written.set(name, {
      ...readNodeRecord(this.view.node(name) ?? node, this.rolloutId),
      phase: 'staged',
    });
    this.admitQueue.push(name);
  }

  private async updateNode(name: string, resume: NodePhase | undefined, left: AbortSignal): Promise<void> {
    // Everything this node's update waits for ends when the executor stops or the node leaves the pool.
    const link = this.linked(left);
    try {
      await this.updateNodeUntil(name, resume, link.controller.signal);
    } finally {
      link.dispose();
    }
  }

  private async updateNodeUntil(
    name: string,
    resume: NodePhase | undefined,
    stop: AbortSignal,
  ): Promise<void> {
    let node = this.view.node(name);
    if (!node) return;
    let record = readNodeRecord(node, this.rolloutId);
    let before: NodeObservationV1;
    /** The phase an earlier executor left the node in (undefined for a node started here). */
    const resumedAt = resume;
    if (resume === undefined) {
      // Cordon, recording ownership, in one atomic patch with the phase (write-ahead).
      before = nodeObservation(node);
      const now = this.clock.now();
      let cordonedHere = false;
      const patched = await this.patch(name, (fresh) => {
        if (fresh.spec.unschedulable === true && !readNodeRecord(fresh, this.rolloutId).cordonOwned)
          return undefined;
        cordonedHere = fresh.spec.unschedulable !== true;
        before = nodeObservation(fresh);
        return {
          spec: { unschedulable: true },
          metadata: {
            annotations: {
              [ANNOTATIONS.phase]: 'draining',
              [ANNOTATIONS.phaseSince]: rfc3339(now),
              [ANNOTATIONS.started]: rfc3339(now),
              [ANNOTATIONS.attempts]: String(record.attempts + 1),
              [ANNOTATIONS.before]: JSON.stringify({
                osImage: before.osImage,
                kernelVersion: before.kernelVersion,
                bootID: before.bootID,
              }),
              ...(cordonedHere ? { [ANNOTATIONS.cordonOwner]: this.rolloutId } : {}),
              [ANNOTATIONS.reason]: null,
              [ANNOTATIONS.retryAfter]: null,
            },
          },
        };
      });
      if (
        !patched ||
        patched.spec.unschedulable !== true ||
        !readNodeRecord(patched, this.rolloutId).cordonOwned
      ) {
        // Someone else cordoned it meanwhile: leave it alone (back to staged; rechecked later).
        this.admitQueue.push(name);
        return;
      }
      node = patched;
      record = readNodeRecord(node, this.rolloutId);
      this.starts.push(now);
      this.event(
        name,
        'Normal',
        'NodeUpdateStarted',
        `cordoned for update ${this.rolloutId} (attempt ${record.attempts})`,
      );
      resume = 'draining';
    } else {
      before = {
        name,
        osImage: record.before?.osImage ?? '',
        kernelVersion: record.before?.kernelVersion ?? '',
        bootID: record.before?.bootID ?? '',
        annotations: {},
      };
      // Resuming a node someone uncordoned while no executor ran: the cordon is no longer ours
      // (kubenode's writes set and clear the cordon and its owner together). A drain stops there;
      // a node past its drain finishes its cycle, but a later cordon is never taken for ours.
      if (record.cordonOwned && node.spec.unschedulable !== true) {
        await this.disown(name);
        if (resume === 'draining') {
          await this.finishUncordonedDrain(name);
          return;
        }
      }
    }
    const steps = this.strategy.planNode({ pool: this.pool, node: before, target: this.target }).steps;
    const targetVersion = this.target.version ?? record.target;
    const target: UpdateTargetV1 = targetVersion !== undefined ? { version: targetVersion } : {};

    if (resume === 'draining') {
      const uncordoned = new AbortController();
      this.drainsUncordoned.set(name, uncordoned);
      const link = this.linked(this.drainCancel.signal, stop, uncordoned.signal);
      const signal = link.controller.signal;
      let outcome;
      try {
        outcome = await drainNode(
          {
            client: this.client,
            view: this.view,
            clock: this.clock,
            random: this.random,
            policy: this.policyInput.drain,
            signal,
            assertLeader: () => this.assertLeader(),
            onEvicted: (pod) => this.onEvicted(name, pod),
            priority: (pod) => this.podPriority(pod),
            claim: (key) => this.claimEviction(key),
            unclaim: (key) => {
              const claim = this.claims.get(key);
              if (claim && claim.used > 0) claim.used--;
            },
          },
          name,
        );
      } catch (error) {
        link.dispose();
        this.drainsUncordoned.delete(name);
        if (stop.aborted) throw error;
        if (uncordoned.signal.aborted) {
          await this.finishUncordonedDrain(name);
          return;
        }
        if (this.drainCancel.signal.aborted) {
          await this.finish(name, 'staged', { reason: 'rollout aborted during drain' }, { uncordon: true });
          return;
        }
        throw error;
      }
      link.dispose();
      this.drainsUncordoned.delete(name);
      if (!outcome.ok) {
        await this.endTurn(name, 'blocked', 'DrainBlocked', outcome.reason, { uncordon: true });
        return;
      }
      this.releasePending(name);
      resume = 'applying';
      await this.setPhase(name, 'applying');
    }
    if (resume === 'applying') {
      if (this.aborting) {
        await this.finish(name, 'staged', { reason: 'rollout aborted before apply' }, { uncordon: true });
        return;
      }
      const work = steps.filter(
        (s) =>
          s.phase === 'apply' ||
          (s.phase === 'stage' && (!s.whileServing || !this.strategy.capabilities.stageWhileServing)),
      );
      for (const step of work) {
        let output;
        try {
          output = await this.runStep(name, step, stop);
        } catch (error) {
          if (stop.aborted) throw error;
          output = {
            exitCode: -1,
            stdout: '',
            stderr: error instanceof Error ? error.message : String(error),
          };
        }
        if (output.exitCode !== 0) {
          const reason = `${step.phase} failed (exit ${output.exitCode}): ${firstLine(output.stderr)}`;
          await this.endTurn(name, 'reverted', 'NodeUpdateFailed', reason, { uncordon: true });
          return;
        }
      }
      resume = this.strategy.capabilities.requiresReboot ? 'rebooting' : 'verifying';
      await this.setPhase(name, resume);
    }
    if (resume === 'rebooting') {
      // Someone uncordoned the drained node before its reboot: pods may be landing on it, and a
      // reboot would kill them past their budgets. The operator has put it back into service.
      const now = this.view.node(name);
      if (now && now.spec.unschedulable !== true && this.neverRebooted(name, before.bootID)) {
        const reason = 'uncordoned by someone else before its reboot; left in service';
        await this.endTurn(name, 'blocked', 'NodeUpdateBlocked', reason, { uncordon: false });
        return;
      }
      const { back, problem } = await this.reboot(name, before.bootID, steps, stop);
      if (!back && this.neverRebooted(name, before.bootID)) {
        // The node still serves its old boot: the update did not take, the node did not fail.
        // It goes back into service (retried while attempts remain) instead of being quarantined.
        const reason = `node did not reboot within ${this.policyInput.verify.rebootTimeoutSeconds} s and still runs its previous boot: ${problem ?? 'the reboot request had no effect'}`;
        await this.endTurn(name, 'reverted', 'NodeUpdateReverted', reason, { uncordon: true });
        return;
      }
      if (!back) {
        const reason = `node did not come back (new bootID and Ready) within ${this.policyInput.verify.rebootTimeoutSeconds} s`;
        this.event(name, 'Warning', 'NodeUpdateFailed', reason);
        await this.finish(name, 'failed', { reason }, { uncordon: false });
        return;
      }
      resume = 'verifying';
      await this.setPhase(name, 'verifying');
    }
    if (resume === 'verifying') {
      const verdict = await this.verify(name, before, target, steps, stop);
      if (verdict.ok) {
        this.event(name, 'Normal', 'NodeUpdated', `verified ${targetVersion ?? 'update'}`);
        this.updatedCount++;
        const updatedNode = this.view.node(name);
        if (updatedNode) this.countUpdatedZone(updatedNode);
        await this.finish(name, 'done', { result: 'updated', reason: null }, { uncordon: true });
        if (this.updatedCount === this.canaryTotal) this.canaryCompleteAt = this.clock.now();
        return;
      }
      const current = this.view.node(name);
      const observed = current ? nodeObservation(current) : undefined;
      const fellBack =
        observed !== undefined &&
        isNodeReady(current as K8sNode) &&
        observed.osImage === before.osImage &&
        observed.kernelVersion === before.kernelVersion;
      if (fellBack) {
        const reason = `update did not take (node runs its previous version): ${verdict.reasons.join('; ')}`;
        await this.endTurn(name, 'reverted', 'NodeUpdateReverted', reason, { uncordon: true });
        return;
      }
      if (this.strategy.capabilities.rollback && steps.some((s) => s.phase === 'rollback')) {
        await this.setPhase(name, 'rolling-back', verdict.reasons.join('; '));
        resume = 'rolling-back';
      } else {
        const reason = `verification failed: ${verdict.reasons.join('; ')}`;
        this.event(name, 'Warning', 'NodeUpdateFailed', reason);
        await this.finish(name, 'failed', { reason }, { uncordon: false });
        return;
      }
    }
    if (resume === 'rolling-back') {
      const reason = `rolled back: ${record.reason ?? 'verification failed'}`;
      if (resumedAt === 'rolling-back') {
        // An earlier executor may have run the rollback already and the node may be rebooting into
        // its previous version: wait for it to be Ready, and if it runs that version the rollback
        // took (running it again would reboot the node a second time, and the agent of a node
        // that is down fails the step, which quarantined a node that was coming back).
        await this.view.waitFor(
          [`node:${name}`],
          () => {
            const now = this.view.node(name);
            return now !== undefined && isNodeReady(now);
          },
          this.policyInput.verify.rebootTimeoutSeconds * 1000,
          stop,
        );
        const now = this.view.node(name);
        if (now && isNodeReady(now) && this.runsBefore(now, before)) {
          await this.endTurn(name, 'reverted', 'NodeUpdateRolledBack', reason, { uncordon: true });
          return;
        }
      }
      const current = this.view.node(name);
      for (const step of steps.filter((s) => s.phase === 'rollback')) {
        const output = await this.runStep(name, step, stop).catch((error: unknown) => ({
          exitCode: -1,
          stdout: '',
          stderr: error instanceof Error ? error.message : String(error),
        }));
        if (output.exitCode !== 0) {
          await this.finish(
            name,
            'failed',
            { reason: `rollback failed: ${firstLine(output.stderr)}` },
            { uncordon: false },
          );
          return;
        }
      }
      const { back } = await this.reboot(
        name,
        current?.status?.nodeInfo?.bootID ?? before.bootID,
        steps,
        stop,
      );
      const after = this.view.node(name);
      if (!back || !after || nodeObservation(after).osImage !== before.osImage) {
        await this.finish(
          name,
          'failed',
          { reason: `${reason}; the node did not return to ${before.osImage}` },
          { uncordon: false },
        );
        return;
      }
      await this.endTurn(name, 'reverted', 'NodeUpdateRolledBack', reason, { uncordon: true });
    }
  }

  /** Whether the node runs the version it ran before the update (its OS image and kernel). */
  private runsBefore(node: K8sNode, before: NodeObservationV1): boolean {
    const observed = nodeObservation(node);
    return observed.osImage === before.osImage && observed.kernelVersion === before.kernelVersion;
  }

  /** Whether the pool node is Ready now (false once it left the pool). */
  private readyNow(name: string): boolean {
    const node = this.view.node(name);
    return node !== undefined && isNodeReady(node);
  }

  private async reboot(
    name: string,
    bootID: string,
    steps: readonly UpdateStepV1[],
    stop: AbortSignal,
  ): Promise<{ back: boolean; problem: string | undefined }> {
    const node = this.view.node(name);
    /** Why the reboot may not have been requested (the agent's last error or the step's output). */
    let problem: string | undefined;
    const changed = () => {
      const current = this.view.node(name);
      return (
        current !== undefined && (current.status?.nodeInfo?.bootID ?? '') !== bootID && isNodeReady(current)
      );
    };
    if (!changed() && node && (node.status?.nodeInfo?.bootID ?? '') === bootID) {
      for (const step of steps.filter((s) => s.phase === 'reboot')) {
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            // Fenced by the boot it must end: a request that reaches the host after it rebooted
            // (e.g. asked again by an executor resuming mid-reboot) is refused, not run a second time.
            const output = await this.runStep(name, step, stop, bootID);
            problem =
              output.exitCode === 0
                ? undefined
                : `the reboot step exited ${output.exitCode}: ${firstLine(output.stderr)}`;
            break;
          } catch (error) {
            if (stop.aborted) throw error;
            if (!(NodeAgentError.isInstance(error) && error.failure === 'unreachable')) throw error;
            problem = `the node agent was unreachable: ${error.message}`;
            // The node may already be going down; watch for it below.
            await this.clock.sleep(5000, stop);
          }
        }
      }
    }
    const back = await this.view.waitFor(
      [`node:${name}`],
      changed,
      this.policyInput.verify.rebootTimeoutSeconds * 1000,
      stop,
    );
    return { back, problem };
  }

  /** Whether the node is Ready on the boot it had before (it never went down for the reboot). */
  private neverRebooted(name: string, bootID: string): boolean {
    const node = this.view.node(name);
    return node !== undefined && isNodeReady(node) && (node.status?.nodeInfo?.bootID ?? '') === bootID;
  }

  private async verify(
    name: string,
    before: NodeObservationV1,
    target: UpdateTargetV1,
    steps: readonly UpdateStepV1[],
    stop: AbortSignal,
  ): Promise<{ ok: boolean; reasons: string[] }> {
    const verify = this.policyInput.verify;
    const deadline = this.clock.now() + verify.timeoutSeconds * 1000;
    const backAt = this.clock.now();
    // Ready continuously for readySeconds.
    for (;;) {
      const node = this.view.node(name);
      if (!node) return { ok: false, reasons: ['node disappeared'] };
      if (!isNodeReady(node)) {
        const ready = await this.view.waitFor(
          [`node:${name}`],
          () => this.readyNow(name),
          deadline - this.clock.now(),
          stop,
        );
        if (!ready) return { ok: false, reasons: [`node not Ready within ${verify.timeoutSeconds} s`] };
        continue;
      }
      const since = Math.max(nodeReadySince(node) ?? backAt, backAt);
      const remaining = since + verify.readySeconds * 1000 - this.clock.now();
      if (remaining <= 0) break;
      const flapped = await this.view.waitFor([`node:${name}`], () => !this.readyNow(name), remaining, stop);
      if (!flapped) break;
      if (this.clock.now() > deadline)
        return { ok: false, reasons: [`node did not stay Ready for ${verify.readySeconds} s`] };
    }
    if (verify.daemonSetsReady) {
      const ready = await this.view.waitFor(
        [`pods:${name}`],
        () =>
          this.view
            .podsOn(name)
            .every((pod) => !isDaemonSetPod(pod) || isPodTerminating(pod) || isPodReady(pod)),
        Math.max(0, deadline - this.clock.now()),
        stop,
      );
      if (!ready) {
        const waiting = this.view
          .podsOn(name)
          .filter((pod) => isDaemonSetPod(pod) && !isPodReady(pod))
          .map((pod) => pod.metadata.name);
        return { ok: false, reasons: [`DaemonSet pods not Ready: ${waiting.slice(0, 5).join(', ')}`] };
      }
    }
    for (const step of steps.filter((s) => s.phase === 'verify')) {
      const output = await this.runStep(name, step, stop).catch((error: unknown) => ({
        exitCode: -1,
        stdout: '',
        stderr: error instanceof Error ? error.message : String(error),
      }));
      if (output.exitCode !== 0)
        return {
          ok: false,
          reasons: [`verify step failed (exit ${output.exitCode}): ${firstLine(output.stderr)}`],
        };
    }
    const node = this.view.node(name);
    if (!node) return { ok: false, reasons: ['node disappeared'] };
    const result = this.strategy.verify({ before, after: nodeObservation(node), target });
    return { ok: result.ok, reasons: [...result.reasons] };
  }

  private async runStep(name: string, step: UpdateStepV1, signal: AbortSignal, bootID?: string) {
    this.assertLeader();
    return this.agent.runStep({ node: name, step, signal, ...(bootID !== undefined ? { bootID } : {}) });
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  private assertLeader(): void {
    this.stop.signal.throwIfAborted();
    if (!this.leader.isLeader()) {
      const error = new LeadershipLostError({ lease: this.leader.key, identity: this.identity });
      this.stop.abort(error);
      throw error;
    }
  }

  /**
   * Patches a node with a resourceVersion precondition, rebuilding the patch from the fresh object
   * on 409 and backing off on 429/5xx. `build` returns undefined to skip. Undefined when the node is gone.
   */
  private async patch(
    name: string,
    build: (node: K8sNode) => NodeMergePatchV1 | undefined,
  ): Promise<K8sNode | undefined> {
    const stop = this.stop.signal;
    let node = this.view.node(name);
    let backoff = 500;
    for (let attempt = 0; ; attempt++) {
      if (!node) {
        try {
          node = await this.client.getNode(name);
        } catch (error) {
          if (ClusterApiError.isInstance(error) && error.code === 404) return undefined;
          if (!ClusterApiError.isInstance(error)) throw error;
          await this.clock.sleep(backoff, stop);
          backoff = Math.min(backoff * 2, 30_000);
          continue;
        }
      }
      const patch = build(node);
      if (!patch) return node;
      this.assertLeader();
      try {
        return await this.client.patchNode(name, {
          ...patch,
          metadata: { ...patch.metadata, resourceVersion: node.metadata.resourceVersion as string },
        });
      } catch (error) {
        if (!ClusterApiError.isInstance(error)) throw error;
        if (error.code === 404) return undefined;
        if (error.code === 409) {
          node = undefined;
          continue;
        }
        await this.clock.sleep((error.retryAfterSeconds ?? 0) * 1000 || backoff, stop);
        backoff = Math.min(backoff * 2, 30_000);
        node = undefined;
        if (attempt > 200) throw error;
      }
    }
  }

  private async setPhase(name: string, phase: NodePhase, reason?: string): Promise<void> {
    await this.patch(name, () => ({
      metadata: {
        annotations: {
          [ANNOTATIONS.phase]: phase,
          [ANNOTATIONS.phaseSince]: rfc3339(this.clock.now()),
          ...(reason !== undefined ? { [ANNOTATIONS.reason]: reason } : {}),
        },
      },
    }));
  }

  /**
   * Writes a node's final (or waiting) phase; with `uncordon`, releases kubenode's cordon and the
   * pending taint in the same patch. A cordon kubenode does not own is never touched.
   */
  /**
   * Ends a node's turn for now with a Warning Event (`event`) saying why: recorded `phase` (reverted:
   * the update did not take; blocked: the node could not be updated now), retried after
   * `retryBlockedAfterSeconds` while attempts remain.
   */
  private async endTurn(
    name: string,
    phase: 'reverted' | 'blocked',
    event: string,
    reason: string,
    options: { uncordon: boolean },
  ): Promise<void> {
    this.event(name, 'Warning', event, reason);
    await this.finish(
      name,
      phase,
      { reason, retryAfter: this.clock.now() + this.policyInput.retryBlockedAfterSeconds * 1000 },
      options,
    );
  }

  private async finish(
    name: string,
    phase: NodePhase,
    fields: {
      reason?: string | null;
      result?: 'updated' | 'current';
      retryAfter?: number;
      attempts?: number;
    },
    options: { uncordon: boolean },
  ): Promise<void> {
    const now = this.clock.now();
    const patched = await this.patch(name, (node) => {
      const owned = readNodeRecord(node, this.rolloutId).cordonOwned;
      const release = options.uncordon && owned;
      const keepTaint = phase !== 'done' && !this.aborting && !this.finishing();
      const removeTaint = hasPendingTaint(node) && !keepTaint;
      return {
        ...(release || removeTaint
          ? {
              spec: {
                ...(release ? { unschedulable: false } : {}),
                ...(removeTaint ? { taints: taintsWithPending(node, false) } : {}),
              },
            }
          : {}),
        metadata: {
          annotations: {
            [ANNOTATIONS.rollout]: this.rolloutId,
            [ANNOTATIONS.phase]: phase,
            [ANNOTATIONS.phaseSince]: rfc3339(now),
            ...(release ? { [ANNOTATIONS.cordonOwner]: null } : {}),
            ...(fields.reason !== undefined ? { [ANNOTATIONS.reason]: fields.reason } : {}),
            ...(fields.result !== undefined ? { [ANNOTATIONS.result]: fields.result } : {}),
            ...(fields.retryAfter !== undefined
              ? { [ANNOTATIONS.retryAfter]: rfc3339(fields.retryAfter) }
              : {}),
            ...(fields.attempts !== undefined ? { [ANNOTATIONS.attempts]: String(fields.attempts) } : {}),
          },
        },
      };
    });
    if (!patched) return;
    const record = readNodeRecord(patched, this.rolloutId);
    this.written.set(name, record);
    if (phase === 'staged') {
      this.admitQueue.push(name);
      return;
    }
    if (FINAL.has(phase)) {
      this.lastFinishedAt = now;
      this.finishedTimes.push(now);
      this.setOutcome(name, {
        phase: phase === 'done' && fields.result === 'current' ? 'current' : phase,
        reason: fields.reason ?? '',
      });
      if (phase === 'failed') this.failedUnacked.add(name);
      if ((phase === 'blocked' || phase === 'reverted') && record.attempts < this.policyInput.maxAttempts)
        this.scheduleRetry(name, fields.retryAfter ?? now);
      this.progress();
    }
  }

  private finishing(): boolean {
    return this.halted !== undefined;
  }

  /**
   * {@link markBlocked} without waiting: its patch retries API errors until the executor stops, so
   * it rejects only on stop or lost leadership, which end the run; a rejection left unhandled
   * would crash the process (found with a simulated executor crash while nodes were being marked).
   */
  private markBlockedInBackground(name: string, reason: string, final: boolean): void {
    this.markBlocked(name, reason, final).catch(() => undefined);
  }

  private async markBlocked(name: string, reason: string, final: boolean): Promise<void> {
    const node = this.view.node(name);
    if (!node) return;
    const record = readNodeRecord(node, this.rolloutId);
    const attempts = final ? this.policyInput.maxAttempts : record.attempts;
    await this.finish(
      name,
      'blocked',
      { reason, attempts, retryAfter: this.clock.now() + this.policyInput.retryBlockedAfterSeconds * 1000 },
      { uncordon: false },
    );
  }

  private async releaseAcknowledged(name: string): Promise<void> {
    await this.patch(name, (node) => {
      const record = readNodeRecord(node, this.rolloutId);
      if (!record.cordonOwned) return undefined;
      return {
        spec: {
          unschedulable: false,
          ...(hasPendingTaint(node) ? { taints: taintsWithPending(node, false) } : {}),
        },
        metadata: { annotations: { [ANNOTATIONS.cordonOwner]: null } },
      };
    });
    this.failedUnacked.delete(name);
    this.poke();
  }

  private async releaseAllCordons(): Promise<void> {
    for (const node of this.view.poolNodes()) {
      if (!readNodeRecord(node, this.rolloutId).cordonOwned) continue;
      await this.patch(node.metadata.name, (fresh) => {
        if (!readNodeRecord(fresh, this.rolloutId).cordonOwned) return undefined;
        return {
          spec: { unschedulable: false },
          metadata: { annotations: { [ANNOTATIONS.cordonOwner]: null } },
        };
      });
    }
  }

  /**
   * Adds (start) or removes (end) the PreferNoSchedule pending taint on nodes not yet updated.
   * Nodes the plan reports blocked (a budget that never allows their drain) are left untainted:
   * this rollout will not drain them, so an evicted pod's replacement may land there without being
   * evicted a second time, beside the updated nodes.
   */
  private async taintPending(add: boolean): Promise<void> {
    if (!this.policyInput.taintPendingNodes && add) return;
    const names = this.view
      .poolNodes()
      .filter((node) => {
        const record = readNodeRecord(node, this.rolloutId);
        const pending =
          record.phase !== 'done' &&
          (add ? !FINAL.has(record.phase as NodePhase) && !this.structural.has(node.metadata.name) : true);
        return add ? pending && !hasPendingTaint(node) : hasPendingTaint(node);
      })
      .map((node) => node.metadata.name);
    const queue = [...names];
    const worker = async () => {
      while (queue.length > 0) {
        const name = queue.shift() as string;
        await this.patch(name, (node) =>
          hasPendingTaint(node) === add ? undefined : { spec: { taints: taintsWithPending(node, add) } },
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
  }

  private event(name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const now = rfc3339(this.clock.now());
    const node = this.view.node(name);
    void this.client
      .createEvent({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: '', namespace: 'default' },
        involvedObject: {
          apiVersion: 'v1',
          kind: 'Node',
          name,
          ...(node?.metadata.uid ? { uid: node.metadata.uid } : {}),
        },
        reason,
        message,
        type,
        source: { component: 'kubenode-rollout' },
        reportingComponent: 'kubenode.dev/rollout',
        reportingInstance: this.identity,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      })
      .catch(() => undefined);
  }

  private progress(): void {
    if (!this.onProgress) return;
    const failed = this.failedCount;
    this.onProgress({
      now: this.clock.now(),
      total: this.view.poolSize(),
      finished: this.outcomes.size,
      inFlight: this.updating.size,
      failed,
      paused: this.paused,
      halted: this.halted !== undefined,
    });
  }

  private result(): RolloutResultV1 {
    const updated: string[] = [];
    const current: string[] = [];
    const failed: (NodeOutcomeV1 & { acknowledged: boolean })[] = [];
    const reverted: NodeOutcomeV1[] = [];
    const blocked: NodeOutcomeV1[] = [];
    const skipped: NodeOutcomeV1[] = [];
    const quarantined: string[] = [];
    for (const node of [...this.view.poolNodes()].sort((a, b) =>
      a.metadata.name < b.metadata.name ? -1 : 1,
    )) {
      const name = node.metadata.name;
      const record = this.record(name) ?? readNodeRecord(node, this.rolloutId);
      const outcome = this.outcomes.get(name);
      const reason = record.reason ?? outcome?.reason ?? '';
      switch (record.phase) {
        case 'done':
          (record.result === 'current' ? current : updated).push(name);
          break;
        case 'failed':
          failed.push({ node: name, reason, acknowledged: record.acknowledged });
          if (record.cordonOwned) quarantined.push(name);
          break;
        case 'reverted':
          reverted.push({ node: name, reason });
          break;
        case 'blocked':
          blocked.push({ node: name, reason });
          break;
        default:
          skipped.push({
            node: name,
            reason:
              node.spec.unschedulable === true && !record.cordonOwned
                ? 'cordoned by someone else; left alone'
                : !isNodeReady(node)
                  ? 'not Ready'
                  : this.aborting
                    ? 'rollout aborted'
                    : this.halted !== undefined
                      ? 'rollout halted'
                      : 'not reached',
          });
      }
    }
    const outcome = this.aborting
      ? 'aborted'
      : this.halted !== undefined
        ? 'halted'
        : failed.length > 0 || reverted.length > 0
          ? 'completed-with-failures'
          : 'completed';
    const plan = this.thePlan;
    return {
      rolloutId: this.rolloutId,
      outcome,
      startedAt: this.startedAt,
      finishedAt: this.clock.now(),
      lastNodeFinishedAt: this.lastFinishedAt || this.startedAt,
      nodes: { updated, current, failed, reverted, blocked, skipped },
      quarantined,
      plan: {
        lowerBoundSeconds: plan?.lowerBound.seconds ?? 0,
        predictedMakespanSeconds: plan?.predictedMakespanSeconds ?? 0,
        binding: plan?.lowerBound.binding ?? 'critical-path',
        description: plan?.lowerBound.description ?? '',
      },
      haltReason: this.halted,
    };
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}
