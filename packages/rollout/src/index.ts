/**
 * `@kubenode/rollout`: plan, simulate and execute node pool updates. The planner computes the
 * lower bound and the predicted makespan before anything runs; the executor updates a pool node
 * by node through two ports (a Kubernetes API client and a node agent) with any adapter's
 * `UpdateStrategyV1`; the simulator implements both ports as a deterministic, seeded cluster, and
 * emulations of kured, FLUO, brupop and the system-upgrade-controller run on it for comparison.
 *
 * @packageDocumentation
 */

// Errors
export { ClusterApiError } from './errors/cluster-api-error.js';
export { isPermanentRefusal } from './errors/is-permanent-refusal.js';
export { NodeAgentError, type NodeAgentFailure } from './errors/node-agent-error.js';
export { LeadershipLostError } from './errors/leadership-lost-error.js';

// Kubernetes objects and helpers
export type {
  K8sObjectMeta,
  K8sOwnerReference,
  K8sTaint,
  K8sNodeCondition,
  K8sNodeSystemInfo,
  K8sNode,
  K8sToleration,
  K8sContainer,
  K8sPodCondition,
  K8sPod,
  K8sLabelSelector,
  K8sLabelSelectorRequirement,
  K8sPodDisruptionBudget,
  K8sLease,
  K8sEvent,
  K8sList,
  K8sStatus,
} from './kubernetes/kubernetes-objects.js';
export {
  matchesLabelSelector,
  parseLabelSelector,
  formatMatchLabels,
  type LabelPredicate,
} from './kubernetes/label-selector.js';
export { parseQuantity } from './kubernetes/quantity.js';
export { scaleIntOrPercent } from './kubernetes/int-or-percent.js';
export { rfc3339, microTime, parseTime } from './kubernetes/time-format.js';
export { ZONE_LABEL, nodeZone, isNodeReady, nodeObservation } from './kubernetes/node-facts.js';
export {
  podKey,
  isDaemonSetPod,
  isMirrorPod,
  isPodReady,
  needsEviction,
  podRequests,
} from './kubernetes/pod-facts.js';
export { PdbIndex, pdbKey } from './kubernetes/pdb-index.js';

// Ports
export type {
  ClusterClientV1,
  ResourceKindV1,
  ResourceTypesV1,
  ListOptionsV1,
  WatchOptionsV1,
  WatchEventV1,
  WatchHandleV1,
  NodeMergePatchV1,
  EvictionV1,
  PodDeletionV1,
} from './ports/cluster-client-v1.js';
export type { NodeAgentV1, RunStepInputV1 } from './ports/node-agent-v1.js';
export type { ClockV1 } from './ports/clock-v1.js';
export { systemClock } from './ports/system-clock.js';

// Policy
export {
  rolloutPolicySchema,
  parseRolloutPolicy,
  defaultRolloutPolicy,
  type RolloutPolicy,
  type RolloutPolicyInput,
} from './policy/rollout-policy.js';
export {
  resolveRolloutPolicy,
  POOL_LABEL,
  type ResolvedRolloutPolicy,
} from './policy/resolve-rollout-policy.js';
export { createWindowSchedule, type WindowSchedule } from './policy/window-schedule.js';

// Planning
export {
  planRollout,
  findCriticalPdbs,
  withCanariesFirst,
  type PlanRolloutInput,
  type RolloutPlanV1,
  type PlanPdbSummary,
} from './plan/plan-rollout.js';
export {
  computeLowerBound,
  nodeUnavailableSeconds,
  formatDuration,
  type LowerBoundV1,
  type LowerBoundInput,
  type PolicyBoundV1,
  type BindingConstraint,
} from './plan/lower-bound.js';
export {
  buildPoolModel,
  orderCandidates,
  type PoolModel,
  type PoolModelOptions,
  type PlanNode,
  type PlanPod,
  type PlanPdb,
  type PlanZone,
} from './plan/pool-model.js';
export { predictMakespan, type PredictionInput, type Prediction } from './plan/predict-makespan.js';
export { CandidateQueue, type AdmissionVerdict } from './plan/candidate-queue.js';
export { parseClusterSnapshot, type ClusterSnapshot } from './plan/cluster-snapshot.js';
export { pdbAllowanceWhenHealthy, structuralEvictionBlocker } from './plan/pdb-allowance.js';
export { createPriorTimingModel, type TimingModelV1, type NodeCycleEstimate } from './plan/timing-model.js';

