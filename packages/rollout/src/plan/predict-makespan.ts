import type { UpdateCapabilitiesV1 } from '@kubenode/core';
import type { WindowSchedule } from '../policy/window-schedule.js';
import { EventQueue } from '../simulator/event-queue.js';
import { CandidateQueue, type AdmissionVerdict } from './candidate-queue.js';
import type { PlanNode, PoolModel } from './pool-model.js';

/** Inputs of {@link predictMakespan}. */
export interface PredictionInput {
  readonly model: PoolModel;
  /** Candidates in admission order. */
  readonly order: readonly PlanNode[];
  readonly maxUnavailable: number;
  readonly floorPercent: number;
  readonly fitRequests: boolean;
  readonly waves: {
    readonly canaryPerZone: number;
    readonly growthFactor: number;
    readonly soakSeconds: number;
  };
  readonly stageAhead: number;
  readonly capabilities: UpdateCapabilitiesV1;
  readonly window?: WindowSchedule;
  readonly rateLimit?: { readonly nodes: number; readonly perSeconds: number };
  readonly startMs: number;
  /** PodDisruptionBudgets whose nodes get a reserved slot (see `findCriticalPdbs`). */
  readonly critical?: ReadonlySet<string>;
}

/** The predicted schedule. */
export interface Prediction {
  /** Predicted makespan, seconds (Infinity when some node can never start). */
  readonly seconds: number;
  /** Predicted start (cordon) and end (verified) of each node, ms. */
  readonly nodes: ReadonlyMap<string, { readonly start: number; readonly end: number }>;
}

/**
 * Predicts the makespan by running the executor's admission rules (budget, waves, per-zone
 * capacity floor, PodDisruptionBudget allowances, windows, rate limit) over expected durations in
 * a node-level event simulation: each eviction takes a unit of its budget until the replacement
 * is expected Ready. Pure and O(pods · log nodes).
 */
