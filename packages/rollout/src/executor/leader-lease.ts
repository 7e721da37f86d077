import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sLease } from '../kubernetes/kubernetes-objects.js';
import { microTime } from '../kubernetes/time-format.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';

/** Lease timing, as client-go's leader election (15 s lease, 10 s renew deadline, 2 s retry). */
export interface LeaseTiming {
  readonly durationSeconds: number;
  readonly renewDeadlineSeconds: number;
  readonly retryPeriodSeconds: number;
}

/**
 * Leader election on a coordination.k8s.io Lease with client-go's semantics: a replica acquires
 * the Lease when it is free, expired or already its own, using resourceVersion preconditions so
 * two replicas never both win; the leader renews every retry period and considers itself leader
 * only until `lastRenew + renewDeadline`, which is shorter than the lease duration, so it stops
 * acting before anyone else may start.
 *
 * Like client-go, a Lease counts as expired when this replica has seen no change to it for
 * `leaseDurationSeconds` by its own clock: the holder's `renewTime` is never compared with this
 * replica's clock, so clocks that disagree by any amount cannot make two leaders (a replica that
 * starts watching an abandoned Lease waits one lease duration before taking it).
 */
export class LeaderLease {
  private lease: K8sLease | undefined;
  private lastRenew = Number.NEGATIVE_INFINITY;
  /** Set by {@link release}: renewals stop, so a renewal in flight cannot take the freed Lease back. */
  private released = false;
  /** The Lease's spec as last seen, and when (this replica's clock) it was first seen so. */
  private observed: { readonly record: string; readonly at: number } | undefined;

  constructor(
    private readonly client: ClusterClientV1,
    private readonly clock: ClockV1,
    readonly namespace: string,
    readonly name: string,
    readonly identity: string,
    private readonly timing: LeaseTiming,
  ) {}

  /** `namespace/name`. */
  get key(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** Whether this replica may act now. */
  isLeader(): boolean {
    return this.clock.now() < this.lastRenew + this.timing.renewDeadlineSeconds * 1000;
  }

  /** The Lease's annotations as last read or written. */
  annotations(): Readonly<Record<string, string>> {
    return this.lease?.metadata.annotations ?? {};
  }

  /** Tries until this replica holds the Lease; rejects when `signal` aborts. */
  async acquire(signal: AbortSignal): Promise<void> {
    this.released = false;
    for (;;) {
      signal.throwIfAborted();
      if (await this.tryAcquireOrRenew()) return;
      await this.clock.sleep(this.timing.retryPeriodSeconds * 1000, signal);
    }
  }

  /**
   * Renews every retry period until `signal` aborts or the Lease is released; calls `onLost` once
   * the renew deadline passed without a successful renewal. A renewal only ever extends this
   * replica's own hold: a Lease found free (released) or taken is lost, not acquired again.
   */
  async keepRenewing(signal: AbortSignal, onLost: (error: unknown) => void): Promise<void> {
    let lastError: unknown;
    while (!signal.aborted && !this.released) {
      try {
        await this.clock.sleep(this.timing.retryPeriodSeconds * 1000, signal);
      } catch {
        return;
      }
      if (this.released) return;
      try {
        if (!(await this.tryAcquireOrRenew(true)))
          lastError = new Error(`lease ${this.key} is no longer held by ${this.identity}`);
      } catch (error) {
        lastError = error;
      }
      if (!this.isLeader()) {
        onLost(lastError);
        return;
      }
    }
  }

  /** Sets or removes (null) annotations on the Lease, retrying on conflicts. */
  async annotate(annotations: Record<string, string | null>, signal?: AbortSignal): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const current = this.lease ?? (await this.client.getLease(this.namespace, this.name));
      const merged: Record<string, string> = { ...current.metadata.annotations };
      for (const [key, value] of Object.entries(annotations)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      try {
        this.lease = await this.client.updateLease({
          ...current,
          metadata: { ...current.metadata, annotations: merged },
        });
        return;
      } catch (error) {
        if (!(ClusterApiError.isInstance(error) && error.code === 409) || attempt > 20) throw error;
        this.lease = await this.client.getLease(this.namespace, this.name);
      }
    }
  }

  /** Gives the Lease up (empty holder), so a successor need not wait for it to expire. */
  async release(): Promise<void> {
    this.released = true;
    this.lastRenew = Number.NEGATIVE_INFINITY;
    // A renewal that was in flight may have moved the Lease on (409): read it again and retry
    // while it is still this replica's.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.lease || this.lease.spec.holderIdentity !== this.identity) return;
      try {
        this.lease = await this.client.updateLease({
          ...this.lease,
          spec: { ...this.lease.spec, holderIdentity: '', renewTime: microTime(this.clock.now()) },
        });
        return;
      } catch (error) {
        if (!(ClusterApiError.isInstance(error) && error.code === 409)) return; // Expiry frees it anyway.
        try {
          this.lease = await this.client.getLease(this.namespace, this.name);
        } catch {
          return;
        }
      }
    }
  }

  /** Records the Lease's spec as seen at `now`; returns when this replica first saw it as it is. */
  private observe(lease: K8sLease, now: number): number {
    const record = JSON.stringify(lease.spec);
    if (this.observed?.record !== record) this.observed = { record, at: now };
    return this.observed.at;
  }

  /** One attempt; with `renewOnly`, succeeds only while the Lease is still this replica's. */
  private async tryAcquireOrRenew(renewOnly = false): Promise<boolean> {
    const now = this.clock.now();
    let current: K8sLease;
    try {
      current = await this.client.getLease(this.namespace, this.name);
    } catch (error) {
      if (!(ClusterApiError.isInstance(error) && error.code === 404) || renewOnly) throw error;
      try {
        this.lease = await this.client.createLease({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.name, namespace: this.namespace },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: this.timing.durationSeconds,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        });
        this.observe(this.lease, now);
        this.lastRenew = now;
        return true;
      } catch (createError) {
        if (ClusterApiError.isInstance(createError) && createError.code === 409) return false;
        throw createError;
      }
    }
    const holder = current.spec.holderIdentity ?? '';
    const observedAt = this.observe(current, now);
    const duration = (current.spec.leaseDurationSeconds ?? this.timing.durationSeconds) * 1000;
    const mine = holder === this.identity;
    if (renewOnly && !mine) {
      this.lease = current;
      return false;
    }
    if (!mine && holder !== '' && observedAt + duration > now) {
      this.lease = current;
      return false;
    }
    try {
      this.lease = await this.client.updateLease({
        ...current,
        spec: {
          holderIdentity: this.identity,
          leaseDurationSeconds: this.timing.durationSeconds,
          acquireTime: mine ? current.spec.acquireTime : microTime(now),
          renewTime: microTime(now),
          leaseTransitions: (current.spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
        },
      });
      this.observe(this.lease, now);
      this.lastRenew = now;
      return true;
    } catch (error) {
      if (ClusterApiError.isInstance(error) && error.code === 409) return false;
      throw error;
    }
  }
}
