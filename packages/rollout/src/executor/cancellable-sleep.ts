import type { ClockV1 } from '../ports/clock-v1.js';
import { startTimer } from './start-timer.js';

/** A sleep that can be ended early: see {@link cancellableSleep}. */
export interface CancellableSleep {
  /** Resolves after the time; rejects with the reason once cancelled first. */
  readonly sleep: Promise<void>;
  /** Stops the timer and rejects `sleep` with `reason` (nothing once the sleep is over). */
  cancel(reason: unknown): void;
}

/**
 * Sleeps `ms` on the clock's timer ({@link startTimer}: no AbortController per sleep), for waits
 * that end early far more often than they time out.
 */
export function cancellableSleep(clock: ClockV1, ms: number): CancellableSleep {
  let end!: () => void;
  let reject!: (reason: unknown) => void;
  const sleep = new Promise<void>((resolve, rejectSleep) => {
    end = resolve;
    reject = rejectSleep;
  });
  const cancelTimer = startTimer(clock, ms, () => end());
  return {
    sleep,
    cancel: (reason) => {
      cancelTimer();
      reject(reason);
    },
  };
}
