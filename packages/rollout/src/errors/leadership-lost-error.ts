import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeLeadershipLostError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The executor stopped because it could no longer renew its Lease within the renew deadline, so
 * another replica may take over; it made no change after the deadline passed.
 */
export class LeadershipLostError extends KubenodeError {
  private readonly [symbol] = true;

  /** `namespace/name` of the Lease. */
  readonly lease: string;
  /** This executor's identity. */
  readonly identity: string;

  constructor(options: { lease: string; identity: string; cause?: unknown }) {
    super({
      name,
      message: `lost the rollout lease ${options.lease} (identity ${options.identity}); stopped acting`,
      cause: options.cause,
    });
    this.lease = options.lease;
    this.identity = options.identity;
  }

  static override isInstance(error: unknown): error is LeadershipLostError {
    return KubenodeError.hasMarker(error, marker);
  }
}
