/**
 * `@kubenode/kubernetes`: kubenode on a real cluster. The rollout engine's cluster port over
 * `@kubernetes/client-node` (rate-limited, watch-based, conflict-aware), the node agent protocol
 * (signed step requests through Node annotations, both sides), the leader-elected in-cluster
 * controller with Prometheus metrics, the manifests that install them, and a test double of the
 * Kubernetes API that serves the rollout simulator over HTTP for tests (not Kubernetes).
 *
 * @packageDocumentation
 */

// Errors
export { KubeClientConfigError } from './errors/kube-client-config-error.js';

// The Kubernetes client
export {
  createKubeClusterClient,
  KubeClusterClient,
  type KubeClusterClientOptions,
  type KubeClientStats,
} from './client/kube-cluster-client.js';
export {
  kubeClientSettingsSchema,
  type KubeClientSettings,
  type ResolvedKubeClientSettings,
} from './client/kube-client-settings.js';
export { loadKubeConfig, type LoadKubeConfigOptions } from './client/load-kube-config.js';
export { TokenBucketRateLimiter, type TokenBucketOptions } from './client/token-bucket-rate-limiter.js';
export type { KubeRequestRecord } from './client/kube-http-transport.js';
export type { K8sConfigMap, K8sSecret } from './client/k8s-config-objects.js';

// The node agent protocol
export { AGENT_ANNOTATIONS } from './agent/agent-annotations.js';
export {
  stepRequestSchema,
  stepResponseSchema,
  stepSigningPayload,
  parseStepRequest,
  parseStepResponse,
  FINAL_STEP_STATES,
  type StepRequestV1,
  type StepResponseV1,
  type StepResponseState,
} from './agent/step-protocol.js';
export { generateStepSigningKey, stepKeyId, StepSigner, StepVerifier } from './agent/step-signing.js';
export { StepSigningKeyError } from './agent/step-signing-key-error.js';
export {
  AGENT_TRUST,
  ensureStepSigningKey,
  loadTrustedKeys,
  type TrustStoreClient,
} from './agent/agent-trust.js';
export {
  createAnnotationNodeAgent,
  type AnnotationNodeAgent,
  type AnnotationNodeAgentOptions,
} from './agent/annotation-node-agent.js';
export { runNodeAgent, type NodeAgentLoopOptions } from './agent/run-node-agent.js';
export { fileRequestJournal, type RequestJournal } from './agent/request-journal.js';
export type { StepRunner, StepRunResult } from './agent/step-runner.js';
export { createHostStepRunner, type HostStepRunnerOptions } from './agent/host-step-runner.js';
export { BoundedOutput } from './agent/bounded-output.js';
export { stepReportAnnotations } from './agent/step-report.js';

// Running rollouts on a cluster
export {
  prepareClusterRollout,
  type ClusterRollout,
  type ClusterRolloutOptions,
} from './controller/cluster-rollout.js';

// The in-cluster controller
export { ControllerMetrics } from './controller/controller-metrics.js';
export {
  startControllerHttpServer,
  type ControllerHttpServer,
  type ControllerHttpServerOptions,
} from './controller/controller-http-server.js';
export type { RolloutStatusV1 } from './controller/rollout-status.js';
export {
  RolloutStatusTracker,
  type RolloutStatusTrackerOptions,
} from './controller/rollout-status-tracker.js';
export { runController, type ControllerOptions, type ControllerExit } from './controller/run-controller.js';

// Manifests
export { manifestOptionsSchema, type ManifestOptions } from './manifests/manifest-options.js';
export {
  AGENT_ADMISSION_POLICY_NAME,
  AGENT_OWNED_ANNOTATIONS,
  NODE_NAME_CLAIM,
  renderAgentAdmissionPolicy,
  type AgentAdmissionPolicyOptions,
} from './manifests/agent-admission-policy.js';
export {
  renderKubenodeManifests,
  manifestsToYaml,
  type KubernetesManifest,
} from './manifests/render-manifests.js';

// The test double (not Kubernetes)
export {
  createSimulatedApiServer,
  type SimulatedApiServer,
  type SimulatedApiServerOptions,
  type SimulatedApiServerListenOptions,
} from './test-double/simulated-api-server.js';
export {
  startRealtimeDriver,
  type RealtimeDriver,
  type RealtimeDriverOptions,
} from './test-double/realtime-driver.js';
export { createScaledClock } from './test-double/scaled-clock.js';
export { createSimulatedStepRunner } from './test-double/simulated-step-runner.js';
export {
  startSimulatedNodeAgents,
  type SimulatedNodeAgents,
  type SimulatedNodeAgentsOptions,
} from './test-double/simulated-node-agents.js';

export { VERSION } from './version.js';