export function predictMakespan(input: PredictionInput): Prediction {
  const { model, capabilities } = input;
  const events = new EventQueue();
  const rank = new Map<string, number>();
  input.order.forEach((node, index) => rank.set(node.name, index));
  const queue = new CandidateQueue<PlanNode>(
    (node) => rank.get(node.name) ?? 0,
    (node) => node.name,
    // The ranks are the admission order, fixed before the first push.
    { fixedRanks: true },
  );
  for (const node of input.order) queue.push(node);

  // Capacity per zone as the admission sees it.
  const zones = new Map<
    string,
    { sCpu: number; sMem: number; tCpu: number; tMem: number; rCpu: number; rMem: number }
  >();
  for (const zone of model.zones.values()) {
    zones.set(zone.zone, {
      sCpu: zone.schedulableCpu,
      sMem: zone.schedulableMemory,
      tCpu: zone.totalCpu,
      tMem: zone.totalMemory,
      rCpu: zone.requestedCpu,
      rMem: zone.requestedMemory,
    });
  }
  const pool = { sCpu: 0, sMem: 0, rCpu: 0, rMem: 0 };
  for (const zone of zones.values()) {
    pool.sCpu += zone.sCpu;
    pool.sMem += zone.sMem;
    pool.rCpu += zone.rCpu;
    pool.rMem += zone.rMem;
  }
  // Budget units per PodDisruptionBudget: the times they are free again.
  const tokens = new Map<string, number[]>();
  for (const pdb of model.pdbs.values()) {
    const free = Math.min(pdb.allowance, Math.max(0, pdb.allowedNow));
    const list: number[] = [];
    for (let i = 0; i < pdb.allowance; i++)
      list.push(i < free ? input.startMs : input.startMs + pdb.holdSeconds * 1000);
    tokens.set(
      pdb.key,
      list.sort((a, b) => a - b),
    );
  }
  // Nodes staged ahead: the first `stageAhead` are ready after their stage time, the rest in time.
  const stagedAt = new Map<string, number>();
  if (capabilities.stageWhileServing) {
    input.order.forEach((node, index) => {
      if (index < Math.max(1, input.stageAhead))
        stagedAt.set(node.name, input.startMs + node.cycle.stageSeconds * 1000);
    });
  }

  const zoneNames = [...model.zones.keys()];
  const canaryTotal = Math.min(input.order.length, input.waves.canaryPerZone * zoneNames.length);
  const canaryPerZone = new Map<string, number>();
  let canaryDone = 0;
  let canaryComplete = canaryTotal === 0;
  let soakUntil = input.startMs;
  let inFlight = 0;
  let done = 0;
  let now = input.startMs;
  const starts: number[] = [];
  const result = new Map<string, { start: number; end: number }>();
  // Release times scheduled per parking key (a set of pairs, without building a string per pair).
  const scheduledReleases = new Map<string, Set<number>>();

  const releaseAt = (key: string, time: number) => {
    let times = scheduledReleases.get(key);
    if (!times) {
      times = new Set();
      scheduledReleases.set(key, times);
    }
    if (times.has(time)) return;
    times.add(time);
    const scheduled = times;
    events.push(time, () => {
      scheduled.delete(time);
      queue.open(key);
    });
  };

  const cap = () => {
    if (input.waves.canaryPerZone <= 0) return input.maxUnavailable;
    if (!canaryComplete) return canaryTotal;
    if (now < soakUntil) return 0;
    return Math.min(input.maxUnavailable, Math.floor(canaryTotal + (input.waves.growthFactor - 1) * done));
  };

  // Nodes not yet started per critical budget: while any remain, one slot per budget is reserved.
  const critical = input.critical ?? new Set<string>();
  const criticalLeft = new Map<string, number>();
  const criticalCache = new Map<PlanNode, readonly string[]>();
  const criticalOf = (node: PlanNode): readonly string[] => {
    let keys = criticalCache.get(node);
    if (!keys) {
      keys = node.pdbKeys.filter((key) => critical.has(key));
      criticalCache.set(node, keys);
    }
    return keys;
  };
  const neededCache = new Map<PlanNode, Map<string, number>>();
  const neededOf = (node: PlanNode): Map<string, number> => {
    let needed = neededCache.get(node);
    if (!needed) {
      needed = new Map();
      for (const pod of node.pods) needed.set(pod.pdb, (needed.get(pod.pdb) ?? 0) + 1);
      neededCache.set(node, needed);
    }
    return needed;
  };
  for (const node of input.order)
    for (const key of criticalOf(node)) criticalLeft.set(key, (criticalLeft.get(key) ?? 0) + 1);
  // Critical budgets with nodes left (slots reserved), kept up to date by `admit`.
  let reserve = criticalLeft.size;
  let free = 0;

  const check = (node: PlanNode): AdmissionVerdict => {
    const mine = criticalOf(node);
    if (mine.length === 0 && free - reserve < 1) return { admit: false, parkOn: 'reserve' };
    const staged = stagedAt.get(node.name);
    if (staged !== undefined && staged > now) {
      releaseAt(`stage:${node.name}`, staged);
      return { admit: false, parkOn: `stage:${node.name}` };
    }
    if (!canaryComplete && (canaryPerZone.get(node.zone) ?? 0) >= input.waves.canaryPerZone)
      return { admit: false, parkOn: `zone:${node.zone}` };
    if (input.window && !input.window.fits(now, node.cycleP95Seconds)) {
      const next = input.window.nextOpen(input.window.closesAt(now) ?? now + 1000);
      if (Number.isFinite(next)) releaseAt('window', Math.max(next, now + 1000));
      return { admit: false, parkOn: 'window' };
    }
    const zone = zones.get(node.zone);
    if (zone) {
      const floor = input.floorPercent / 100;
      if (
        zone.sCpu - node.cpu < floor * zone.tCpu - 1e-9 ||
        zone.sMem - node.memory < floor * zone.tMem - 1e-9
      )
        return { admit: false, parkOn: `zone:${node.zone}` };
    }
    if (
      input.fitRequests &&
      (pool.sCpu - node.cpu < pool.rCpu - 1e-9 || pool.sMem - node.memory < pool.rMem - 1e-9)
    )
      return { admit: false, parkOn: 'fit' };
    const needed = neededOf(node);
    const freeAt = (key: string) => tokens.get(key)?.[0] ?? now;
    if (mine.length > 0) {
      // Critical chains: one of them must allow an eviction now.
      if (!mine.some((key) => !needed.has(key) || freeAt(key) <= now)) {
        const soonest = mine.reduce((best, key) => (freeAt(key) < freeAt(best) ? key : best));
        releaseAt(`pdb:${soonest}`, freeAt(soonest));
        return { admit: false, parkOn: `pdb:${soonest}` };
      }
    } else {
      for (const [key] of needed) {
        if (freeAt(key) > now) {
          releaseAt(`pdb:${key}`, freeAt(key));
          return { admit: false, parkOn: `pdb:${key}` };
        }
      }
    }
    free--;
    return { admit: true };
  };

  const admit = (node: PlanNode) => {
    for (const key of criticalOf(node)) {
      const left = criticalLeft.get(key) ?? 1;
      criticalLeft.set(key, left - 1);
      if (left > 0 && left - 1 <= 0) reserve--;
    }
    inFlight++;
    starts.push(now);
    if (!canaryComplete) canaryPerZone.set(node.zone, (canaryPerZone.get(node.zone) ?? 0) + 1);
    const zone = zones.get(node.zone);
    if (zone) {
      zone.sCpu -= node.cpu;
      zone.sMem -= node.memory;
    }
    pool.sCpu -= node.cpu;
    pool.sMem -= node.memory;
    let drained = now + node.unbudgetedDrainSeconds * 1000;
    // A node's pods of one budget often come one after another: look the budget up once for them.
    let listKey: string | undefined;
    let list: number[] | undefined;
    for (const pod of node.pods) {
      let evict = now;
      if (pod.pdb !== listKey) {
        listKey = pod.pdb;
        list = tokens.get(listKey);
      }
      if (list && list.length > 0) {
        const free = list.shift() as number;
        evict = Math.max(now, free);
        insertSorted(list, evict + pod.replacementSeconds * 1000);
      }
      drained = Math.max(drained, evict + pod.terminationSeconds * 1000);
    }
    const end =
      drained +
      ((capabilities.stageWhileServing ? 0 : node.cycle.stageSeconds) +
        node.cycle.applySeconds +
        (capabilities.requiresReboot ? node.cycle.rebootSeconds : 0) +
        node.cycle.verifySeconds) *
        1000;
    result.set(node.name, { start: now, end });
    events.push(end, () => {
      inFlight--;
      done++;
      if (zone) {
        zone.sCpu += node.cpu;
        zone.sMem += node.memory;
      }
      pool.sCpu += node.cpu;
      pool.sMem += node.memory;
      queue.open('fit');
      queue.open(`zone:${node.zone}`);
      if (!canaryComplete && rank.get(node.name) !== undefined) {
        canaryDone++;
        if (canaryDone >= canaryTotal) {
          canaryComplete = true;
          soakUntil = now + input.waves.soakSeconds * 1000;
          for (const zone of zoneNames) queue.open(`zone:${zone}`);
          if (input.waves.soakSeconds > 0) releaseAt('soak', soakUntil);
        }
      }
    });
  };

  const tryAdmit = () => {
    let limit = Math.max(0, Math.min(input.maxUnavailable, cap()) - inFlight);
    if (input.rateLimit) {
      const since = now - input.rateLimit.perSeconds * 1000;
      const recent = starts.filter((start) => start > since);
      limit = Math.min(limit, Math.max(0, input.rateLimit.nodes - recent.length));
      if (recent.length >= input.rateLimit.nodes)
        releaseAt('rate', (recent[0] as number) + input.rateLimit.perSeconds * 1000 + 1);
    }
    if (limit === 0) return;
    free = limit;
    queue.open('reserve');
    for (const node of queue.select(limit, check)) admit(node);
  };

  tryAdmit();
  for (;;) {
    const next = events.peekTime();
    if (next === undefined) break;
    now = next;
    while (events.peekTime() === now) events.pop()?.fire();
    tryAdmit();
  }
  let last = input.startMs;
  for (const entry of result.values()) if (entry.end > last) last = entry.end;
  const seconds = queue.size > 0 ? Number.POSITIVE_INFINITY : (last - input.startMs) / 1000;
  return { seconds, nodes: result };
}

function insertSorted(list: number[], value: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, value);
}
