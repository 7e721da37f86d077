import type { ClockV1 } from '@kubenode/rollout';

/**
 * A clock running `speed` times faster than the wall clock from a shared epoch: what a process
 * talking to the simulated API server uses when the server's {@link startRealtimeDriver} ties
 * virtual time strictly to the wall clock (`maxStepMs: null`), so every process agrees on the
 * time (Lease renewals, step deadlines) while a rollout of hours takes seconds.
 */
export function createScaledClock(epoch: {
  readonly wallMs: number;
  readonly virtualMs: number;
  readonly speed: number;
}): ClockV1 {
  return {
    now: () => epoch.virtualMs + (Date.now() - epoch.wallMs) * epoch.speed,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms / epoch.speed),
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
