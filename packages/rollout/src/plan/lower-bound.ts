import type { UpdateCapabilitiesV1 } from '@kubenode/core';
import type { WindowSchedule } from '../policy/window-schedule.js';
import type { PlanNode, PoolModel } from './pool-model.js';

/** Which bound binds. */
export type BindingConstraint = 'critical-path' | 'capacity' | 'zone' | 'pdb' | 'window';

/**
 * The lower bound on the makespan of any rollout that respects the budgets, the capacity floor
 * and every PodDisruptionBudget (shared/reference/updates.md §7.4), and which bound binds.
 */
export interface LowerBoundV1 {
  /** max of the bounds below, in wall-clock seconds. */
  readonly seconds: number;
  /** LB1: the slowest single node (stage, minimal drain, apply, reboot, verify). */
  readonly criticalPathSeconds: number;
  /** LB2: total node unavailability ÷ nodes that may be out at once. */
  readonly capacitySeconds: number;
  /** LB3: the same per zone, with each zone's spare nodes. */
  readonly perZoneSeconds: number;
  /**
   * LB4: the busiest PodDisruptionBudget: its last eviction cannot start before
   * ⌊(evictions − 1) ÷ allowed⌋ × replacement time, and its node still needs the rest of its cycle.
   */
  readonly pdbSeconds: number;
  /** LB5: the largest of the above stretched by the maintenance window's duty cycle (equal without a window). */
  readonly windowSeconds: number;
  /** Nodes that may be out at once (min of maxUnavailable and the zones' spare nodes) and why. */
  readonly concurrency: { readonly nodes: number; readonly limitedBy: 'maxUnavailable' | 'capacity-floor' };
  readonly binding: BindingConstraint;
  /** The binding constraint in words. */
  readonly description: string;
}

/** A policy limit that is not physical (rate limits), reported beside the bound. */
export interface PolicyBoundV1 {
  readonly seconds: number;
  readonly description: string;
}

/** Inputs of {@link computeLowerBound}. */
export interface LowerBoundInput {
  readonly model: PoolModel;
  readonly maxUnavailable: number;
  readonly capabilities: UpdateCapabilitiesV1;
  readonly window?: WindowSchedule;
  readonly startMs: number;
}

/** Unavailability of a node in seconds (what it costs the budget). */
export function nodeUnavailableSeconds(node: PlanNode, capabilities: UpdateCapabilitiesV1): number {
  return (
    node.drainSeconds +
    (capabilities.stageWhileServing ? 0 : node.cycle.stageSeconds) +
    node.cycle.applySeconds +
    (capabilities.requiresReboot ? node.cycle.rebootSeconds : 0) +
    node.cycle.verifySeconds
  );
}

