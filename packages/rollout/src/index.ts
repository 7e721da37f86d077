/**
 * `@kubenode/rollout`: plan, simulate and execute node pool updates. The planner computes the
 * lower bound and the predicted makespan before anything runs; the executor updates a pool node
 * by node through two ports (a Kubernetes API client and a node agent) with any adapter's
 * `UpdateStrategyV1`; the simulator implements both ports as a deterministic, seeded cluster, and
 * emulations of kured, FLUO, brupop and the system-upgrade-controller run on it for comparison.
 *
 * @packageDocumentation
 */
export { VERSION } from './version.js';
