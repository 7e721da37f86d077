import { describe, expect, it } from 'vitest';
import type { NodeAgentV1 } from '../ports/node-agent-v1.js';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { executorHarness } from './rollout-executor-harness.js';

describe('rollout executor: a node whose staging fails', () => {
  it('reports a failed staging with a Warning Event, retries the node and finishes the pool', async () => {
    let failing: string | undefined;
    let failures = 0;
    // The first node staged fails its download once.
    const agent = (inner: NodeAgentV1): NodeAgentV1 => ({
      specificationVersion: 'v1',
      runStep: (input) => {
        if (
          input.step.phase === 'stage' &&
          (failing === undefined || failing === input.node) &&
          failures === 0
        ) {
          failing = input.node;
          failures++;
          return Promise.resolve({
            exitCode: 1,
            stdout: '',
            stderr: 'download failed: connection reset by peer\n',
          });
        }
        return inner.runStep(input);
      },
    });
    const h = executorHarness({
      distro: 'debian',
      strategy: createTestPackageStrategy(),
      agent,
      policy: { retryBlockedAfterSeconds: 120 },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 12 * 3600);
    expect(failing).toBe(rollout.plan()?.order[0]);
    expect(rollout.plan()?.criticalPdbs.length).toBeGreaterThan(0);
    expect(run.state.error).toBeUndefined();
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toEqual(h.scenario.cluster.nodeNames().sort());
    expect(h.record(failing as string, rollout.rolloutId).attempts).toBe(2);
    const events = h.scenario.cluster
      .recordedEvents()
      .filter((event) => event.involvedObject.name === failing && event.type === 'Warning');
    expect(events.map((event) => event.reason)).toEqual(['NodeUpdateFailed']);
    expect(events[0]?.message).toBe(
      'could not prepare the update: stage exited 1: download failed: connection reset by peer',
    );
  });
});
