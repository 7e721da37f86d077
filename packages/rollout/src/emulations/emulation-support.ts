import { createHash } from 'node:crypto';
import type { UpdateStepV1, UpdateStrategyV1 } from '@kubenode/core';
import { ClusterApiError } from '../errors/cluster-api-error.js';
import type { K8sLease, K8sNode } from '../kubernetes/kubernetes-objects.js';
import { isNodeReady, nodeObservation } from '../kubernetes/node-facts.js';
import { isDaemonSetPod, isPodReady } from '../kubernetes/pod-facts.js';
import type { ClockV1 } from '../ports/clock-v1.js';
import type { ClusterClientV1, NodeMergePatchV1 } from '../ports/cluster-client-v1.js';
import type { NodeAgentV1 } from '../ports/node-agent-v1.js';
import type { Scenario } from '../simulator/generate-scenario.js';
import { createTestAbImageStrategy } from '../test-support/test-ab-image-strategy.js';
import { createTestPackageStrategy } from '../test-support/test-package-strategy.js';

/** The host-side steps a scenario's nodes understand (test strategies matching the distro profile). */
export function hostStrategy(scenario: Scenario): UpdateStrategyV1 {
  return scenario.profile.updateKind === 'package-manager'
    ? createTestPackageStrategy()
    : createTestAbImageStrategy();
}

/** The step of a phase for a node, from the host strategy. */
export function stepOf(
  strategy: UpdateStrategyV1,
  scenario: Scenario,
  node: K8sNode,
  phase: UpdateStepV1['phase'],
): UpdateStepV1 | undefined {
  return strategy
    .planNode({
      pool: scenario.pool,
      node: nodeObservation(node),
      target: { version: scenario.profile.toVersion },
    })
    .steps.find((step) => step.phase === phase);
}

/**
 * The OS updating itself in the background, as it does under kured, FLUO and the like:
 * update_engine downloads and writes the new image (Flatcar), unattended-upgrades downloads and
 * installs packages (Debian, Ubuntu) while the node serves, then flags that a reboot is needed.
 * Checks once at the start and again every `checkSeconds` (an update that fell back is fetched again).
 */
export async function selfUpdatingOs(options: {
  readonly scenario: Scenario;
  readonly client: ClusterClientV1;
  readonly clock: ClockV1;
  readonly signal: AbortSignal;
  readonly checkSeconds?: number;
}): Promise<void> {
  const { scenario, clock, signal } = options;
  const agent = scenario.cluster.agent('os');
  const strategy = hostStrategy(scenario);
  const nodes = (await options.client.list('Node')).items;
  await Promise.all(
    nodes.map(async (node) => {
      const name = node.metadata.name;
      for (;;) {
        signal.throwIfAborted();
        try {
          const detect = stepOf(strategy, scenario, node, 'detect') as UpdateStepV1;
          const availability = strategy.interpretDetect(
            await agent.runStep({ node: name, step: detect, signal }),
          );
          if (availability.available && !availability.rebootRequired) {
            for (const phase of ['stage', 'apply'] as const) {
              const step = stepOf(strategy, scenario, node, phase);
              if (step) await agent.runStep({ node: name, step, signal });
            }
          }
        } catch (error) {
          if (signal.aborted) throw error;
        }
        await clock.sleep((options.checkSeconds ?? 3600) * 1000, signal);
      }
    }),
  );
}

/** Whether the node reports a reboot is needed (kured's sentinel, update_engine's status). */
export async function rebootRequired(
  agent: NodeAgentV1,
  strategy: UpdateStrategyV1,
  scenario: Scenario,
  node: K8sNode,
  signal: AbortSignal,
): Promise<boolean> {
  const step = stepOf(strategy, scenario, node, 'detect') as UpdateStepV1;
  try {
    return strategy.interpretDetect(await agent.runStep({ node: node.metadata.name, step, signal }))
      .rebootRequired;
  } catch (error) {
    if (signal.aborted) throw error;
    return false;
  }
}

