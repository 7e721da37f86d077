import type { StepOutputV1, UpdateStepV1 } from '@kubenode/core';

/** How a step's command ended on the host. */
export interface StepRunResult extends StepOutputV1 {
  /** Killed at the step's `timeoutSeconds`. */
  readonly timedOut: boolean;
  /** Output was cut to the runner's limit. */
  readonly truncated: boolean;
}

/**
 * Runs update steps on a host, for the node agent: the real one enters the host's namespaces
 * ({@link createHostStepRunner}); the test double's drives a simulated host.
 */
export interface StepRunner {
  /** Runs a step's `command`; resolves when it exited or was killed at its deadline. */
  run(step: UpdateStepV1, signal: AbortSignal): Promise<StepRunResult>;
  /** Reboots the host (the agent reports the reboot step done before calling this). */
  reboot(step: UpdateStepV1): Promise<void>;
  /** The host's current boot ID. */
  bootId(): Promise<string>;
}