/** Computes LB1–LB5 and names the binding one. */
export function computeLowerBound(input: LowerBoundInput): LowerBoundV1 {
  const { model, capabilities } = input;
  const nodes = model.nodes;
  let critical = 0;
  let criticalNode = '';
  let total = 0;
  const perZoneWork = new Map<string, number>();
  for (const node of nodes) {
    const unavailable = nodeUnavailableSeconds(node, capabilities);
    const path = unavailable + (capabilities.stageWhileServing ? node.cycle.stageSeconds : 0);
    if (path > critical) {
      critical = path;
      criticalNode = node.name;
    }
    total += unavailable;
    perZoneWork.set(node.zone, (perZoneWork.get(node.zone) ?? 0) + unavailable);
  }
  let spareTotal = 0;
  for (const zone of model.zones.values()) spareTotal += zone.spare;
  spareTotal = Math.min(spareTotal, model.fitSpare);
  const concurrency = Math.min(input.maxUnavailable, spareTotal);
  const capacity = nodes.length === 0 ? 0 : concurrency > 0 ? total / concurrency : Number.POSITIVE_INFINITY;
  let perZone = 0;
  let perZoneName = '';
  for (const [zone, work] of perZoneWork) {
    const spare = Math.min(model.zones.get(zone)?.spare ?? 0, input.maxUnavailable);
    const seconds = work === 0 ? 0 : spare > 0 ? work / spare : Number.POSITIVE_INFINITY;
    if (seconds > perZone) {
      perZone = seconds;
      perZoneName = zone;
    }
  }
  // LB4: with `a` units each held ~hold until the replacement is Ready, the E-th eviction cannot
  // start before ⌊(E−1)/a⌋·hold, and its node then still needs the pod's termination, apply,
  // reboot and verification.
  const tails = new Map<string, number>();
  for (const node of nodes) {
    const rest = nodeUnavailableSeconds(node, capabilities) - node.drainSeconds;
    for (const pod of node.pods) {
      const tail = pod.terminationSeconds + rest;
      if (tail < (tails.get(pod.pdb) ?? Number.POSITIVE_INFINITY)) tails.set(pod.pdb, tail);
    }
  }
  let pdb = 0;
  let pdbName = '';
  for (const entry of model.pdbs.values()) {
    const chain =
      Math.floor((entry.evictions - 1) / entry.allowance) * entry.holdSeconds + (tails.get(entry.key) ?? 0);
    if (chain > pdb) {
      pdb = chain;
      pdbName = entry.key;
    }
  }
  const open = Math.max(critical, capacity, perZone, pdb);
  const windowSeconds =
    input.window && Number.isFinite(open)
      ? (input.window.accumulate(input.startMs, open) - input.startMs) / 1000
      : open;

  const candidates: [BindingConstraint, number][] = [
    ['pdb', pdb],
    ['zone', perZone],
    ['capacity', capacity],
    ['critical-path', critical],
  ];
  let binding: BindingConstraint = 'critical-path';
  let best = -1;
  for (const [name, seconds] of candidates) {
    if (seconds > best + 1e-9) {
      best = seconds;
      binding = name;
    }
  }
  if (input.window && windowSeconds > open + 1) binding = 'window';

  const limitedBy = input.maxUnavailable <= spareTotal ? 'maxUnavailable' : 'capacity-floor';
  const hours = (seconds: number) => formatDuration(seconds);
  let description: string;
  switch (binding) {
    case 'pdb': {
      const entry = model.pdbs.get(pdbName);
      description = `PodDisruptionBudget ${pdbName} serialises ${entry?.evictions ?? 0} evictions, ${entry?.allowance ?? 1} at a time, each holding its budget ~${Math.round(entry?.holdSeconds ?? 0)} s until the replacement is Ready, then the last node's reboot: ≥ ${hours(pdb)} at any concurrency`;
      break;
    }
    case 'zone': {
      const zone = model.zones.get(perZoneName);
      description = `zone ${perZoneName} can spare ${Math.min(zone?.spare ?? 0, input.maxUnavailable)} of its ${zone?.nodes ?? 0} nodes at once: ≥ ${hours(perZone)}`;
      break;
    }
    case 'capacity':
      description = `${nodes.length} nodes, ${concurrency} at a time (${limitedBy === 'maxUnavailable' ? `maxUnavailable ${input.maxUnavailable}` : `capacity floor: the zones spare ${spareTotal}`}), ~${Math.round(total / Math.max(1, nodes.length))} s of disruption each: ≥ ${hours(capacity)}`;
      break;
    case 'critical-path':
      description = `the slowest node (${criticalNode || 'none'}) needs ≥ ${hours(critical)} from stage to verified`;
      break;
    case 'window':
      description = `the maintenance window (${input.window?.window.duration} from ${input.window?.window.start} ${input.window?.window.timeZone}) stretches ${hours(open)} of work to ≥ ${hours(windowSeconds)} of wall clock`;
      break;
  }
  return {
    seconds: Math.max(open, windowSeconds),
    criticalPathSeconds: critical,
    capacitySeconds: capacity,
    perZoneSeconds: perZone,
    pdbSeconds: pdb,
    windowSeconds,
    concurrency: { nodes: concurrency, limitedBy },
    binding,
    description,
  };
}

/** "3.2 h", "41 min", "35 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'forever';
  if (seconds >= 5400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 120) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds)} s`;
}
