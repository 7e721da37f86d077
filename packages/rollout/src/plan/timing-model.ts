import type { K8sNode, K8sPod } from '../kubernetes/kubernetes-objects.js';
import { podController } from '../kubernetes/pod-facts.js';
import { mean, type DurationDistribution } from '../simulator/distribution.js';
import type { DistroTimingProfile } from '../simulator/distro-profiles.js';

/** Expected durations of one node's update cycle, in seconds. */
export interface NodeCycleEstimate {
  /** Download and write; off the disruption window when the strategy stages while serving. */
  readonly stageSeconds: number;
  /** Post-drain work before the reboot. */
  readonly applySeconds: number;
  /** Reboot request to kubelet Ready. */
  readonly rebootSeconds: number;
  /** Ready settle time, DaemonSet pods Ready and checks. */
  readonly verifySeconds: number;
}

/**
 * Durations the planner reasons with. The simulator supplies its ground truth (the durations it
 * drew); for a real cluster {@link createPriorTimingModel} supplies priors from the distro's
 * timing profile and the pods' grace periods.
 */
export interface TimingModelV1 {
  /** Expected cycle of a node. */
  nodeCycle(node: K8sNode): NodeCycleEstimate;
  /** A pessimistic (p95-like) disruption time of a node, for fitting cycles into windows. */
  nodeCycleP95Seconds(node: K8sNode): number;
  /** Expected time from SIGTERM to the pod being gone. */
  podTerminationSeconds(pod: K8sPod): number;
  /**
   * Expected time an eviction holds a unit of the pod's PodDisruptionBudget: until the
   * replacement is Ready (for a StatefulSet, the old pod must be gone first).
   */
  podReplacementSeconds(pod: K8sPod): number;
}

/** Replacement readiness priors (shared/reference/updates.md §7.2): stateless ≈ 42 s, stateful ≈ 180 s mean. */
const STATELESS_REPLACEMENT_SECONDS = 42;
const STATEFUL_REPLACEMENT_SECONDS = 180;

/**
 * Timing priors for planning against a real cluster: node steps from the distro's timing profile
 * (means of its distributions), the verification settle time from the policy and the profile,
 * pod termination as 40 % of the pod's grace period, and replacement readiness of 42 s (180 s for
 * StatefulSet pods, after their termination). These are estimates, so a plan's lower bound for a
 * real cluster is an estimate too; the simulator's is exact for the durations it drew.
 */
export function createPriorTimingModel(options: {
  readonly profile: DistroTimingProfile;
  readonly readySeconds: number;
  readonly rebootSeconds?: DurationDistribution;
}): TimingModelV1 {
  const { profile } = options;
  const reboot = mean(options.rebootSeconds ?? profile.rebootSeconds);
  const verify = Math.max(options.readySeconds, profile.settleSeconds, mean(profile.daemonSetReadySeconds));
  const estimate: NodeCycleEstimate = {
    stageSeconds: mean(profile.stageSeconds),
    applySeconds: mean(profile.applySeconds),
    rebootSeconds: reboot,
    verifySeconds: verify,
  };
  const termination = (pod: K8sPod) => 0.4 * (pod.spec.terminationGracePeriodSeconds ?? 30);
  return {
    nodeCycle: () => estimate,
    nodeCycleP95Seconds: () => 2 * (estimate.applySeconds + estimate.rebootSeconds) + verify + 300,
    podTerminationSeconds: termination,
    podReplacementSeconds: (pod) =>
      podController(pod)?.kind === 'StatefulSet'
        ? termination(pod) + STATEFUL_REPLACEMENT_SECONDS
        : STATELESS_REPLACEMENT_SECONDS,
  };
}
