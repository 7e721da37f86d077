import { describe, expect, it } from 'vitest';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';
import { formatSimulationReport, runSimulation } from './run-simulation.js';

describe('runSimulation', () => {
  it('survives an executor crash while nodes are being marked blocked: no unhandled rejection, the restart finishes', async () => {
    // A crash at 600 s caught background patches (marking nodes blocked) in flight; their
    // rejections went unhandled, which kills a Node process (found while profiling the simulator).
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const report = await runSimulation({
        nodes: 300,
        zones: 3,
        profile: 'typical',
        seed: 5,
        policy: 'kubenode',
        crashAtSeconds: [600],
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(report.finished).toBe(true);
      expect(report.executor?.restarts).toBe(1);
      expect(report.nodesLeftCordoned).toBe(0);
      expect(report.pdbBypasses).toBe(0);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('is deterministic: the same seed gives the same report', async () => {
    const options = {
      nodes: 30,
      zones: 3,
      profile: 'lenient',
      seed: 4,
      policy: 'kubenode',
      faults: 'low',
    } as const;
    const { wallClockMs: _a, ...first } = await runSimulation(options);
    const { wallClockMs: _b, ...second } = await runSimulation(options);
    expect(second).toEqual(first);
  });

  it('reports the figures by name and drives a package-manager strategy on the debian profile', async () => {
    const report = await runSimulation({
      nodes: 30,
      zones: 2,
      profile: 'lenient',
      seed: 5,
      policy: 'kubenode',
      distro: 'debian',
      strategy: createTestPackageStrategy(),
    });
    expect(report.finished).toBe(true);
    expect(report.nodes.updated).toBe(30 - report.nodes.unupdatable);
    for (const key of [
      'makespanSeconds',
      'lowerBoundSeconds',
      'efficiency',
      'pdbBypasses',
      'budgetOverruns',
      'capacityBelowFloor',
      'nodesLeftCordoned',
      'doubleEvictions',
    ])
      expect(report).toHaveProperty(key);
    expect(report.efficiency).toBeGreaterThan(0);
    expect(report.efficiency).toBe(
      Math.round((1000 * report.lowerBound.seconds) / (report.makespanSeconds as number)) / 1000,
    );
    expect(formatSimulationReport(report)).toMatch(
      /^policy kubenode on 30 nodes \/ 2 zones, profile lenient, seed 5, faults none\n {2}makespan/,
    );
  });
});
