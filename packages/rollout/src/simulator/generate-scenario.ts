import type { NodePool } from '@kubenode/core';
import type { K8sNode, K8sPod } from '../kubernetes/kubernetes-objects.js';
import { podKey } from '../kubernetes/pod-facts.js';
import type { NodeCycleEstimate, TimingModelV1 } from '../plan/timing-model.js';
import { POOL_LABEL } from '../policy/resolve-rollout-policy.js';
import { mean, sample, type DurationDistribution } from './distribution.js';
import {
  BARE_METAL_REBOOT_SECONDS,
  DISTRO_TIMING_PROFILES,
  type DistroTimingProfile,
} from './distro-profiles.js';
import { Random } from './random.js';
import {
  FAULT_PROFILES,
  READINESS,
  TERMINATION,
  WORKLOAD_PROFILES,
  type FaultProfile,
  type WorkloadProfile,
} from './scenario-profiles.js';
import type { SimPod } from './sim-types.js';
import { SimulatedCluster } from './simulated-cluster.js';
import { simulatedPool } from './simulated-pool.js';
import { SimulationEngine } from './simulation-engine.js';

/** Monday 2026-01-05 00:00 UTC: every simulation starts here. */
export const SIMULATION_EPOCH = Date.UTC(2026, 0, 5, 0, 0, 0);

/** What cluster to generate. */
export interface ScenarioOptions {
  readonly nodes: number;
  readonly zones: number;
  readonly profile: WorkloadProfile['id'];
  readonly seed: number;
  /** Distro timing profile (default `flatcar`). */
  readonly distro?: string;
  readonly faults?: FaultProfile['id'] | FaultProfile;
  /** Requested ÷ allocatable CPU (default 0.7). */
  readonly utilisation?: number;
  readonly platform?: 'cloud' | 'bare-metal';
  /** Keep PodDisruptionBudgets that never allow an eviction (default true, as in the profiles). */
  readonly unevictable?: boolean;
  readonly poolName?: string;
  /** Per node: cores and GiB (default 16 and 64). */
  readonly nodeCpu?: number;
  readonly nodeMemoryGiB?: number;
  /** DaemonSets on every node (default 10). */
  readonly daemonSets?: number;
}

/** A generated cluster ready to be updated. */
export interface Scenario {
  readonly options: Required<Omit<ScenarioOptions, 'faults'>> & { readonly faults: FaultProfile };
  readonly engine: SimulationEngine;
  readonly cluster: SimulatedCluster;
  readonly pool: NodePool;
  readonly profile: DistroTimingProfile;
  readonly workloadProfile: WorkloadProfile;
  /** The durations the simulator drew (exact per node and pod; replacement times are means). */
  readonly timing: TimingModelV1;
  /** Pods left pending when the cluster was built (0 unless capacity ran out). */
  readonly unplaced: number;
}

/**
 * Generates a simulated cluster per shared/reference/updates.md §7.2: `nodes` nodes of 16 cores /
 * 64 GiB spread over `zones` zones, ten DaemonSets, Deployments and StatefulSets filling the
 * nodes to `utilisation` (replicas lognormal, median 3; StatefulSets median 3, at most 15), with
 * the profile's PodDisruptionBudget mix, termination and readiness distributions, per-node update
 * timings from the distro profile, and the fault profile's per-node faults drawn up front. The
 * same seed gives the same cluster and the same timings for every policy (common random numbers).
 */
