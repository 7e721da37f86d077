import type { ClockV1 } from '../ports/clock-v1.js';

/**
 * Calls `fire` after `ms` milliseconds unless the returned function is called first: the clock's
 * own timer when it has one (no AbortSignal to create, listen to and abort), otherwise a `sleep`
 * with an AbortSignal.
 */
export function startTimer(clock: ClockV1, ms: number, fire: () => void): () => void {
  if (clock.timer) return clock.timer(ms, fire);
  const controller = new AbortController();
  clock.sleep(ms, controller.signal).then(fire, () => undefined);
  return () => controller.abort();
}
