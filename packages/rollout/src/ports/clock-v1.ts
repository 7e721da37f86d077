/**
 * Time as the rollout engine sees it: the system clock in production, the simulator's virtual
 * clock in simulations (where `sleep` returns when virtual time reaches the deadline).
 */
export interface ClockV1 {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with the signal's reason when `signal` aborts first
   * (and then holds no timer).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: calls `fire` after `ms` milliseconds unless the returned function is called first.
   * A timer without an AbortSignal, for callers that set and cancel many (the simulator's clock
   * has one); callers fall back to `sleep` with an AbortSignal when it is absent.
   */
  timer?(ms: number, fire: () => void): () => void;
}
