import { describe, expect, it } from 'vitest';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';
import { DISTRO_TIMING_PROFILES, type DistroTimingProfile } from '../simulator/distro-profiles.js';
import { SimulatedCluster } from '../simulator/simulated-cluster.js';
import { SimulationEngine } from '../simulator/simulation-engine.js';
import { Informer } from './informer.js';

const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;

function cluster() {
  const engine = new SimulationEngine({ startMs: Date.UTC(2026, 0, 5) });
  const sim = new SimulatedCluster({ engine, seed: 3 });
  for (const name of ['node-1', 'node-2']) {
    sim.addNode({
      name,
      zone: 'zone-a',
      cpu: 8,
      memory: 32 * 2 ** 30,
      profile,
      version: profile.fromVersion,
      labels: { 'kubenode.dev/pool': 'workers' },
      timing: { stage: 30, apply: 0, reboot: 60, daemonSets: 10 },
    });
  }
  sim.settle();
  return { engine, client: sim.client('test'), sim };
}

const forbidden = () =>
  ClusterApiError.of(
    'GET nodes',
    403,
    'Forbidden',
    'nodes is forbidden: User "system:serviceaccount:kubenode-system:kubenode-controller" cannot list resource "nodes" in API group "" at the cluster scope',
  );

describe('Informer', () => {
  it('reports every refused list with the API message and its retry delay, then syncs once allowed', async () => {
    const { engine, client } = cluster();
    let refusals = 3;
    const refusing: ClusterClientV1 = Object.create(client, {
      list: {
        value: (...args: Parameters<ClusterClientV1['list']>) =>
          refusals-- > 0 ? Promise.reject(forbidden()) : client.list(...args),
      },
    });
    const lines: string[] = [];
    const stop = new AbortController();
    const informer = new Informer(
      refusing,
      'Node',
      { labelSelector: 'kubenode.dev/pool=workers' },
      engine.clock(),
      () => undefined,
      (line) => lines.push(line),
    );
    const started = informer.start(stop.signal);
    await engine.run({ untilMs: engine.now + 60_000 });
    await started;
    const message = forbidden().message;
    expect(lines).toEqual([
      `cannot list Node (kubenode.dev/pool=workers): ${message}; retrying in 1 s`,
      `cannot list Node (kubenode.dev/pool=workers): ${message}; retrying in 2 s`,
      `cannot list Node (kubenode.dev/pool=workers): ${message}; retrying in 4 s`,
    ]);
    expect([...informer.values()].map((node) => node.metadata.name).sort()).toEqual(['node-1', 'node-2']);
    stop.abort();
    await engine.run({ untilMs: engine.now + 1000 });
    await informer.stopped();
  });

  it('reports a failed watch and watches again', async () => {
    const { engine, client } = cluster();
    let failures = 1;
    const failing: ClusterClientV1 = Object.create(client, {
      watch: {
        value: (...args: Parameters<ClusterClientV1['watch']>) =>
          failures-- > 0
            ? { stop: () => undefined, done: Promise.reject(new Error('connection reset by peer')) }
            : client.watch(...args),
      },
    });
    const lines: string[] = [];
    const stop = new AbortController();
    const informer = new Informer(
      failing,
      'Pod',
      { namespace: 'shop' },
      engine.clock(),
      () => undefined,
      (line) => lines.push(line),
    );
    await informer.start(stop.signal);
    await engine.run({ untilMs: engine.now + 10_000 });
    expect(lines).toEqual(['watch of Pod in shop failed: connection reset by peer; retrying in 1 s']);
    stop.abort();
    await engine.run({ untilMs: engine.now + 1000 });
    await informer.stopped();
  });

  it('keeps watching when opening the watch throws (a 429 on the request itself), and sees later changes', async () => {
    const { engine, client, sim } = cluster();
    let failures = 2;
    const throwing: ClusterClientV1 = Object.create(client, {
      watch: {
        value: (...args: Parameters<ClusterClientV1['watch']>) => {
          if (failures-- > 0)
            throw ClusterApiError.of('watch Node', 429, 'TooManyRequests', 'try again later', {
              retryAfterSeconds: 1,
            });
          return client.watch(...args);
        },
      },
    });
    const lines: string[] = [];
    const stop = new AbortController();
    const informer = new Informer(
      throwing,
      'Node',
      { labelSelector: 'kubenode.dev/pool=workers' },
      engine.clock(),
      () => undefined,
      (line) => lines.push(line),
    );
    await informer.start(stop.signal);
    await engine.run({ untilMs: engine.now + 10_000 });
    expect(lines).toEqual([
      'watch of Node (kubenode.dev/pool=workers) failed: watch Node: 429 TooManyRequests: try again later; retrying in 1 s',
      'watch of Node (kubenode.dev/pool=workers) failed: watch Node: 429 TooManyRequests: try again later; retrying in 2 s',
    ]);
    sim.cordonAs('operator', 'node-1');
    await engine.run({ untilMs: engine.now + 10_000 });
    expect(informer.get('node-1')?.spec.unschedulable).toBe(true);
    stop.abort();
    await engine.run({ untilMs: engine.now + 1000 });
    await informer.stopped();
  });
});
