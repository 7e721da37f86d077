import type { DurationDistribution } from './distribution.js';

/** PodDisruptionBudget mix of a workload profile (fractions of workloads; shared/reference/updates.md §7.2). */
export interface PdbMix {
  /** maxUnavailable: 1. */
  readonly maxUnavailableOne: number;
  /** maxUnavailable 10–25 %. */
  readonly maxUnavailablePercent: number;
  /** minAvailable equal to replicas: no eviction is ever allowed. */
  readonly unevictable: number;
  /** No PodDisruptionBudget. */
  readonly none: number;
  /** Extra single-replica Deployments with `minAvailable: 1` (strict profile). */
  readonly singleReplicaWithPdb: number;
}

/** A workload profile: how strict the cluster's disruption budgets are. */
export interface WorkloadProfile {
  readonly id: 'lenient' | 'typical' | 'strict';
  readonly description: string;
  readonly pdbMix: PdbMix;
}

/** The three PDB profiles of shared/reference/updates.md §7.2. */
export const WORKLOAD_PROFILES: Readonly<Record<WorkloadProfile['id'], WorkloadProfile>> = {
  lenient: {
    id: 'lenient',
    description: '20 % maxUnavailable=1, 40 % maxUnavailable 10–25 %, no unevictable PDBs, 40 % without PDB',
    pdbMix: {
      maxUnavailableOne: 0.2,
      maxUnavailablePercent: 0.4,
      unevictable: 0,
      none: 0.4,
      singleReplicaWithPdb: 0,
    },
  },
  typical: {
    id: 'typical',
    description: '40 % maxUnavailable=1, 30 % maxUnavailable 10–25 %, 1 % unevictable, 29 % without PDB',
    pdbMix: {
      maxUnavailableOne: 0.4,
      maxUnavailablePercent: 0.3,
      unevictable: 0.01,
      none: 0.29,
      singleReplicaWithPdb: 0,
    },
  },
  strict: {
    id: 'strict',
    description:
      '60 % maxUnavailable=1, 20 % maxUnavailable 10–25 %, 3 % unevictable, 17 % without PDB, plus single-replica Deployments with minAvailable: 1',
    pdbMix: {
      maxUnavailableOne: 0.6,
      maxUnavailablePercent: 0.2,
      unevictable: 0.03,
      none: 0.17,
      singleReplicaWithPdb: 0.02,
    },
  },
};

/** Failure injection rates (shared/reference/updates.md §7.2: assumptions to sweep, no public fleet data). */
export interface FaultProfile {
  readonly id: 'none' | 'low' | 'high';
  /** Per node update: the new image does not boot; the node falls back to the old one after an extra reboot. */
  readonly bootFailureWithFallback: number;
  /** Per node update: the node never comes back. */
  readonly neverReturns: number;
  /** Per stage step: exits non-zero (download or verification failure). */
  readonly stageFailure: number;
  /** Per API call: a transient 500 or 429 (with Retry-After). */
  readonly apiErrorRate: number;
  /** Per node patch: an injected 409 Conflict (a concurrent writer). */
  readonly conflictRate: number;
  /** Per pod: it ignores termination (a stuck finalizer) and never goes away once evicted. */
  readonly stuckTermination: number;
  /** Watches closed by the server per watch-second (the informer re-watches or relists). */
  readonly watchDropPerSecond: number;
  /** Unrelated node losses per node-hour (Poisson); the node returns after 10–30 min. */
  readonly involuntaryLossPerNodeHour: number;
}

/** Built-in fault profiles. */
export const FAULT_PROFILES: Readonly<Record<FaultProfile['id'], FaultProfile>> = {
  none: {
    id: 'none',
    bootFailureWithFallback: 0,
    neverReturns: 0,
    stageFailure: 0,
    apiErrorRate: 0,
    conflictRate: 0,
    stuckTermination: 0,
    watchDropPerSecond: 0,
    involuntaryLossPerNodeHour: 0,
  },
  low: {
    id: 'low',
    bootFailureWithFallback: 0.005,
    neverReturns: 0.0005,
    stageFailure: 0.002,
    apiErrorRate: 0.001,
    conflictRate: 0.002,
    stuckTermination: 0.0002,
    watchDropPerSecond: 1 / 1800,
    involuntaryLossPerNodeHour: 0.0005,
  },
  high: {
    id: 'high',
    bootFailureWithFallback: 0.01,
    neverReturns: 0.002,
    stageFailure: 0.01,
    apiErrorRate: 0.005,
    conflictRate: 0.01,
    stuckTermination: 0.001,
    watchDropPerSecond: 1 / 600,
    involuntaryLossPerNodeHour: 0.001,
  },
};

/**
 * Pod termination classes (shared/reference/updates.md §7.2): 60 % exit fast (lognormal, median
 * 1 s), 30 % use the whole 30 s grace period (SIGTERM ignored, preStop sleeps); the remaining
 * 10 % are stateful workloads (StatefulSets) with a grace period of 60, 120, 300 or 600 s, of
 * which they use 50–100 %.
 */
export const TERMINATION = {
  fast: { kind: 'lognormal', median: 1, sigma: 1, max: 30 } satisfies DurationDistribution,
  fullGrace: { kind: 'fixed', value: 30 } satisfies DurationDistribution,
  statefulGraceSeconds: [60, 120, 300, 600] as const,
  shares: { fast: 0.6, fullGrace: 0.3, stateful: 0.1 },
} as const;

/**
 * Replacement readiness (scheduling, image pull, start, readiness probe): stateless median 20 s,
 * p95 120 s; stateful median 90 s, p95 10 min; the image is cached with p = 0.7, else the pull
 * takes a lognormal median 10 s, p99 120 s.
 */
export const READINESS = {
  stateless: { kind: 'lognormal', median: 20, sigma: Math.log(6) / 1.645 } satisfies DurationDistribution,
  stateful: {
    kind: 'lognormal',
    median: 90,
    sigma: Math.log(600 / 90) / 1.645,
  } satisfies DurationDistribution,
  imageCachedProbability: 0.7,
  pull: { kind: 'lognormal', median: 10, sigma: Math.log(12) / 2.326 } satisfies DurationDistribution,
} as const;
