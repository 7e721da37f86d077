import type { BindingConstraint } from '../plan/lower-bound.js';

/** A node and why it ended where it did. */
export interface NodeOutcomeV1 {
  readonly node: string;
  readonly reason: string;
}

/** How a rollout ended. */
export type RolloutOutcomeV1 = 'completed' | 'completed-with-failures' | 'halted' | 'aborted';

/** What a finished (or stopped) rollout reports. */
export interface RolloutResultV1 {
  readonly rolloutId: string;
  readonly outcome: RolloutOutcomeV1;
  /** ms since the epoch. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** When the last node reached its final state (ms). */
  readonly lastNodeFinishedAt: number;
  readonly nodes: {
    /** Updated and verified. */
    readonly updated: readonly string[];
    /** Already at the target; left alone. */
    readonly current: readonly string[];
    /** Out of service (did not return, failed verification without rollback); awaiting acknowledgement. */
    readonly failed: readonly (NodeOutcomeV1 & { readonly acknowledged: boolean })[];
    /** Back in service on the previous version after the update did not take. */
    readonly reverted: readonly NodeOutcomeV1[];
    /** Not updated: the drain could not finish or can never finish. */
    readonly blocked: readonly NodeOutcomeV1[];
    /** Not touched: cordoned by someone else, NotReady, or never reached (halt, abort). */
    readonly skipped: readonly NodeOutcomeV1[];
  };
  /** Failed nodes kubenode keeps cordoned (quarantined) until acknowledged. */
  readonly quarantined: readonly string[];
  /** The plan computed when the rollout (or this executor) started. */
  readonly plan: {
    readonly lowerBoundSeconds: number;
    readonly predictedMakespanSeconds: number;
    readonly binding: BindingConstraint;
    readonly description: string;
  };
  /** Why the rollout halted, if it did. */
  readonly haltReason: string | undefined;
}

/** A progress snapshot while the rollout runs. */
export interface RolloutProgressV1 {
  readonly now: number;
  readonly total: number;
  readonly finished: number;
  readonly inFlight: number;
  readonly failed: number;
  readonly paused: boolean;
  readonly halted: boolean;
}
