import { describe, expect, it } from 'vitest';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';
import { SimulatedCluster } from '../simulator/simulated-cluster.js';
import { SimulationEngine } from '../simulator/simulation-engine.js';
import { LeaderLease } from './leader-lease.js';

const TIMING = { durationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 };

/** The engine's clock, read `skewMs` ahead (a replica whose clock disagrees with the others'). */
function skewed(engine: SimulationEngine, skewMs: number): ClockV1 {
  const clock = engine.clock();
  return { now: () => clock.now() + skewMs, sleep: (ms, signal) => clock.sleep(ms, signal) };
}

function setup() {
  const engine = new SimulationEngine({ startMs: Date.UTC(2026, 0, 5) });
  const sim = new SimulatedCluster({ engine, seed: 1 });
  const lease = (identity: string, skewMs = 0, client: ClusterClientV1 = sim.client(identity)) =>
    new LeaderLease(client, skewed(engine, skewMs), 'kube-system', 'rollout', identity, TIMING);
  return { engine, sim, lease };
}

/** Samples who believes it leads, every 500 ms of virtual time, while the engine runs. */
async function leadersOverTime(engine: SimulationEngine, replicas: LeaderLease[], seconds: number) {
  const samples: string[][] = [];
  for (let t = 0; t < seconds * 2; t++) {
    await engine.run({ untilMs: engine.now + 500 });
    samples.push(replicas.filter((replica) => replica.isLeader()).map((replica) => replica.identity));
  }
  return samples;
}

describe('LeaderLease', () => {
  it('never makes two leaders when a standby clock runs 20 s ahead of the leader', async () => {
    const { engine, lease } = setup();
    const a = lease('replica-a');
    const b = lease('replica-b', 20_000);
    const stop = new AbortController();
    const acquiring = a.acquire(stop.signal);
    await engine.run({ untilMs: engine.now + 100 });
    await acquiring;
    let lost: unknown;
    void a.keepRenewing(stop.signal, (error) => (lost = error ?? 'lost'));
    const standby = b.acquire(stop.signal).catch(() => undefined);
    const samples = await leadersOverTime(engine, [a, b], 60);
    expect(samples.every((leaders) => leaders.length === 1 && leaders[0] === 'replica-a')).toBe(true);
    expect(lost).toBeUndefined();
    stop.abort();
    await engine.run({ untilMs: engine.now + 3000 });
    await standby;
  });

  it('takes over a dead leader once it has seen no renewal for a lease duration, whatever the clocks say', async () => {
    for (const skewMs of [-60_000, 0, 60_000]) {
      const { engine, lease } = setup();
      const a = lease('replica-a');
      const b = lease('replica-b', skewMs);
      const stopA = new AbortController();
      const stop = new AbortController();
      const acquiring = a.acquire(stopA.signal);
      await engine.run({ untilMs: engine.now + 100 });
      await acquiring;
      void a.keepRenewing(stopA.signal, () => undefined);
      let tookOverAt: number | undefined;
      void b.acquire(stop.signal).then(
        () => (tookOverAt = engine.now),
        () => undefined,
      );
      await engine.run({ untilMs: engine.now + 10_000 });
      expect(tookOverAt).toBeUndefined();
      // replica-a dies without releasing the Lease.
      const diedAt = engine.now;
      stopA.abort();
      await engine.run({ untilMs: engine.now + 30_000 });
      expect(tookOverAt, `clock skew ${skewMs} ms`).toBeDefined();
      // A lease duration after it saw the last renewal: that renewal came at most one retry period
      // before the death, was seen at most one retry period after it was written, and the
      // takeover comes at the first retry after the lease duration.
      expect((tookOverAt as number) - diedAt).toBeGreaterThanOrEqual(15_000 - 2_000);
      expect((tookOverAt as number) - diedAt).toBeLessThanOrEqual(15_000 + 2 * 2_000);
      expect(b.isLeader()).toBe(true);
      stop.abort();
      await engine.run({ untilMs: engine.now + 3000 });
    }
  });

  it('takes a released Lease at once', async () => {
    const { engine, lease } = setup();
    const a = lease('replica-a');
    const b = lease('replica-b');
    const stop = new AbortController();
    const acquiring = a.acquire(stop.signal);
    await engine.run({ untilMs: engine.now + 100 });
    await acquiring;
    let tookOverAt: number | undefined;
    void b.acquire(stop.signal).then(
      () => (tookOverAt = engine.now),
      () => undefined,
    );
    await engine.run({ untilMs: engine.now + 5_000 });
    const releasing = a.release();
    await engine.run({ untilMs: engine.now + 100 });
    await releasing;
    const releasedAt = engine.now;
    expect(a.isLeader()).toBe(false);
    await engine.run({ untilMs: engine.now + 5_000 });
    expect((tookOverAt as number) - releasedAt).toBeLessThanOrEqual(2_000);
    stop.abort();
    await engine.run({ untilMs: engine.now + 3000 });
  });

  it('never takes back, by a renewal, the Lease it released', async () => {
    const { engine, sim, lease } = setup();
    const a = lease('replica-a');
    const stop = new AbortController();
    const acquiring = a.acquire(stop.signal);
    await engine.run({ untilMs: engine.now + 100 });
    await acquiring;
    let lost = false;
    const renewing = a.keepRenewing(stop.signal, () => (lost = true));
    // Released between two renewals, while the renewal loop still runs (its signal not aborted).
    await engine.run({ untilMs: engine.now + 1_900 });
    const releasing = a.release();
    await engine.run({ untilMs: engine.now + 10_000 });
    await releasing;
    await renewing;
    expect(sim.apiGetLease('kube-system', 'rollout').spec.holderIdentity).toBe('');
    expect(a.isLeader()).toBe(false);
    expect(lost).toBe(false);
    stop.abort();
  });

  it('frees the Lease even when a renewal in flight moved it on first (409)', async () => {
    const { engine, sim, lease } = setup();
    const inner = sim.client('replica-a');
    let raced = false;
    const racing: ClusterClientV1 = Object.create(inner, {
      updateLease: {
        value: async (update: Parameters<ClusterClientV1['updateLease']>[0]) => {
          if (update.spec.holderIdentity === '' && !raced) {
            raced = true;
            // A renewal lands just before the release: the release's resourceVersion is stale.
            const current = await inner.getLease('kube-system', 'rollout');
            await inner.updateLease({
              ...current,
              spec: { ...current.spec, renewTime: update.spec.renewTime },
            });
          }
          return inner.updateLease(update);
        },
      },
    });
    const a = lease('replica-a', 0, racing);
    const stop = new AbortController();
    const acquiring = a.acquire(stop.signal);
    await engine.run({ untilMs: engine.now + 100 });
    await acquiring;
    const releasing = a.release();
    await engine.run({ untilMs: engine.now + 1_000 });
    await releasing;
    expect(raced).toBe(true);
    expect(sim.apiGetLease('kube-system', 'rollout').spec.holderIdentity).toBe('');
  });
});
