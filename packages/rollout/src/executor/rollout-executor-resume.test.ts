import type { UpdateStrategyV1 } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { createTestAbImageStrategy } from '../test-support/test-ab-image-strategy.js';
import { executorHarness } from './rollout-executor-harness.js';

/**
 * Crashes the executor (its process dies: no further write) while a node is in `phase`, starts a
 * new executor on the same cluster and returns the harness, the crashed nodes and the new run.
 */
async function crashAt(phase: string, options: Parameters<typeof executorHarness>[0] = {}) {
  const h = executorHarness(options);
  const crash = new AbortController();
  const first = h.executor('kubenode-0');
  const run = h.start(first, crash.signal);
  await h.runUntil(() => h.inPhase(first.rolloutId, phase).length > 0, 6 * 3600, 200);
  const interrupted = h.inPhase(first.rolloutId, phase);
  expect(interrupted.length).toBeGreaterThan(0);
  crash.abort(new Error('process killed'));
  await h.runUntil(run.ended, 60);
  expect(run.state.error).toBeDefined();
  await h.runUntil(() => false, 20);
  const second = h.executor('kubenode-1');
  const resumed = h.start(second);
  await h.runUntil(resumed.ended, 24 * 3600);
  expect(resumed.state.error).toBeUndefined();
  return { h, interrupted, resumed: resumed.state.result, rolloutId: first.rolloutId };
}

describe('rollout executor: resume after a crash at each node phase', () => {
  for (const [phase, distro, strategy] of [
    ['draining', 'flatcar', createTestAbImageStrategy()],
    ['applying', 'debian', createTestPackageStrategy()],
    ['rebooting', 'flatcar', createTestAbImageStrategy()],
    ['verifying', 'flatcar', createTestAbImageStrategy()],
  ] as const) {
    it(`finishes a node interrupted while ${phase}: one reboot, updated, uncordoned`, async () => {
      const { h, interrupted, resumed } = await crashAt(phase, { distro, strategy });
      expect(resumed?.outcome).toBe('completed');
      for (const name of interrupted) {
        expect(resumed?.nodes.updated).toContain(name);
        expect(h.reboots(name)).toBe(1);
      }
      const names = h.scenario.cluster.nodeNames();
      expect(resumed?.nodes.updated).toEqual([...names].sort());
      for (const name of names) {
        expect(h.scenario.cluster.nodeVersion(name)).toBe(h.scenario.profile.toVersion);
        expect(h.reboots(name)).toBe(1);
      }
      expect(h.cordonedBy('kubenode')).toEqual([]);
      expect(h.monitor.metrics().pdbBypasses).toBe(0);
      expect(h.monitor.metrics().budgetOverruns).toBe(0);
    });
  }

  it('finishes a rollback interrupted while the node reboots into its previous version', async () => {
    const ab = createTestAbImageStrategy();
    const bad: UpdateStrategyV1 = {
      ...ab,
      verify: () => ({ ok: false, reasons: ['health check failed'] }),
    };
    const h0 = executorHarness({ strategy: bad, policy: { maxAttempts: 1 } });
    const crash = new AbortController();
    const first = h0.executor('kubenode-0');
    const run = h0.start(first, crash.signal);
    // Wait until a node rolls back and its host is down for the rollback's reboot.
    const rollingDown = () =>
      h0
        .inPhase(first.rolloutId, 'rolling-back')
        .filter((name) => !h0.scenario.cluster.nodeUp(name) && h0.reboots(name) === 2);
    await h0.runUntil(() => rollingDown().length > 0, 6 * 3600, 1000);
    const [name] = rollingDown();
    expect(name).toBeDefined();
    crash.abort(new Error('process killed'));
    await h0.runUntil(run.ended, 60);
    const second = h0.executor('kubenode-1');
    const resumed = h0.start(second);
    await h0.runUntil(() => h0.record(name as string, first.rolloutId).phase !== 'rolling-back', 3600);
    const record = h0.record(name as string, first.rolloutId);
    expect(record.phase).toBe('reverted');
    expect(h0.scenario.cluster.nodeVersion(name as string)).toBe(h0.scenario.profile.fromVersion);
    expect(h0.reboots(name as string)).toBe(2);
    expect(h0.scenario.cluster.nodeCordon(name as string)?.unschedulable).toBe(false);
    const rolledBack = h0.scenario.cluster
      .recordedEvents()
      .filter((event) => event.involvedObject.name === name && event.reason === 'NodeUpdateRolledBack');
    expect(rolledBack).toHaveLength(1);
    expect(rolledBack[0]?.message).toBe('rolled back: health check failed');
    await h0.runUntil(resumed.ended, 24 * 3600);
    expect(resumed.state.result?.nodes.reverted.map((entry) => entry.node)).toContain(name);
    expect(resumed.state.result?.quarantined).toEqual([]);
  });
});
