import { describe, expect, it } from 'vitest';
import { SimulationEngine } from '../simulator/simulation-engine.js';
import { cancellableSleep } from './cancellable-sleep.js';

describe('cancellableSleep', () => {
  it('resolves at its time, or rejects with the reason when cancelled first', async () => {
    const engine = new SimulationEngine({ startMs: 0 });
    const ended: string[] = [];
    const timed = cancellableSleep(engine.clock(), 2_000);
    timed.sleep.then(() => ended.push(`timed@${engine.now}`));
    const cancelled = cancellableSleep(engine.clock(), 5_000);
    cancelled.sleep.catch((reason: Error) => ended.push(`${reason.message}@${engine.now}`));
    engine.at(1_000, () => cancelled.cancel(new Error('woken')));
    await engine.run();
    expect(ended).toEqual(['woken@1000', 'timed@2000']);
    // Cancelling a finished sleep changes nothing; the cancelled timer never fired.
    timed.cancel(new Error('late'));
    await expect(timed.sleep).resolves.toBeUndefined();
    expect(engine.now).toBe(2_000);
  });
});
