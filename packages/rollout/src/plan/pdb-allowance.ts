import { scaleIntOrPercent } from '../kubernetes/int-or-percent.js';
import type { K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { pdbKey } from '../kubernetes/pdb-index.js';
import { evictionIgnoresBudgets, isPodReady, podKey } from '../kubernetes/pod-facts.js';

/**
 * Whether a budget's status counts its pods for its current spec: the disruption controller
 * reported pods (`expectedPods` > 0) and has seen the spec's generation. A budget just created
 * (status all zeros) or whose spec changed since the controller's last pass has no usable count.
 */
export function statusCountsPods(pdb: K8sPodDisruptionBudget): boolean {
  const status = pdb.status;
  if (!status || status.expectedPods <= 0) return false;
  const generation = pdb.metadata.generation;
  const observed = status.observedGeneration;
  return generation === undefined || observed === undefined || observed >= generation;
}

/**
 * Disruptions a budget allows when every pod it expects is healthy: `expectedPods −
 * desiredHealthy` from its status (what the disruption controller computed), or from its spec and
 * the number of pods it covers when the status does not count them (no status yet, or a spec the
 * controller has not seen). 0 or less means no eviction can ever succeed (e.g. `minAvailable`
 * equal to the replicas, or `maxUnavailable: 0`). A policy/v1 budget with neither `minAvailable`
 * nor `maxUnavailable` allows none: the disruption controller expects no pods for it and so
 * never allows a disruption.
 */
export function pdbAllowanceWhenHealthy(pdb: K8sPodDisruptionBudget, coveredPods?: number): number {
  const status = pdb.status;
  if (status && statusCountsPods(pdb)) return status.expectedPods - status.desiredHealthy;
  const expected = coveredPods ?? status?.expectedPods ?? 0;
  if (pdb.spec.maxUnavailable !== undefined)
    return scaleIntOrPercent(pdb.spec.maxUnavailable, expected, true) ?? 0;
  if (pdb.spec.minAvailable !== undefined)
    return expected - (scaleIntOrPercent(pdb.spec.minAvailable, expected, true) ?? expected);
  return 0;
}

/**
 * Whether a budget's spec allows no disruption whatever the number of pods it covers:
 * `maxUnavailable` 0 or "0%", `minAvailable` "100%", or neither set.
 */
function specAllowsNothing(pdb: K8sPodDisruptionBudget): boolean {
  const { maxUnavailable, minAvailable } = pdb.spec;
  if (maxUnavailable !== undefined) return scaleIntOrPercent(maxUnavailable, 100, true) === 0;
  if (minAvailable !== undefined) {
    const percent = typeof minAvailable === 'string' ? /^(\d+)%$/.exec(minAvailable.trim()) : null;
    return percent !== null && Number(percent[1]) >= 100;
  }
  return true;
}

/**
 * Whether the Eviction API admits a pod's eviction under its one budget without using one of the
 * budget's disruptions: the pod is not running ({@link evictionIgnoresBudgets}), or it is not
 * Ready and the budget lets unhealthy pods go (`unhealthyPodEvictionPolicy: AlwaysAllow`, or the
 * default IfHealthyBudget while the budget is healthy: `currentHealthy ≥ desiredHealthy > 0`).
 * Such an eviction is admitted even while `disruptionsAllowed` is 0.
 */
export function evictionSparesBudget(pod: K8sPod, pdb: K8sPodDisruptionBudget): boolean {
  if (evictionIgnoresBudgets(pod)) return true;
  if (isPodReady(pod)) return false;
  if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true;
  const status = pdb.status;
  return status !== undefined && status.desiredHealthy > 0 && status.currentHealthy >= status.desiredHealthy;
}

/**
 * Why a pod can never be evicted as the cluster stands, or undefined: it is covered by more than
 * one budget (the Eviction API answers 500), or its budget allows no disruption even when all
 * its pods are healthy. A pod the API evicts without consulting budgets (Pending, finished,
 * terminating) never has a blocker, nor has a pod that is not Ready under a budget whose
 * `unhealthyPodEvictionPolicy` is AlwaysAllow. Without a status that counts the budget's pods
 * and without `coveredPods`, only a spec that allows nothing for any number of pods is a blocker
 * (a budget the disruption controller has not processed yet is not one).
 */
export function structuralEvictionBlocker(
  pod: K8sPod,
  pdbs: readonly K8sPodDisruptionBudget[],
  coveredPods?: (pdb: K8sPodDisruptionBudget) => number,
): string | undefined {
  if (pdbs.length === 0 || evictionIgnoresBudgets(pod)) return undefined;
  if (pdbs.length > 1) {
    return `pod ${podKey(pod)} is covered by ${pdbs.length} PodDisruptionBudgets (${pdbs
      .map(pdbKey)
      .join(', ')}); the Eviction API refuses to evict such pods`;
  }
  const pdb = pdbs[0] as K8sPodDisruptionBudget;
  if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow' && !isPodReady(pod)) return undefined;
  // The covered pods are only counted for a budget whose status does not (counting may cost a pass over every pod).
  const counted = statusCountsPods(pdb);
  const blocked = counted
    ? pdbAllowanceWhenHealthy(pdb) <= 0
    : coveredPods
      ? pdbAllowanceWhenHealthy(pdb, coveredPods(pdb)) <= 0
      : specAllowsNothing(pdb);
  if (!blocked) return undefined;
  const status = pdb.status;
  const detail =
    counted && status
      ? `desiredHealthy ${status.desiredHealthy} of expectedPods ${status.expectedPods}`
      : pdb.spec.maxUnavailable !== undefined
        ? `maxUnavailable ${pdb.spec.maxUnavailable}`
        : pdb.spec.minAvailable !== undefined
          ? `minAvailable ${pdb.spec.minAvailable}`
          : 'neither minAvailable nor maxUnavailable set';
  return `PodDisruptionBudget ${pdbKey(pdb)} allows no disruption even with every pod healthy (${detail}); pod ${podKey(pod)} can never be evicted`;
}
