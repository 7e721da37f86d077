import { KubenodeError } from '@kubenode/core';
import type { K8sStatus } from '../kubernetes/kubernetes-objects.js';

const name = 'KubenodeClusterApiError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A Kubernetes API request failed with a `Status` response: 404 NotFound, 409 Conflict or
 * AlreadyExists, 410 Expired (a watch's resourceVersion is too old), 429 TooManyRequests (an
 * eviction the PodDisruptionBudget does not allow, or API priority and fairness), 500 and 503.
 * `ClusterClientV1` implementations throw this for every non-2xx answer.
 */
export class ClusterApiError extends KubenodeError {
  private readonly [symbol] = true;

  /** HTTP status code. */
  readonly code: number;
  /** The Status `reason`: NotFound, Conflict, AlreadyExists, Expired, TooManyRequests, InternalError, ... */
  readonly reason: string;
  /** `details.retryAfterSeconds` (also sent as Retry-After), when the server asked for a delay. */
  readonly retryAfterSeconds: number | undefined;
  /** `details.causes[].reason` values, e.g. `DisruptionBudget` on a refused eviction. */
  readonly causes: readonly string[];
  /** The failing request, e.g. `POST pods/web-0/eviction`. */
  readonly request: string;
  /** The full Status body. */
  readonly status: K8sStatus;

  constructor(options: { status: K8sStatus; request: string; cause?: unknown }) {
    super({
      name,
      message: `${options.request}: ${options.status.code} ${options.status.reason}: ${options.status.message}`,
      cause: options.cause,
    });
    this.code = options.status.code;
    this.reason = options.status.reason;
    this.retryAfterSeconds = options.status.details?.retryAfterSeconds;
    this.causes = (options.status.details?.causes ?? []).flatMap((cause) =>
      cause.reason ? [cause.reason] : [],
    );
    this.request = options.request;
    this.status = options.status;
  }

  /** Builds the error from its parts, the way the API server would answer. */
  static of(
    request: string,
    code: number,
    reason: string,
    message: string,
    details?: K8sStatus['details'],
  ): ClusterApiError {
    return new ClusterApiError({
      request,
      status: {
        apiVersion: 'v1',
        kind: 'Status',
        status: 'Failure',
        code,
        reason,
        message,
        ...(details ? { details } : {}),
      },
    });
  }

  static override isInstance(error: unknown): error is ClusterApiError {
    return KubenodeError.hasMarker(error, marker);
  }
}
