import type { StepOutputV1, UpdateStepV1 } from '@kubenode/core';

/** A request to run one update step on a node. */
export interface RunStepInputV1 {
  /** The Node's name. */
  readonly node: string;
  /** The step, from the adapter's `UpdateStrategyV1.planNode`. */
  readonly step: UpdateStepV1;
  /** Cancels the step (the agent stops waiting; the host may still finish it). */
  readonly signal?: AbortSignal;
  /**
   * Optional fence: run the step only while the host runs this boot (`status.nodeInfo.bootID`);
   * an agent on another boot refuses it. The executor sets it on reboot steps, so that a reboot it
   * requests again after a restart never reboots a node that has rebooted since.
   */
  readonly bootID?: string;
}

/**
 * The node half of the rollout engine's ports, version 1: an in-cluster privileged agent (whose
 * manifests the adapter generates) runs update steps in the host's namespaces, never over SSH.
 *
 * `runStep` resolves with the step's exit code and output once it finished; a reboot step (empty
 * `command`) resolves once the reboot was requested, before the node goes down. It rejects with
 * a {@link NodeAgentError} when the agent is unreachable or the step passed `timeoutSeconds`.
 */
export interface NodeAgentV1 {
  /** The port's version: `'v1'`. */
  readonly specificationVersion: 'v1';
  /**
   * Runs one update step on a node and resolves with its exit code and output (a reboot step:
   * once the reboot was requested).
   *
   * @throws {NodeAgentError} when the agent is unreachable or the step passed its timeout.
   */
  runStep(input: RunStepInputV1): Promise<StepOutputV1>;
}
