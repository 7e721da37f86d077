import type { UpdateStrategyV1 } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { executorHarness } from './rollout-executor-harness.js';

describe('rollout executor: a step that passes its timeout', () => {
  it('reverts and uncordons a node whose apply step times out, retries it maxAttempts times, never reboots it', async () => {
    const packages = createTestPackageStrategy();
    // apt's install takes 30–150 s on the simulated hosts: a 5 s timeout always passes.
    const impatient: UpdateStrategyV1 = {
      ...packages,
      planNode: (input) => {
        const plan = packages.planNode(input);
        return {
          ...plan,
          steps: plan.steps.map((step) => (step.phase === 'apply' ? { ...step, timeoutSeconds: 5 } : step)),
        };
      },
    };
    const h = executorHarness({
      distro: 'debian',
      strategy: impatient,
      policy: { maxAttempts: 2, retryBlockedAfterSeconds: 60 },
    });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 24 * 3600);
    expect(run.state.error).toBeUndefined();
    const result = run.state.result;
    expect(result?.outcome).toBe('completed-with-failures');
    const names = h.scenario.cluster.nodeNames().sort();
    expect(result?.nodes.reverted.map((entry) => entry.node)).toEqual(names);
    expect(result?.nodes.updated).toEqual([]);
    expect(result?.nodes.failed).toEqual([]);
    for (const entry of result?.nodes.reverted ?? [])
      expect(entry.reason).toMatch(/^apply failed \(exit -1\): .*after 5 s/);
    for (const name of names) {
      expect(h.record(name, rollout.rolloutId).attempts).toBe(2);
      expect(h.reboots(name)).toBe(0);
      expect(h.scenario.cluster.nodeVersion(name)).toBe(h.scenario.profile.fromVersion);
    }
    expect(h.cordonedBy('kubenode')).toEqual([]);
    const failedEvents = h.scenario.cluster
      .recordedEvents()
      .filter((event) => event.reason === 'NodeUpdateFailed');
    expect(failedEvents).toHaveLength(2 * names.length);
  });
});