/** Requests a reboot through the node agent (logind, apiclient reboot, systemctl reboot). */
export async function rebootNode(
  agent: NodeAgentV1,
  strategy: UpdateStrategyV1,
  scenario: Scenario,
  node: K8sNode,
  signal: AbortSignal,
): Promise<void> {
  const step = stepOf(strategy, scenario, node, 'reboot') as UpdateStepV1;
  await agent.runStep({ node: node.metadata.name, step, signal }).catch((error: unknown) => {
    if (signal.aborted) throw error;
  });
}

/** Polls until the node has a new bootID and is Ready (`poll` seconds apart). */
export async function waitForReboot(
  client: ClusterClientV1,
  clock: ClockV1,
  name: string,
  bootID: string,
  signal: AbortSignal,
  pollSeconds = 10,
): Promise<K8sNode> {
  for (;;) {
    await clock.sleep(pollSeconds * 1000, signal);
    try {
      const node = await client.getNode(name);
      if ((node.status?.nodeInfo?.bootID ?? '') !== bootID && isNodeReady(node)) return node;
    } catch (error) {
      if (!ClusterApiError.isInstance(error)) throw error;
    }
  }
}

/** Polls until the named DaemonSet's pod on the node is Ready (the tool's own agent pod restarted). */
export async function waitForDaemonPod(
  client: ClusterClientV1,
  clock: ClockV1,
  node: string,
  prefix: string,
  signal: AbortSignal,
  pollSeconds = 5,
): Promise<void> {
  for (;;) {
    try {
      const pods = (await client.list('Pod', { fieldSelector: `spec.nodeName=${node}` })).items;
      const mine = pods.filter((pod) => isDaemonSetPod(pod) && pod.metadata.name.startsWith(prefix));
      if (mine.length === 0 || mine.every(isPodReady)) return;
    } catch (error) {
      if (!ClusterApiError.isInstance(error)) throw error;
    }
    await clock.sleep(pollSeconds * 1000, signal);
  }
}

/**
 * Runs a read, retrying transient API errors (429, 500, a dropped connection) every second, as
 * the tools' client-go informers and requeues do; a 404 or any other error is thrown.
 */
export async function retryTransient<T>(
  clock: ClockV1,
  signal: AbortSignal,
  read: () => Promise<T>,
): Promise<T> {
  for (;;) {
    signal.throwIfAborted();
    try {
      return await read();
    } catch (error) {
      if (!ClusterApiError.isInstance(error) || error.code === 404) throw error;
      await clock.sleep(1000, signal);
    }
  }
}

/** Patches a node, retrying conflicts and transient errors; re-reads through `client.getNode`. */
export async function patchNode(
  client: ClusterClientV1,
  clock: ClockV1,
  name: string,
  patch: NodeMergePatchV1,
  signal: AbortSignal,
): Promise<K8sNode | undefined> {
  for (let attempt = 0; attempt < 50; attempt++) {
    signal.throwIfAborted();
    try {
      return await client.patchNode(name, patch);
    } catch (error) {
      if (!ClusterApiError.isInstance(error)) throw error;
      if (error.code === 404) return undefined;
      await clock.sleep(1000, signal);
    }
  }
  return undefined;
}

/** Reads a Lease, creating it empty when missing. */
export async function ensureLease(
  client: ClusterClientV1,
  namespace: string,
  name: string,
): Promise<K8sLease> {
  try {
    return await client.getLease(namespace, name);
  } catch (error) {
    if (!(ClusterApiError.isInstance(error) && error.code === 404)) throw error;
    try {
      return await client.createLease({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace },
        spec: {},
      });
    } catch (createError) {
      if (!(ClusterApiError.isInstance(createError) && createError.code === 409)) throw createError;
      return client.getLease(namespace, name);
    }
  }
}

/** sha256 hex, as SUC orders nodes (`sha256(nodeUID + planUID + hash)`). */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
