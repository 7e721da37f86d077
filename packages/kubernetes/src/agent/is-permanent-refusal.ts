import { ClusterApiError } from '@kubenode/rollout';

/**
 * HTTP statuses with which the API server refuses a write for what it is, not for the moment:
 * 400 Bad Request, 403 Forbidden (RBAC, or an admission policy such as the agent's node
 * restriction), 404 Not Found, 405 Method Not Allowed, 422 Invalid. Retrying them only delays
 * the report; 409, 429, 5xx and connection failures may pass on a retry.
 */
const PERMANENT = new Set([400, 403, 404, 405, 422]);

/** Whether a failed write should be reported at once instead of retried. */
export function isPermanentRefusal(error: unknown): boolean {
  return ClusterApiError.isInstance(error) && PERMANENT.has(error.code);
}