export function createScenario(input: ScenarioOptions): Scenario {
  const faults = typeof input.faults === 'object' ? input.faults : FAULT_PROFILES[input.faults ?? 'none'];
  const options = {
    nodes: input.nodes,
    zones: Math.max(1, input.zones),
    profile: input.profile,
    seed: input.seed,
    distro: input.distro ?? 'flatcar',
    faults,
    utilisation: input.utilisation ?? 0.7,
    platform: input.platform ?? 'cloud',
    unevictable: input.unevictable ?? true,
    poolName: input.poolName ?? 'workers',
    nodeCpu: input.nodeCpu ?? 16,
    nodeMemoryGiB: input.nodeMemoryGiB ?? 64,
    daemonSets: input.daemonSets ?? 10,
  };
  const profile = DISTRO_TIMING_PROFILES[options.distro];
  if (!profile) throw new Error(`no simulator timing profile for distro '${options.distro}'`);
  const workloadProfile = WORKLOAD_PROFILES[options.profile];
  const engine = new SimulationEngine({ startMs: SIMULATION_EPOCH });
  const cluster = new SimulatedCluster({ engine, seed: options.seed, faults });
  const rebootDistribution: DurationDistribution =
    options.platform === 'bare-metal' ? BARE_METAL_REBOOT_SECONDS : profile.rebootSeconds;

  const zoneNames = Array.from(
    { length: options.zones },
    (_, i) => `zone-${String.fromCharCode(97 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`,
  );
  const nodeRandom = Random.derive(options.seed, 'nodes');
  const width = Math.max(5, String(options.nodes).length);
  for (let i = 0; i < options.nodes; i++) {
    const daemonSets = Array.from({ length: options.daemonSets }, () =>
      sample(profile.daemonSetReadySeconds, nodeRandom),
    );
    cluster.addNode({
      name: `node-${String(i + 1).padStart(width, '0')}`,
      zone: zoneNames[i % options.zones] as string,
      cpu: options.nodeCpu,
      memory: options.nodeMemoryGiB * 2 ** 30,
      labels: { [POOL_LABEL]: options.poolName },
      profile,
      version: profile.fromVersion,
      timing: {
        stage: sample(profile.stageSeconds, nodeRandom),
        apply: sample(profile.applySeconds, nodeRandom),
        reboot: sample(rebootDistribution, nodeRandom) + 1,
        daemonSets: Math.max(0, ...daemonSets),
      },
      failBoot: nodeRandom.bernoulli(faults.bootFailureWithFallback),
      neverReturns: nodeRandom.bernoulli(faults.neverReturns),
    });
  }

  const fast: DurationDistribution = { kind: 'lognormal', median: 0.05, sigma: 0.5 };
  const daemonSetNames = [
    'kube-proxy',
    'cilium',
    'ebs-csi-node',
    'node-exporter',
    'fluent-bit',
    'node-local-dns',
    'kured',
    'falco',
    'otel-agent',
    'nvidia-device-plugin',
  ];
  for (let i = 0; i < options.daemonSets; i++) {
    cluster.addWorkload({
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: daemonSetNames[i] ?? `daemon-${i}`,
      replicas: 0,
      cpu: 0.05,
      memory: 64 * 2 ** 20,
      graceSeconds: 30,
      termination: fast,
      readiness: profile.daemonSetReadySeconds,
    });
  }
  cluster.addWorkload({
    kind: 'Deployment',
    namespace: 'kube-system',
    name: 'coredns',
    replicas: Math.max(2, Math.min(20, Math.ceil(options.nodes / 50))),
    cpu: 0.1,
    memory: 128 * 2 ** 20,
    graceSeconds: 30,
    termination: TERMINATION.fast,
    readiness: READINESS.stateless,
    pull: READINESS.pull,
    imageCachedProbability: READINESS.imageCachedProbability,
    pdb: { maxUnavailable: 1 },
  });

  const random = Random.derive(options.seed, 'workloads');
  const target = options.utilisation * options.nodes * (options.nodeCpu - 0.05 * options.daemonSets);
  let requested = 0.1 * Math.max(2, Math.min(20, Math.ceil(options.nodes / 50)));
  const maxReplicas = Math.max(1, Math.min(300, options.nodes * 3));
  const mix = workloadProfile.pdbMix;
  let id = 0;
  while (requested < target) {
    id++;
    const singleWithPdb = mix.singleReplicaWithPdb > 0 && random.bernoulli(mix.singleReplicaWithPdb);
    const stateful = !singleWithPdb && random.bernoulli(TERMINATION.shares.stateful);
    const replicas = singleWithPdb
      ? 1
      : stateful
        ? clampInt(random.lognormal(3, 0.6), 1, 15)
        : clampInt(random.lognormal(3, 1.8), 1, maxReplicas);
    const cpu = clamp(random.lognormal(0.4, 0.8), 0.05, 4);
    const memory = Math.round(cpu * clamp(random.lognormal(3.5, 0.4), 1, 16) * 1024) * 2 ** 20;
    const grace = stateful ? random.pick(TERMINATION.statefulGraceSeconds) : 30;
    const termination: DurationDistribution = stateful
      ? { kind: 'uniform', min: 0.5 * grace, max: grace }
      : random.bernoulli(TERMINATION.shares.fast / (TERMINATION.shares.fast + TERMINATION.shares.fullGrace))
        ? TERMINATION.fast
        : TERMINATION.fullGrace;
    let pdb: { minAvailable?: number | string; maxUnavailable?: number | string } | undefined;
    if (singleWithPdb) pdb = options.unevictable ? { minAvailable: 1 } : undefined;
    else {
      const kind = random.weighted([
        ['one', mix.maxUnavailableOne],
        ['percent', mix.maxUnavailablePercent],
        ['unevictable', mix.unevictable],
        ['none', mix.none],
      ] as const);
      if (kind === 'one') pdb = { maxUnavailable: 1 };
      else if (kind === 'percent') pdb = { maxUnavailable: `${random.pick([10, 15, 20, 25])}%` };
      else if (kind === 'unevictable')
        pdb = options.unevictable ? { minAvailable: replicas } : { maxUnavailable: 1 };
    }
    const namespace = `team-${random.int(1, 20)}`;
    cluster.addWorkload({
      kind: stateful ? 'StatefulSet' : 'Deployment',
      namespace,
      name: `${stateful ? 'db' : 'app'}-${id}`,
      replicas,
      cpu,
      memory,
      graceSeconds: grace,
      termination,
      readiness: stateful ? READINESS.stateful : READINESS.stateless,
      pull: READINESS.pull,
      imageCachedProbability: READINESS.imageCachedProbability,
      ...(pdb ? { pdb } : {}),
    });
    requested += cpu * replicas;
  }
  const unplaced = cluster.settle();

  const pool = simulatedPool({ name: options.poolName, distro: options.distro });
  const pullMean = (1 - READINESS.imageCachedProbability) * mean(READINESS.pull);
  const overhead = 0.2 + 1.25 + 0.1; // scheduler latency, PDB controller lag (mean), watch latency
  // The pod `cluster.pods.get(podKey(pod))` finds, without building and hashing its key: the
  // live pod with the object's uid, when it still has the object's namespace and name.
  // The planner asks for a pod's termination and then its replacement: the last answer is kept
  // while that pod is still live.
  let lastPod: K8sPod | undefined;
  let lastSimPod: SimPod | undefined;
  const simPodOf = (pod: K8sPod) => {
    if (pod === lastPod && lastSimPod !== undefined && !lastSimPod.gone) return lastSimPod;
    const uid = pod.metadata.uid;
    const byUid = uid === undefined ? undefined : cluster.podsByUid.get(uid);
    if (
      byUid !== undefined &&
      byUid.name === pod.metadata.name &&
      byUid.workload.namespace === (pod.metadata.namespace ?? 'default')
    ) {
      lastPod = pod;
      lastSimPod = byUid;
      return byUid;
    }
    return cluster.pods.get(podKey(pod));
  };
  const timing: TimingModelV1 = {
    nodeCycle(node: K8sNode): NodeCycleEstimate {
      const host = cluster.nodes.get(node.metadata.name)?.host;
      const t = host?.timing ?? {
        stage: mean(profile.stageSeconds),
        apply: mean(profile.applySeconds),
        reboot: mean(rebootDistribution),
        daemonSets: 60,
      };
      return {
        stageSeconds: t.stage,
        applySeconds: t.apply,
        rebootSeconds: t.reboot + 1,
        verifySeconds: Math.max(profile.settleSeconds, t.daemonSets),
      };
    },
    nodeCycleP95Seconds(node: K8sNode): number {
      const cycle = this.nodeCycle(node);
      return 900 + 2 * (cycle.applySeconds + cycle.rebootSeconds) + cycle.verifySeconds;
    },
    podTerminationSeconds(pod: K8sPod): number {
      return simPodOf(pod)?.terminationSeconds ?? 0;
    },
    podReplacementSeconds(pod: K8sPod): number {
      const simPod = simPodOf(pod);
      if (!simPod) return mean(READINESS.stateless) + pullMean + overhead;
      const workload = simPod.workload;
      const ready = mean(workload.readiness) + pullMean + overhead;
      return workload.kind === 'StatefulSet'
        ? ready + Math.min(mean(workload.termination), workload.graceSeconds)
        : ready;
    },
  };
  return { options, engine, cluster, pool, profile, workloadProfile, timing, unplaced };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function clampInt(value: number, min: number, max: number): number {
  return Math.round(clamp(value, min, max));
}
