import { describe, expect, it } from 'vitest';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter.js';

/** A controllable clock: `now` only moves when the test says so; sleeps wait for `release`. */
function manualClock() {
  let now = 0;
  const sleeps: { ms: number; resolve: () => void; reject: (error: unknown) => void }[] = [];
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        signal?.throwIfAborted();
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        sleeps.push({ ms, resolve, reject });
      }),
  };
}

/** A clock whose sleeps pass at once, moving time forward by what they waited. */
function steppingClock() {
  let now = 0;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucketRateLimiter (client-go flowcontrol semantics)', () => {
  it('lets `burst` requests through at once, then one per 1/qps seconds, first come first served', async () => {
    const clock = manualClock();
    const limiter = new TokenBucketRateLimiter({ qps: 2, burst: 3, now: clock.now, sleep: clock.sleep });
    const results: number[] = [];
    const calls = Array.from({ length: 6 }, () => limiter.acquire().then((waited) => results.push(waited)));
    await Promise.resolve();
    // Three tokens were in the bucket; the next three reserve the tokens of 0.5, 1 and 1.5 s.
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([500, 1000, 1500]);
    for (const sleep of clock.sleeps) sleep.resolve();
    await Promise.all(calls);
    expect(results).toEqual([0, 0, 0, 500, 1000, 1500]);
    expect(limiter.waitedMs).toBe(3000);
  });

  it('refills at qps while idle, never beyond the burst', async () => {
    const clock = steppingClock();
    const limiter = new TokenBucketRateLimiter({ qps: 5, burst: 4, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 4; i++) expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(200);
    // 0.4 s idle: two tokens back.
    clock.advance(400);
    expect([await limiter.acquire(), await limiter.acquire(), await limiter.acquire()]).toEqual([0, 0, 200]);
    // An hour idle fills the bucket to 4, not 18,000.
    clock.advance(3_600_000);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await limiter.acquire());
    expect(waits).toEqual([0, 0, 0, 0, 200, 200]);
  });

  it('paces a steady stream at exactly qps after the burst', async () => {
    const clock = steppingClock();
    const limiter = new TokenBucketRateLimiter({ qps: 20, burst: 40, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 240; i++) await limiter.acquire();
    // 40 at once, 200 more at 20 per second.
    expect(clock.now()).toBeCloseTo(10_000, 6);
  });

  it('supports fractional rates', async () => {
    const clock = manualClock();
    const limiter = new TokenBucketRateLimiter({ qps: 0.5, burst: 1, now: clock.now, sleep: clock.sleep });
    await limiter.acquire();
    void limiter.acquire();
    await Promise.resolve();
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([2000]);
  });

  it('never waits with an infinite rate', async () => {
    const clock = manualClock();
    const limiter = new TokenBucketRateLimiter({
      qps: Infinity,
      burst: 1,
      now: clock.now,
      sleep: clock.sleep,
    });
    for (let i = 0; i < 1000; i++) expect(await limiter.acquire()).toBe(0);
    expect(clock.sleeps).toHaveLength(0);
  });

  it('an abort while waiting rejects with the reason and gives the reserved token back', async () => {
    const clock = manualClock();
    const limiter = new TokenBucketRateLimiter({ qps: 2, burst: 1, now: clock.now, sleep: clock.sleep });
    await limiter.acquire();
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    await Promise.resolve();
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([500]);
    const reason = new Error('stopped');
    abort.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(limiter.waitedMs).toBe(0);
    // The next caller takes the abandoned slot, not one behind it.
    void limiter.acquire();
    await Promise.resolve();
    expect(clock.sleeps.map((sleep) => sleep.ms)).toEqual([500, 500]);
  });

  it('rejects an already aborted request without taking a token', async () => {
    const clock = manualClock();
    const limiter = new TokenBucketRateLimiter({ qps: 1, burst: 1, now: clock.now, sleep: clock.sleep });
    const reason = new Error('gone');
    await expect(limiter.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(await limiter.acquire()).toBe(0);
  });

  it('the default sleep is abortable (a 1000 s wait ends with the abort, not the timer)', async () => {
    const limiter = new TokenBucketRateLimiter({ qps: 0.001, burst: 1 });
    await limiter.acquire();
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    const reason = new Error('shutdown');
    setTimeout(() => abort.abort(reason), 5);
    await expect(waiting).rejects.toBe(reason);
  });
});