// Execution
export {
  createRolloutExecutor,
  type RolloutExecutor,
  type RolloutExecutorOptions,
} from './executor/rollout-executor.js';
export type {
  RolloutResultV1,
  RolloutOutcomeV1,
  NodeOutcomeV1,
  RolloutProgressV1,
} from './executor/rollout-result.js';
export {
  ANNOTATIONS,
  PENDING_TAINT,
  DISRUPTIVE_PHASES,
  readNodeRecord,
  type NodePhase,
  type NodeRecord,
} from './executor/node-annotations.js';
export {
  pauseRollout,
  resumeRollout,
  acknowledgeNodeFailure,
  type RolloutLeaseRef,
} from './executor/rollout-control.js';
export { LeaderLease, type LeaseTiming } from './executor/leader-lease.js';
export { Informer, objectKey, type InformerChange } from './executor/informer.js';
export { ClusterView, type ZoneCapacity } from './executor/cluster-view.js';
export { drainNode, type DrainContext, type DrainOutcome } from './executor/drain-node.js';

// Simulation
export { SimulationEngine, type SimTimer } from './simulator/simulation-engine.js';
export {
  SimulatedCluster,
  type SimulatedClusterOptions,
  type SimNodeSpec,
  type SimWorkloadSpec,
  type SimPdbSpec,
  type NodeState,
} from './simulator/simulated-cluster.js';
export { SimulatedClusterClient, SimulatedNodeAgent } from './simulator/simulated-cluster-client.js';
export {
  createScenario,
  SIMULATION_EPOCH,
  type ScenarioOptions,
  type Scenario,
} from './simulator/generate-scenario.js';
export {
  runSimulation,
  formatSimulationReport,
  type SimulationOptions,
  type SimulationReport,
  type SimulationPolicyId,
} from './simulator/run-simulation.js';
export { SafetyMonitor, type SafetyMetrics } from './simulator/safety-monitor.js';
export {
  DISTRO_TIMING_PROFILES,
  BARE_METAL_REBOOT_SECONDS,
  type DistroTimingProfile,
  type SimulatedUpdateKind,
} from './simulator/distro-profiles.js';
export {
  WORKLOAD_PROFILES,
  FAULT_PROFILES,
  TERMINATION,
  READINESS,
  type WorkloadProfile,
  type FaultProfile,
  type PdbMix,
} from './simulator/scenario-profiles.js';
export { sample, mean, minimum, type DurationDistribution } from './simulator/distribution.js';
export { Random, hashString } from './simulator/random.js';
export { EventQueue, type ScheduledEvent } from './simulator/event-queue.js';
export { simulatedPool, SIMULATED_CLUSTER_CA } from './simulator/simulated-pool.js';
export type { NodeTimingSample } from './simulator/sim-types.js';

// Emulations of other tools
export { EMULATIONS } from './emulations/emulations.js';
export type { EmulationId, EmulationContext, PolicyEmulation } from './emulations/policy-emulation.js';
export { kubectlDrain, type KubectlDrainOptions } from './emulations/kubectl-drain.js';

// Update strategies for tests and simulations
export { createTestAbImageStrategy } from './test-support/test-ab-image-strategy.js';
export {
  createTestPackageStrategy,
  AGENT_OS_VERSION_ANNOTATION,
} from './test-support/test-package-strategy.js';

export { VERSION } from './version.js';
