import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sLease } from '../kubernetes/kubernetes-objects.js';
import type { ClusterClientV1 } from '../ports/cluster-client-v1.js';
import { ANNOTATIONS, readNodeRecord, taintsWithPending, hasPendingTaint } from './node-annotations.js';

/** Where a rollout's Lease lives. */
export interface RolloutLeaseRef {
  readonly namespace: string;
  readonly name: string;
}

async function annotateLease(
  client: ClusterClientV1,
  lease: RolloutLeaseRef,
  annotations: Record<string, string | null>,
): Promise<K8sLease> {
  for (let attempt = 0; ; attempt++) {
    const current = await client.getLease(lease.namespace, lease.name);
    const merged: Record<string, string> = { ...current.metadata.annotations };
    for (const [key, value] of Object.entries(annotations)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    try {
      return await client.updateLease({ ...current, metadata: { ...current.metadata, annotations: merged } });
    } catch (error) {
      if (!(ClusterApiError.isInstance(error) && error.code === 409) || attempt >= 10) throw error;
    }
  }
}

/**
 * Pauses a rollout: every executor replica stops starting nodes (nodes already disrupted finish
 * their cycle) until {@link resumeRollout}. Stored as `kubenode.dev/paused: "true"` on the Lease.
 */
export async function pauseRollout(client: ClusterClientV1, lease: RolloutLeaseRef): Promise<void> {
  await annotateLease(client, lease, { [ANNOTATIONS.paused]: 'true' });
}

/** Resumes a paused rollout, and one halted by its failure budget (clears both marks). */
export async function resumeRollout(client: ClusterClientV1, lease: RolloutLeaseRef): Promise<void> {
  await annotateLease(client, lease, { [ANNOTATIONS.paused]: null, [ANNOTATIONS.halted]: null });
}

/**
 * An operator acknowledges a failed node: it no longer holds a slot of the rollout's budget, and
 * kubenode's cordon (never anyone else's) and pending taint are removed. Returns whether the node
 * was a failed node of that rollout.
 */
export async function acknowledgeNodeFailure(
  client: ClusterClientV1,
  node: string,
  rolloutId: string,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const current = await client.getNode(node);
    const record = readNodeRecord(current, rolloutId);
    if (record.phase !== 'failed') return false;
    try {
      await client.patchNode(node, {
        metadata: {
          resourceVersion: current.metadata.resourceVersion as string,
          annotations: {
            [ANNOTATIONS.acknowledged]: 'true',
            ...(record.cordonOwned ? { [ANNOTATIONS.cordonOwner]: null } : {}),
          },
        },
        ...(record.cordonOwned || hasPendingTaint(current)
          ? {
              spec: {
                ...(record.cordonOwned ? { unschedulable: false } : {}),
                ...(hasPendingTaint(current) ? { taints: taintsWithPending(current, false) } : {}),
              },
            }
          : {}),
      });
      return true;
    } catch (error) {
      if (!(ClusterApiError.isInstance(error) && error.code === 409) || attempt >= 10) throw error;
    }
  }
}
