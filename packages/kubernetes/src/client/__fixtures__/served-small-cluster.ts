// Test support: a small simulated cluster served over HTTP by the package's own test double of
// the Kubernetes API (createSimulatedApiServer), for the client's API-semantics tests. Virtual
// time only moves when a test calls `advance`.
import { KubeConfig } from '@kubernetes/client-node';
import {
  DISTRO_TIMING_PROFILES,
  POOL_LABEL,
  READINESS,
  SimulatedCluster,
  SimulationEngine,
  SIMULATION_EPOCH,
  TERMINATION,
  type DistroTimingProfile,
} from '@kubenode/rollout';
import { createSimulatedApiServer, type SimulatedApiServer } from '../../test-double/simulated-api-server.js';

/** The bearer token of the client under test. */
export const CLIENT_TOKEN = 'kubenode-client-token-5a7e0c92';

/** A served cluster. */
export interface ServedSmallCluster {
  readonly engine: SimulationEngine;
  readonly cluster: SimulatedCluster;
  readonly server: SimulatedApiServer;
  /** Request lines the server saw (`GET /api/v1/nodes?limit=2`), in order. */
  readonly log: string[];
  /** A kubeconfig authenticating with {@link CLIENT_TOKEN}. */
  kubeConfig(): KubeConfig;
  /** Runs the simulation `ms` of virtual time forward (watch events, PDB status, terminations). */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `nodes` nodes `node-1`… labelled `kubenode.dev/pool=workers`; in namespace `shop` a Deployment
 * `web` (3 replicas) under a PodDisruptionBudget `maxUnavailable: 0` (no eviction allowed) and a
 * Deployment `batch` (2 replicas) without one.
 */
export async function serveSmallCluster(options: { readonly nodes?: number } = {}): Promise<ServedSmallCluster> {
  const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;
  const engine = new SimulationEngine({ startMs: SIMULATION_EPOCH });
  const cluster = new SimulatedCluster({ engine, seed: 3 });
  for (let i = 1; i <= (options.nodes ?? 5); i++)
    cluster.addNode({
      name: `node-${i}`,
      zone: `zone-${'abc'[i % 3]}`,
      cpu: 8,
      memory: 32 * 2 ** 30,
      labels: { [POOL_LABEL]: 'workers' },
      profile,
      version: profile.fromVersion,
      timing: { stage: 10, apply: 10, reboot: 30, daemonSets: 5 },
    });
  const workload = {
    kind: 'Deployment' as const,
    namespace: 'shop',
    cpu: 0.5,
    memory: 2 ** 30,
    graceSeconds: 30,
    termination: TERMINATION.fast,
    readiness: READINESS.stateless,
  };
  cluster.addWorkload({ ...workload, name: 'web', replicas: 3, pdb: { maxUnavailable: 0 } });
  cluster.addWorkload({ ...workload, name: 'batch', replicas: 2 });
  if (cluster.settle() > 0) throw new Error('the small cluster has pods without a node');
  const log: string[] = [];
  const server = createSimulatedApiServer({
    cluster,
    tokens: { [CLIENT_TOKEN]: 'kubenode' },
    log: (line) => log.push(line),
  });
  await server.listen();
  return {
    engine,
    cluster,
    server,
    log,
    kubeConfig: () => {
      const kc = new KubeConfig();
      kc.loadFromString(server.kubeconfig(CLIENT_TOKEN));
      return kc;
    },
    advance: async (ms) => {
      const until = engine.now + ms;
      engine.at(until, () => undefined);
      await engine.run({ untilMs: until });
      // Let the HTTP writes of what just happened reach the client.
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
    close: () => server.close(),
  };
}
