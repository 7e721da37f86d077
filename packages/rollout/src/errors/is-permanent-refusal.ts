import { ClusterApiError } from './cluster-api-error.js';

/**
 * HTTP statuses with which the API server refuses a request for what it is, not for the moment:
 * 400 Bad Request, 403 Forbidden (RBAC, or an admission policy), 404 Not Found, 405 Method Not
 * Allowed, 422 Invalid. Retrying them only delays the report; 409, 429, 5xx and connection
 * failures may pass on a retry.
 */
const PERMANENT = new Set([400, 403, 404, 405, 422]);

/**
 * Whether a failed request should be reported at once instead of retried: a
 * {@link ClusterApiError} with one of the statuses above. Callers that give 404 a meaning of
 * their own (the object is gone) check it first.
 */
export function isPermanentRefusal(error: unknown): boolean {
  return ClusterApiError.isInstance(error) && PERMANENT.has(error.code);
}
