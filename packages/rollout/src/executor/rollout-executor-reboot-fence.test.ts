import { describe, expect, it } from 'vitest';
import type { NodeAgentV1, RunStepInputV1 } from '../ports/node-agent-v1.js';
import { executorHarness } from './rollout-executor-harness.js';

describe('rollout executor: reboot requests are fenced to the boot they end', () => {
  it("names the node's current boot in every reboot request, and a late copy of one reboots nothing", async () => {
    const requests: { input: RunStepInputV1; bootAtRequest: string }[] = [];
    let late: RunStepInputV1 | undefined;
    let agentOf: NodeAgentV1 | undefined;
    const h = executorHarness({
      agent: (agent) => {
        agentOf = agent;
        return {
          specificationVersion: 'v1',
          runStep: (input) => {
            if (input.step.phase === 'reboot') {
              const node = h.scenario.cluster.apiGetNode(input.node);
              requests.push({ input, bootAtRequest: node.status?.nodeInfo?.bootID ?? '' });
              late ??= input;
            }
            return agent.runStep(input);
          },
        };
      },
    });
    const run = h.start(h.executor('kubenode-0'));
    await h.runUntil(run.ended, 24 * 3600);
    expect(run.state.result?.outcome).toBe('completed');
    expect(requests.length).toBeGreaterThanOrEqual(h.scenario.cluster.nodeNames().length);
    for (const { input, bootAtRequest } of requests) {
      expect(input.bootID).toBeDefined();
      expect(input.bootID).toBe(bootAtRequest);
    }

    // The first reboot request delivered again, after that node rebooted (as one asked for again
    // by an executor resuming mid-reboot could be): refused, and the node does not reboot again.
    const name = (late as RunStepInputV1).node;
    const reboots = h.reboots(name);
    const replay = (agentOf as NodeAgentV1).runStep(late as RunStepInputV1);
    await h.runUntil(() => false, 60);
    const output = await replay;
    expect(output.exitCode).toBe(126);
    expect(output.stderr).toMatch(/^the node agent refused the step: the request is for boot /);
    await h.runUntil(() => false, 600);
    expect(h.reboots(name)).toBe(reboots);
  });
});
