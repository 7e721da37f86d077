import { setMaxListeners } from 'node:events';
import {
  ANNOTATIONS,
  ClusterApiError,
  Informer,
  parseTime,
  readNodeRecord,
  type ClockV1,
  type ClusterClientV1,
  type InformerChange,
  type K8sLease,
  type K8sNode,
  type NodeRecord,
} from '@kubenode/rollout';
import type { TrustStoreClient } from '../agent/agent-trust.js';
import type { ControllerMetrics } from './controller-metrics.js';
import type { RolloutStatusV1 } from './rollout-status.js';

/** Options of {@link RolloutStatusTracker}. */
export interface RolloutStatusTrackerOptions {
  readonly client: ClusterClientV1 &
    Pick<TrustStoreClient, 'getConfigMap' | 'createConfigMap' | 'replaceConfigMap'>;
  readonly clock: ClockV1;
  readonly pool: string;
  readonly rolloutId: string;
  readonly identity: string;
  readonly nodeSelector: string;
  readonly lease: { readonly namespace: string; readonly name: string };
  readonly metrics?: ControllerMetrics;
  /** Write the summary to ConfigMap `kubenode-status-<pool>` in the lease namespace while leading. */
  readonly statusConfigMap?: boolean;
  /** Least time between two ConfigMap writes (default 10 s). */
  readonly writeIntervalSeconds?: number;
  /** Progress lines (leadership changes). */
  readonly log?: (line: string) => void;
}

const PHASES = [
  'pending',
  'staging',
  'staged',
  'draining',
  'applying',
  'rebooting',
  'verifying',
  'rolling-back',
  'done',
  'failed',
  'reverted',
  'blocked',
] as const;

/**
 * Watches the pool's nodes and the rollout Lease (one watch each) and turns what it sees into
 * the controller's metrics, its status summary, and leader-election Events: nodes per phase,
 * phase durations (observed by the leader only, so replicas never count a transition twice),
 * node cycle times, paused and halted flags, and whether this replica leads. While leading it
 * keeps the summary in ConfigMap `kubenode-status-<pool>`.
 */
export class RolloutStatusTracker {
  private readonly nodes: Informer<'Node'>;
  private readonly leases: Informer<'Lease'>;
  private readonly stop = new AbortController();
  private readonly records = new Map<string, NodeRecord>();
  private leading = false;
  private lastRun: RolloutStatusV1['lastRun'];
  private writeTimer: AbortController | undefined;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private synced = false;

  constructor(private readonly options: RolloutStatusTrackerOptions) {
    setMaxListeners(0, this.stop.signal);
    this.nodes = new Informer(
      options.client,
      'Node',
      { labelSelector: options.nodeSelector },
      options.clock,
      (change) => this.onNode(change),
      options.log,
    );
    this.leases = new Informer(
      options.client,
      'Lease',
      { namespace: options.lease.namespace, fieldSelector: `metadata.name=${options.lease.name}` },
      options.clock,
      () => this.onLease(),
      options.log,
    );
  }

  /** Lists and starts watching. */
  async start(): Promise<void> {
    await this.nodes.start(this.stop.signal);
    await this.leases.start(this.stop.signal);
    this.synced = true;
    // The gauge exists from the start (0 on a standby); lease events seen while listing may
    // already have made this replica the leader.
    this.options.metrics?.leader.set({ pool: this.options.pool }, this.leading ? 1 : 0);
    this.onLease();
    this.refresh();
  }

  /** Whether the caches are synced (readiness). */
  get ready(): boolean {
    return this.synced;
  }

  /** Whether this replica holds the Lease, as last seen. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Records how an executor run ended. */
  runFinished(outcome: string): void {
    this.lastRun = { outcome, finishedAt: new Date(this.options.clock.now()).toISOString() };
    this.options.metrics?.runs.inc({ pool: this.options.pool, outcome });
    this.scheduleWrite(true);
  }

  /** The current summary. */
  summary(): RolloutStatusV1 {
    const phases: Record<string, number> = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
    const failed: { node: string; reason: string }[] = [];
    const blocked: { node: string; reason: string }[] = [];
    let total = 0;
    for (const [name, record] of [...this.records].sort(([a], [b]) => (a < b ? -1 : 1))) {
      total++;
      const phase = record.phase ?? 'pending';
      phases[phase] = (phases[phase] ?? 0) + 1;
      if (phase === 'failed' && failed.length < 20) failed.push({ node: name, reason: record.reason ?? '' });
      if (phase === 'blocked' && blocked.length < 20)
        blocked.push({ node: name, reason: record.reason ?? '' });
    }
    const lease = this.lease();
    const annotations = lease?.metadata.annotations ?? {};
    const halted =
      annotations[ANNOTATIONS.halted] !== undefined &&
      annotations[ANNOTATIONS.rollout] === this.options.rolloutId
        ? annotations[ANNOTATIONS.halted]
        : undefined;
    let updated = 0;
    for (const record of this.records.values())
      if (record.phase === 'done' && record.result === 'updated') updated++;
    return {
      pool: this.options.pool,
      rolloutId: this.options.rolloutId,
      leader: lease?.spec.holderIdentity ?? '',
      identity: this.options.identity,
      total,
      phases,
      updated,
      failed,
      blocked,
      paused: annotations[ANNOTATIONS.paused] === 'true',
      halted,
      lastRun: this.lastRun,
      observedAt: new Date(this.options.clock.now()).toISOString(),
    };
  }

