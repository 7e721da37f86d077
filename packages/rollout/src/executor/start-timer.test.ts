import { describe, expect, it } from 'vitest';
import type { ClockV1 } from '../ports/clock-v1.js';
import { SimulationEngine } from '../simulator/simulation-engine.js';
import { startTimer } from './start-timer.js';

/** The simulator's clock without its `timer`: what a clock implementing only `sleep` looks like. */
function sleepOnly(engine: SimulationEngine): ClockV1 {
  const clock = engine.clock();
  return { now: clock.now, sleep: clock.sleep };
}

describe('startTimer', () => {
  for (const [name, clockOf] of [
    ['the clock’s own timer', (engine: SimulationEngine) => engine.clock()],
    ['sleep with an AbortSignal', sleepOnly],
  ] as const) {
    it(`fires once at its time, and never once cancelled (${name})`, async () => {
      const engine = new SimulationEngine({ startMs: 0 });
      const clock = clockOf(engine);
      const fired: number[] = [];
      startTimer(clock, 5_000, () => fired.push(engine.now));
      const cancel = startTimer(clock, 3_000, () => fired.push(-1));
      engine.at(1_000, () => cancel());
      await engine.run();
      expect(fired).toEqual([5_000]);
      expect(engine.now).toBe(5_000);
    });
  }

  it('uses the clock’s timer when it has one, sleep otherwise', () => {
    const engine = new SimulationEngine({ startMs: 0 });
    const clock = engine.clock();
    let sleeps = 0;
    const sleep: ClockV1['sleep'] = (ms, signal) => {
      sleeps++;
      return clock.sleep(ms, signal);
    };
    startTimer({ ...clock, sleep }, 1_000, () => undefined)();
    expect(sleeps).toBe(0);
    startTimer({ now: clock.now, sleep }, 1_000, () => undefined)();
    expect(sleeps).toBe(1);
  });
});
