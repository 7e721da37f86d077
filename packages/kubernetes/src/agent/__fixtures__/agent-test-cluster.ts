import {
  DISTRO_TIMING_PROFILES,
  SimulatedCluster,
  SimulationEngine,
  type ClusterApiError,
  type ClusterClientV1,
  type DistroTimingProfile,
  type NodeMergePatchV1,
} from '@kubenode/rollout';

/** When the agent tests' virtual clock starts (2026-01-05 10:00 UTC). */
export const AGENT_TEST_START = Date.UTC(2026, 0, 5, 10, 0, 0);

/** A simulated cluster of small nodes in one zone, settled, on a virtual clock at {@link AGENT_TEST_START}. */
export function agentTestCluster(
  options: { readonly nodes?: readonly string[]; readonly seed?: number; readonly distro?: 'flatcar' | 'debian' } = {},
): { readonly engine: SimulationEngine; readonly sim: SimulatedCluster } {
  const engine = new SimulationEngine({ startMs: AGENT_TEST_START });
  const sim = new SimulatedCluster({ engine, seed: options.seed ?? 1 });
  const profile = DISTRO_TIMING_PROFILES[options.distro ?? 'flatcar'] as DistroTimingProfile;
  for (const name of options.nodes ?? ['node-1'])
    sim.addNode({
      name,
      zone: 'zone-a',
      cpu: 4,
      memory: 16 * 2 ** 30,
      profile,
      version: profile.fromVersion,
      timing: { stage: 30, apply: 0, reboot: 60, daemonSets: 10 },
    });
  sim.settle();
  return { engine, sim };
}

/** Node patches a {@link recordingClient} refuses: `pick` returns the error for a patch, or nothing. */
export interface PatchFailures {
  pick?: (patch: NodeMergePatchV1) => ClusterApiError | undefined;
}

/** `inner`, recording every Node patch it sends in `patches` and failing those `fail` picks. */
export function recordingClient(
  inner: ClusterClientV1,
  patches: NodeMergePatchV1[],
  fail: PatchFailures = {},
): ClusterClientV1 {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'patchNode')
        return async (name: string, patch: NodeMergePatchV1) => {
          const error = fail.pick?.(patch);
          if (error) throw error;
          patches.push(patch);
          return target.patchNode(name, patch);
        };
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
