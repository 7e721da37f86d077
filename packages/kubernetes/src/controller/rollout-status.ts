/** What `kubenode controller` reports about its rollout (`/status` and the status ConfigMap). */
export interface RolloutStatusV1 {
  readonly pool: string;
  readonly rolloutId: string;
  /** The Lease holder now ('' when free). */
  readonly leader: string;
  /** This replica. */
  readonly identity: string;
  readonly total: number;
  /** Nodes per phase; `pending` = not touched by this rollout yet. */
  readonly phases: Readonly<Record<string, number>>;
  /** Nodes updated and verified. */
  readonly updated: number;
  /** Nodes out of service awaiting acknowledgement, with the reason (first 20). */
  readonly failed: readonly { readonly node: string; readonly reason: string }[];
  /** Nodes whose drain could not finish, with the reason (first 20). */
  readonly blocked: readonly { readonly node: string; readonly reason: string }[];
  readonly paused: boolean;
  /** Why the failure budget halted the rollout. */
  readonly halted: string | undefined;
  /** How the last executor run ended, if one did. */
  readonly lastRun: { readonly outcome: string; readonly finishedAt: string } | undefined;
  /** RFC 3339. */
  readonly observedAt: string;
}
