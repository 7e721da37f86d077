import type { NodePool, UpdateStrategyV1, UpdateTargetV1 } from '@kubenode/core';
import {
  createRolloutExecutor,
  POOL_LABEL,
  type ClockV1,
  type ClusterClientV1,
  type RolloutExecutor,
  type RolloutPolicy,
  type RolloutProgressV1,
  type TimingModelV1,
} from '@kubenode/rollout';
import { createAnnotationNodeAgent, type AnnotationNodeAgent } from '../agent/annotation-node-agent.js';
import { ensureStepSigningKey, type TrustStoreClient } from '../agent/agent-trust.js';

/** Options of {@link prepareClusterRollout}. */
export interface ClusterRolloutOptions {
  /** The Kubernetes client (`createKubeClusterClient`). */
  readonly client: ClusterClientV1 & TrustStoreClient;
  readonly pool: NodePool;
  /** The adapter's update mechanics (`adapter.updates`). */
  readonly strategy: UpdateStrategyV1;
  /** A validated policy (`parseRolloutPolicy`). */
  readonly policy: RolloutPolicy;
  readonly target?: UpdateTargetV1;
  readonly rolloutId?: string;
  /** This replica's identity: the Lease holder and the step requests' issuer (the pod name in a cluster). */
  readonly identity: string;
  /** Namespace of the step-signing key Secret and the agents' trust ConfigMap (the controller's). */
  readonly namespace: string;
  readonly clock?: ClockV1;
  /** Random numbers in [0, 1) for jitter (default `Math.random`). */
  readonly random?: () => number;
  readonly timing?: TimingModelV1;
  /** Node agent answer deadlines (see `createAnnotationNodeAgent`). */
  readonly agent?: { readonly ackTimeoutSeconds?: number; readonly graceSeconds?: number };
  /** Called as nodes finish (progress bars). */
  readonly onProgress?: (progress: RolloutProgressV1) => void;
  /** Told of lists and watches the API refuses or that fail, which are retried without end. */
  readonly log?: (line: string) => void;
}

/** A rollout wired to a real cluster. */
export interface ClusterRollout {
  readonly executor: RolloutExecutor;
  /** The executor's node agent (step requests through node annotations). */
  readonly agent: AnnotationNodeAgent;
  /** The pool's node selector. */
  readonly nodeSelector: string;
  /** Stops the agent's node watch (after `executor.run` settled). */
  close(): Promise<void>;
}

/**
 * Wires the rollout executor to a cluster: makes sure the step-signing key exists (creating it
 * and publishing its public key for the agents on first use), then builds the annotation node
 * agent and the executor over the same client. `kubenode rollout run` and `kubenode controller`
 * both start here.
 */
export async function prepareClusterRollout(options: ClusterRolloutOptions): Promise<ClusterRollout> {
  const signer = await ensureStepSigningKey(options.client, options.namespace);
  const nodeSelector = options.policy.nodeSelector ?? `${POOL_LABEL}=${options.pool.metadata.name}`;
  const agent = createAnnotationNodeAgent({
    client: options.client,
    signer,
    identity: options.identity,
    nodeSelector,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.agent?.ackTimeoutSeconds !== undefined
      ? { ackTimeoutSeconds: options.agent.ackTimeoutSeconds }
      : {}),
    ...(options.agent?.graceSeconds !== undefined ? { graceSeconds: options.agent.graceSeconds } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const executor = createRolloutExecutor({
    client: options.client,
    agent,
    strategy: options.strategy,
    pool: options.pool,
    policy: options.policy,
    identity: options.identity,
    ...(options.target ? { target: options.target } : {}),
    ...(options.rolloutId !== undefined ? { rolloutId: options.rolloutId } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return { executor, agent, nodeSelector, close: () => agent.close() };
}
