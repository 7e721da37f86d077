import type { UpdateStepV1 } from '@kubenode/core';
import { NodeAgentError, type SimulatedCluster } from '@kubenode/rollout';
import type { StepRunner, StepRunResult } from '../agent/step-runner.js';

/**
 * A {@link StepRunner} for the test double: the node agent's steps run on the simulated cluster's
 * host of `nodeName` (as `actor`, so reboots are attributed to the rollout), taking the
 * simulator's virtual time. A step on a host that is down fails after the simulator's connection
 * timeout; the agent then answers `lost`, where a real agent on a down host would not answer at
 * all (the executor reports the node unreachable either way).
 */
export function createSimulatedStepRunner(
  cluster: SimulatedCluster,
  nodeName: string,
  actor = 'kubenode',
): StepRunner {
  const agent = cluster.agent(actor);
  return {
    async run(step: UpdateStepV1, signal: AbortSignal): Promise<StepRunResult> {
      try {
        const output = await agent.runStep({ node: nodeName, step, signal });
        return { ...output, timedOut: false, truncated: false };
      } catch (error) {
        if (NodeAgentError.isInstance(error) && error.failure === 'timeout')
          return {
            exitCode: 124,
            stdout: '',
            stderr: `killed after ${step.timeoutSeconds} s\n`,
            timedOut: true,
            truncated: false,
          };
        throw error;
      }
    },
    async reboot(step: UpdateStepV1): Promise<void> {
      await agent.runStep({ node: nodeName, step });
    },
    async bootId(): Promise<string> {
      return cluster.apiGetNode(nodeName).status?.nodeInfo?.bootID ?? '';
    },
  };
}
