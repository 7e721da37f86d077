import {
  DISTRO_TIMING_PROFILES,
  POOL_LABEL,
  READINESS,
  Random,
  sample,
  SimulatedCluster,
  simulatedPool,
  SimulationEngine,
  SIMULATION_EPOCH,
  TERMINATION,
  type DistroTimingProfile,
} from '@kubenode/rollout';
import type { NodePool } from '@kubenode/core';

/** A generated pool for the real-client tests. */
export interface PoolScenario {
  readonly engine: SimulationEngine;
  readonly cluster: SimulatedCluster;
  readonly pool: NodePool;
  readonly profile: DistroTimingProfile;
}

/**
 * A Flatcar worker pool of `nodes` 16-core nodes in 3 zones with 4 DaemonSets and Deployments of
 * 2–30 replicas filling about half the pool, a third of them under `maxUnavailable: 1`
 * PodDisruptionBudgets and a third under `25%` ones. Replica counts stay small so a rollout is
 * bound by nodes, not by one huge budget, and finishes in about an hour of virtual time.
 * Deterministic per seed: building it twice gives the same cluster.
 */
export function buildPoolScenario(options: { readonly nodes: number; readonly seed: number }): PoolScenario {
  const profile = DISTRO_TIMING_PROFILES.flatcar as DistroTimingProfile;
  const engine = new SimulationEngine({ startMs: SIMULATION_EPOCH });
  const cluster = new SimulatedCluster({ engine, seed: options.seed });
  const nodeRandom = Random.derive(options.seed, 'pool-nodes');
  const width = Math.max(5, String(options.nodes).length);
  for (let i = 0; i < options.nodes; i++) {
    cluster.addNode({
      name: `node-${String(i + 1).padStart(width, '0')}`,
      zone: `zone-${'abc'[i % 3]}`,
      cpu: 16,
      memory: 64 * 2 ** 30,
      labels: { [POOL_LABEL]: 'workers' },
      profile,
      version: profile.fromVersion,
      timing: {
        stage: sample(profile.stageSeconds, nodeRandom),
        apply: sample(profile.applySeconds, nodeRandom),
        reboot: sample(profile.rebootSeconds, nodeRandom) + 1,
        daemonSets: sample(profile.daemonSetReadySeconds, nodeRandom),
      },
    });
  }
  for (const name of ['kube-proxy', 'cilium', 'node-exporter', 'fluent-bit']) {
    cluster.addWorkload({
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name,
      replicas: 0,
      cpu: 0.05,
      memory: 64 * 2 ** 20,
      graceSeconds: 30,
      termination: TERMINATION.fast,
      readiness: profile.daemonSetReadySeconds,
    });
  }
  const random = Random.derive(options.seed, 'pool-workloads');
  const target = 0.45 * options.nodes * 15.8;
  let requested = 0;
  for (let id = 1; requested < target; id++) {
    const replicas = random.int(2, 30);
    const cpu = Math.round(random.uniform(0.1, 0.8) * 100) / 100;
    const kind = random.weighted([
      ['one', 0.35],
      ['quarter', 0.35],
      ['none', 0.3],
    ] as const);
    cluster.addWorkload({
      kind: 'Deployment',
      namespace: `team-${random.int(1, 8)}`,
      name: `app-${id}`,
      replicas,
      cpu,
      memory: Math.round(cpu * 4 * 1024) * 2 ** 20,
      graceSeconds: 30,
      termination: TERMINATION.fast,
      readiness: READINESS.stateless,
      ...(kind === 'one'
        ? { pdb: { maxUnavailable: 1 } }
        : kind === 'quarter'
          ? { pdb: { maxUnavailable: '25%' } }
          : {}),
    });
    requested += cpu * replicas;
  }
  const unplaced = cluster.settle();
  if (unplaced > 0) throw new Error(`${unplaced} pods found no node`);
  return { engine, cluster, pool: simulatedPool({ name: 'workers', distro: 'flatcar' }), profile };
}
