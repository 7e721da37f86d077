/**
 * The safety metrics of shared/reference/updates.md §7.5, measured on the simulator's ground
 * truth (not on what the orchestrator believes).
 */
export interface SafetyMetrics {
  /**
   * S1a: pods covered by a PodDisruptionBudget that the orchestrator terminated without the
   * Eviction API (deletion, force, a reboot with the pod still running) while the budget's true
   * state allowed no disruption (healthy − 1 < desired healthy).
   */
  readonly pdbBypasses: number;
  /** Pods (any) the orchestrator killed without an approved eviction (deletion or reboot). */
  readonly podsKilledWithoutEviction: number;
  /** S1b: ∫ Σ max(0, desiredHealthy − currentHealthy) dt over all budgets, in pod-seconds (any cause). */
  readonly pdbDeficitPodSeconds: number;
  /**
   * S4: the largest excess of nodes disrupted by the orchestrator at once (cordoned by it, or
   * down after a reboot it requested, until an operator acknowledges the failure with
   * `kubenode.dev/acknowledged`) over its budget; 0 = the budget was never exceeded.
   */
  readonly budgetOverruns: number;
  /** The most nodes disrupted by the orchestrator at once. */
  readonly maxNodesDisrupted: number;
  /** S2a: seconds, summed over zones, during which a zone's schedulable CPU was below the floor. */
  readonly capacityBelowFloorSeconds: number;
  /** The lowest schedulable share of any zone's allocatable CPU reached, in percent. */
  readonly minZoneSchedulablePercent: number;
  /** S2b: ∫ (pending pods) dt, and the maximum. */
  readonly pendingPodSeconds: number;
  readonly maxPendingPods: number;
  /** S6: evictions beyond the first per replica lineage (a replacement evicted again). */
  readonly doubleEvictions: number;
  /** Approved evictions. */
  readonly evictions: number;
}

/** @internal Accumulates {@link SafetyMetrics} from the simulated cluster's transitions. */
export class SafetyMonitor {
  private bypasses = 0;
  private killed = 0;
  private deficit = 0;
  private deficitIntegral = 0;
  private deficitSince: number;
  private disrupted = 0;
  private maxDisrupted = 0;
  private overrun = 0;
  private readonly zoneBelowSince: (number | undefined)[];
  private belowFloor = 0;
  private minZonePercent = 100;
  private pending = 0;
  private pendingSince: number;
  private pendingIntegral = 0;
  private maxPending = 0;
  private readonly evictionsByLineage = new Map<number, number>();
  private evictionCount = 0;
  private doubles = 0;
  private stopped: number | undefined;

  constructor(
    private readonly options: {
      /** The actor whose actions are measured (e.g. `kubenode`, `kured`). */
      readonly orchestrator: string;
      /** Its node budget (S4). */
      readonly budget: number;
      /** Capacity floor in percent of each zone's allocatable CPU (S2a). */
      readonly floorPercent: number;
      readonly zones: number;
      readonly start: number;
    },
  ) {
    this.deficitSince = options.start;
    this.pendingSince = options.start;
    this.zoneBelowSince = Array.from({ length: options.zones }, () => undefined);
  }

  /** The measured actor. */
  get orchestrator(): string {
    return this.options.orchestrator;
  }

  /** A pod lost its containers without an approved eviction; `violates` = its PDB allowed no disruption. */
  podKilled(actor: string | undefined, covered: boolean, violates: boolean): void {
    if (actor !== this.options.orchestrator) return;
    this.killed++;
    if (covered && violates) this.bypasses++;
  }

  /** An approved eviction of a pod of `lineage`, by any actor. */
  evicted(actor: string, lineage: number): void {
    if (actor !== this.options.orchestrator) return;
    this.evictionCount++;
    const count = (this.evictionsByLineage.get(lineage) ?? 0) + 1;
    this.evictionsByLineage.set(lineage, count);
    if (count > 1) this.doubles++;
  }

  /** The total PDB deficit changed by `delta` at `now`. */
  deficitChanged(now: number, delta: number): void {
    if (delta === 0) return;
    this.deficitIntegral += this.deficit * (now - this.deficitSince);
    this.deficitSince = now;
    this.deficit += delta;
  }

  /** The number of nodes the orchestrator disrupts changed by `delta`. */
  disruptedChanged(delta: number): void {
    this.disrupted += delta;
    if (this.disrupted > this.maxDisrupted) this.maxDisrupted = this.disrupted;
    const excess = this.disrupted - this.options.budget;
    if (excess > this.overrun) this.overrun = excess;
  }

  /** A zone's schedulable CPU share is now `percent`. */
  zoneCapacity(now: number, zone: number, percent: number): void {
    if (percent < this.minZonePercent) this.minZonePercent = percent;
    const below = percent < this.options.floorPercent - 1e-9;
    const since = this.zoneBelowSince[zone];
    if (below && since === undefined) this.zoneBelowSince[zone] = now;
    if (!below && since !== undefined) {
      this.belowFloor += now - since;
      this.zoneBelowSince[zone] = undefined;
    }
  }

  /** Pending (unscheduled) pods changed by `delta`. */
  pendingChanged(now: number, delta: number): void {
    this.pendingIntegral += this.pending * (now - this.pendingSince);
    this.pendingSince = now;
    this.pending += delta;
    if (this.pending > this.maxPending) this.maxPending = this.pending;
  }

  /** Closes the integrals at `now`; later changes are ignored by {@link metrics}. */
  finish(now: number): void {
    if (this.stopped !== undefined) return;
    this.deficitChanged(now, 0);
    this.deficitIntegral += this.deficit * (now - this.deficitSince);
    this.deficitSince = now;
    this.pendingChanged(now, 0);
    for (let zone = 0; zone < this.zoneBelowSince.length; zone++) {
      const since = this.zoneBelowSince[zone];
      if (since !== undefined) {
        this.belowFloor += now - since;
        this.zoneBelowSince[zone] = now;
      }
    }
    this.stopped = now;
  }

  /** The metrics so far (call {@link finish} first for closed integrals). */
  metrics(): SafetyMetrics {
    return {
      pdbBypasses: this.bypasses,
      podsKilledWithoutEviction: this.killed,
      pdbDeficitPodSeconds: Math.round(this.deficitIntegral / 1000),
      budgetOverruns: Math.max(0, this.overrun),
      maxNodesDisrupted: this.maxDisrupted,
      capacityBelowFloorSeconds: Math.round(this.belowFloor / 1000),
      minZoneSchedulablePercent: Math.round(this.minZonePercent * 10) / 10,
      pendingPodSeconds: Math.round(this.pendingIntegral / 1000),
      maxPendingPods: this.maxPending,
      doubleEvictions: this.doubles,
      evictions: this.evictionCount,
    };
  }
}
