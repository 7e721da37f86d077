import { describe, expect, it } from 'vitest';
import { NodeAgentError } from '../errors/node-agent-error.js';
import type { NodeAgentV1 } from '../ports/node-agent-v1.js';
import { executorHarness } from './rollout-executor-harness.js';

const STUCK = 'node-00002';

/** An agent whose reboot step on {@link STUCK} fails as `fail` says; every other step runs. */
function rebootFails(fail: 'unreachable' | 'exit') {
  return (agent: NodeAgentV1): NodeAgentV1 => ({
    specificationVersion: 'v1',
    runStep: (input) => {
      if (input.node !== STUCK || input.step.phase !== 'reboot') return agent.runStep(input);
      if (fail === 'exit')
        return Promise.resolve({
          exitCode: 1,
          stdout: '',
          stderr: 'Operation inhibited by "kubelet" (PID 812): shutdown in progress\n',
        });
      return Promise.reject(
        new NodeAgentError({
          node: input.node,
          phase: 'reboot',
          failure: 'unreachable',
          detail: 'connection refused',
        }),
      );
    },
  });
}

describe('rollout executor: a reboot that is never requested', () => {
  for (const [fail, detail] of [
    ['unreachable', /the node agent was unreachable: .*connection refused/],
    ['exit', /the reboot step exited 1: Operation inhibited by "kubelet"/],
  ] as const) {
    it(`puts a node whose reboot ${fail === 'exit' ? 'step fails' : 'agent is unreachable'} back into service as reverted, not quarantined`, async () => {
      const h = executorHarness({
        agent: rebootFails(fail),
        policy: { maxAttempts: 2, retryBlockedAfterSeconds: 60, verify: { rebootTimeoutSeconds: 300 } },
      });
      const rollout = h.executor('kubenode-0');
      const run = h.start(rollout);
      await h.runUntil(run.ended, 24 * 3600);
      expect(run.state.error).toBeUndefined();
      const result = run.state.result;
      expect(result?.outcome).toBe('completed-with-failures');
      expect(result?.nodes.failed).toEqual([]);
      expect(result?.quarantined).toEqual([]);
      expect(result?.nodes.reverted.map((entry) => entry.node)).toEqual([STUCK]);
      expect(result?.nodes.reverted[0]?.reason).toMatch(
        /^node did not reboot within 300 s and still runs its previous boot: /,
      );
      expect(result?.nodes.reverted[0]?.reason).toMatch(detail);
      expect(result?.nodes.updated).toEqual(
        h.scenario.cluster
          .nodeNames()
          .filter((name) => name !== STUCK)
          .sort(),
      );
      // Tried twice (maxAttempts), never rebooted, back in service.
      expect(h.record(STUCK, rollout.rolloutId).attempts).toBe(2);
      expect(h.reboots(STUCK)).toBe(0);
      expect(h.scenario.cluster.nodeCordon(STUCK)?.unschedulable).toBe(false);
      expect(h.cordonedBy('kubenode')).toEqual([]);
      const reverted = h.scenario.cluster
        .recordedEvents()
        .filter((event) => event.involvedObject.name === STUCK && event.reason === 'NodeUpdateReverted');
      expect(reverted).toHaveLength(2);
    });
  }
});
