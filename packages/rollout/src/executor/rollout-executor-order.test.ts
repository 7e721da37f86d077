import { describe, expect, it } from 'vitest';
import { parseTime } from '../kubernetes/time-format.js';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { ANNOTATIONS } from './node-annotations.js';
import { executorHarness } from './rollout-executor-harness.js';

describe('rollout executor: node order', () => {
  it("starts the nodes one at a time in the plan's order (critical budget chains first)", async () => {
    const h = executorHarness({ distro: 'debian', strategy: createTestPackageStrategy() });
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    await h.runUntil(run.ended, 12 * 3600);
    expect(run.state.error).toBeUndefined();
    expect(run.state.result?.outcome).toBe('completed');
    const plan = rollout.plan();
    expect(plan?.criticalPdbs.length).toBeGreaterThan(0);
    const started = h.scenario.cluster
      .nodeNames()
      .map((name) => ({
        name,
        at: parseTime(h.node(name).metadata.annotations?.[ANNOTATIONS.started]) ?? Number.NaN,
      }))
      .sort((a, b) => a.at - b.at)
      .map((entry) => entry.name);
    expect(started).toEqual(plan?.order);
    expect(run.state.result?.nodes.updated).toHaveLength(6);
  });
});