  /** Stops watching, and writing the status ConfigMap (a write still waiting for its interval is dropped). */
  async close(): Promise<void> {
    this.writeTimer?.abort(new Error('closed'));
    this.stop.abort(new Error('status tracker closed'));
    await Promise.all([this.nodes.stopped(), this.leases.stopped()]);
  }

  private lease(): K8sLease | undefined {
    return this.leases.get(`${this.options.lease.namespace}/${this.options.lease.name}`);
  }

  private onNode(change: InformerChange<K8sNode>): void {
    const name = change.object.metadata.name;
    if (change.type === 'DELETED') {
      this.records.delete(name);
    } else {
      const record = readNodeRecord(change.object, this.options.rolloutId);
      const previous = this.records.get(name);
      this.records.set(name, record);
      if (this.leading && previous && previous.phase !== record.phase && previous.phase !== undefined) {
        const from = previous.since;
        const to = record.since ?? this.options.clock.now();
        if (from !== undefined && to >= from)
          this.options.metrics?.phaseDuration.observe(
            { pool: this.options.pool, phase: previous.phase },
            (to - from) / 1000,
          );
        if (
          record.phase === 'done' &&
          record.result === 'updated' &&
          record.started !== undefined &&
          to >= record.started
        )
          this.options.metrics?.nodeCycle.observe({ pool: this.options.pool }, (to - record.started) / 1000);
      }
    }
    if (this.synced) this.refresh();
  }

  private onLease(): void {
    const lease = this.lease();
    const now = this.options.clock.now();
    const renewed = parseTime(lease?.spec.renewTime) ?? 0;
    const duration = (lease?.spec.leaseDurationSeconds ?? 15) * 1000;
    const leading = lease?.spec.holderIdentity === this.options.identity && renewed + duration > now;
    if (leading !== this.leading) {
      this.leading = leading;
      this.options.metrics?.leader.set({ pool: this.options.pool }, leading ? 1 : 0);
      if (leading && lease) this.leaderEvent(lease);
      this.options.log?.(
        leading
          ? `${this.options.identity} leads rollout ${this.options.rolloutId}`
          : `${this.options.identity} does not lead`,
      );
    }
    if (this.synced) this.refresh();
  }

  private leaderEvent(lease: K8sLease): void {
    const now = new Date(this.options.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    void this.options.client
      .createEvent({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: '', namespace: lease.metadata.namespace ?? this.options.lease.namespace },
        involvedObject: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          name: lease.metadata.name,
          namespace: lease.metadata.namespace ?? this.options.lease.namespace,
          ...(lease.metadata.uid ? { uid: lease.metadata.uid } : {}),
        },
        reason: 'LeaderElection',
        message: `${this.options.identity} became leader`,
        type: 'Normal',
        source: { component: 'kubenode-controller' },
        reportingComponent: 'kubenode.dev/controller',
        reportingInstance: this.options.identity,
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      })
      .catch(() => undefined);
  }

  private refresh(): void {
    const summary = this.summary();
    const metrics = this.options.metrics;
    if (metrics) {
      for (const [phase, count] of Object.entries(summary.phases))
        metrics.nodes.set({ pool: this.options.pool, phase }, count);
      metrics.paused.set({ pool: this.options.pool }, summary.paused ? 1 : 0);
      metrics.halted.set({ pool: this.options.pool }, summary.halted !== undefined ? 1 : 0);
    }
    this.scheduleWrite(false);
  }

  private scheduleWrite(now: boolean): void {
    if (!(this.options.statusConfigMap ?? true) || !this.leading || this.stop.signal.aborted) return;
    if (this.writeTimer && !now) return;
    this.writeTimer?.abort(new Error('rescheduled'));
    const interval = (this.options.writeIntervalSeconds ?? 10) * 1000;
    const delay = now ? 0 : Math.max(0, this.lastWrite + interval - this.options.clock.now());
    const timer = new AbortController();
    this.writeTimer = timer;
    this.options.clock
      .sleep(delay, AbortSignal.any([timer.signal, this.stop.signal]))
      .then(
        () => {
          if (this.writeTimer === timer) this.writeTimer = undefined;
          this.lastWrite = this.options.clock.now();
          return this.write();
        },
        () => undefined,
      )
      .catch((error: unknown) => this.options.log?.(`cannot write the status ConfigMap: ${String(error)}`));
  }

  private async write(): Promise<void> {
    if (!this.leading) return;
    const namespace = this.options.lease.namespace;
    const name = `kubenode-status-${this.options.pool}`.slice(0, 253);
    const data = { 'status.json': `${JSON.stringify(this.summary(), null, 2)}\n` };
    const labels = { 'app.kubernetes.io/part-of': 'kubenode', 'kubenode.dev/pool': this.options.pool };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const current = await this.options.client.getConfigMap(namespace, name);
        await this.options.client.replaceConfigMap({ ...current, data });
        return;
      } catch (error) {
        if (ClusterApiError.isInstance(error) && error.code === 404) {
          try {
            await this.options.client.createConfigMap({
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name, namespace, labels },
              data,
            });
            return;
          } catch (createError) {
            if (!(ClusterApiError.isInstance(createError) && createError.code === 409)) throw createError;
          }
        } else if (!(ClusterApiError.isInstance(error) && error.code === 409)) throw error;
      }
    }
  }
}
