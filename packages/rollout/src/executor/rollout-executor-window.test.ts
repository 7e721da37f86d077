import { describe, expect, it } from 'vitest';
import { parseTime } from '../kubernetes/time-format.js';
import { ANNOTATIONS, DISRUPTIVE_PHASES, type NodePhase } from './node-annotations.js';
import { executorHarness } from './rollout-executor-harness.js';

const HOUR = 3600_000;

describe('rollout executor: maintenance window edges', () => {
  it('starts nodes only while their cycle fits, lets none stay disrupted after the close, resumes next window', async () => {
    // The simulation starts Monday 00:00 UTC, inside a one-hour window.
    const h = executorHarness({
      nodes: 8,
      policy: { window: { start: '00:00', duration: '1h', timeZone: 'UTC' } },
    });
    const start = h.scenario.engine.now;
    const rollout = h.executor('kubenode-0');
    const run = h.start(rollout);
    // Past the first window's close: whatever was in flight has finished, nothing new started.
    await h.runUntil(() => false, 2 * 3600, 60_000);
    const disrupted = h.scenario.cluster
      .nodeNames()
      .filter((name) => DISRUPTIVE_PHASES.has(h.record(name, rollout.rolloutId).phase as NodePhase));
    expect(disrupted).toEqual([]);
    expect(h.cordonedBy('kubenode')).toEqual([]);
    const firstDay = h.inPhase(rollout.rolloutId, 'done');
    expect(firstDay.length).toBeGreaterThan(0);
    expect(firstDay.length).toBeLessThan(8);
    await h.runUntil(run.ended, 7 * 24 * 3600, HOUR);
    expect(run.state.result?.outcome).toBe('completed');
    expect(run.state.result?.nodes.updated).toHaveLength(8);
    for (const name of h.scenario.cluster.nodeNames()) {
      const started = parseTime(h.node(name).metadata.annotations?.[ANNOTATIONS.started]) as number;
      const intoDay = (started - start) % (24 * HOUR);
      expect(intoDay).toBeGreaterThanOrEqual(0);
      expect(intoDay).toBeLessThan(HOUR);
      // The node's predicted (p95) cycle fitted the window when it started.
      const cycle = h.scenario.timing.nodeCycleP95Seconds(h.node(name)) * 1000;
      expect(intoDay + cycle).toBeLessThanOrEqual(HOUR);
    }
  });
});
