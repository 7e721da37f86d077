import { scaleIntOrPercent } from '../kubernetes/int-or-percent.js';
import type { K8sPod, K8sPodDisruptionBudget } from '../kubernetes/kubernetes-objects.js';
import { pdbKey } from '../kubernetes/pdb-index.js';
import { podKey } from '../kubernetes/pod-facts.js';

/**
 * Disruptions a budget allows when every pod it expects is healthy: `expectedPods −
 * desiredHealthy` from its status (what the disruption controller computed), or from its spec and
 * the number of pods it covers when it has no status yet. 0 or less means no eviction can ever
 * succeed (e.g. `minAvailable` equal to the replicas, or `maxUnavailable: 0`).
 */
export function pdbAllowanceWhenHealthy(pdb: K8sPodDisruptionBudget, coveredPods?: number): number {
  const status = pdb.status;
  if (status && status.expectedPods > 0) return status.expectedPods - status.desiredHealthy;
  const expected = coveredPods ?? status?.expectedPods ?? 0;
  if (pdb.spec.maxUnavailable !== undefined)
    return scaleIntOrPercent(pdb.spec.maxUnavailable, expected, true) ?? 0;
  if (pdb.spec.minAvailable !== undefined)
    return expected - (scaleIntOrPercent(pdb.spec.minAvailable, expected, true) ?? expected);
  return expected;
}

/**
 * Why a pod can never be evicted as the cluster stands, or undefined: it is covered by more than
 * one budget (the Eviction API answers 500), or its budget allows no disruption even when all
 * its pods are healthy.
 */
export function structuralEvictionBlocker(
  pod: K8sPod,
  pdbs: readonly K8sPodDisruptionBudget[],
  coveredPods?: (pdb: K8sPodDisruptionBudget) => number,
): string | undefined {
  if (pdbs.length > 1) {
    return `pod ${podKey(pod)} is covered by ${pdbs.length} PodDisruptionBudgets (${pdbs
      .map(pdbKey)
      .join(', ')}); the Eviction API refuses to evict such pods`;
  }
  const pdb = pdbs[0];
  if (!pdb) return undefined;
  // The covered pods are only counted for a budget without a status (counting may cost a pass over every pod).
  const status = pdb.status;
  const allowance = pdbAllowanceWhenHealthy(
    pdb,
    status && status.expectedPods > 0 ? undefined : coveredPods?.(pdb),
  );
  if (allowance <= 0) {
    const detail = status
      ? `desiredHealthy ${status.desiredHealthy} of expectedPods ${status.expectedPods}`
      : pdb.spec.minAvailable !== undefined
        ? `minAvailable ${pdb.spec.minAvailable}`
        : `maxUnavailable ${pdb.spec.maxUnavailable ?? 0}`;
    return `PodDisruptionBudget ${pdbKey(pdb)} allows no disruption even with every pod healthy (${detail}); pod ${podKey(pod)} can never be evicted`;
  }
  return undefined;
}
