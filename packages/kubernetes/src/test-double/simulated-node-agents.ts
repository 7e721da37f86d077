import { setMaxListeners } from 'node:events';
import type { ClockV1, ClusterClientV1, SimulatedCluster } from '@kubenode/rollout';
import { runNodeAgent } from '../agent/run-node-agent.js';
import type { StepVerifier } from '../agent/step-signing.js';
import { createSimulatedStepRunner } from './simulated-step-runner.js';

/** Options of {@link startSimulatedNodeAgents}. */
export interface SimulatedNodeAgentsOptions {
  readonly cluster: SimulatedCluster;
  /** The agents' client of the (served) API. */
  readonly client: ClusterClientV1;
  /** The keys the agents trust (usually `loadTrustedKeys` on the served API). */
  readonly trust: () => Promise<StepVerifier | undefined>;
  /** The virtual clock (the engine's, or a compressed wall clock). */
  readonly clock: ClockV1;
  /** Nodes to run an agent on (all by default). */
  readonly nodes?: readonly string[];
  /** The agents' progress lines. */
  readonly log?: (line: string) => void;
}

/** Running simulated node agents. */
export interface SimulatedNodeAgents {
  /** Resolves once every agent watches its node and has announced itself. */
  readonly ready: Promise<void>;
  /** Stops every agent. */
  stop(): Promise<void>;
}

/**
 * Runs the real node agent loop ({@link runNodeAgent}) for every node of a simulated cluster,
 * talking to the API (the test double, over HTTP) like the DaemonSet's pods do, with the
 * simulated hosts as step runners: the executor's side of the agent protocol is then exercised
 * end to end.
 */
export function startSimulatedNodeAgents(options: SimulatedNodeAgentsOptions): SimulatedNodeAgents {
  const controller = new AbortController();
  // Every agent listens on it.
  setMaxListeners(0, controller.signal);
  const names = options.nodes ?? options.cluster.nodeNames();
  const readies: Promise<void>[] = [];
  const loops = names.map((nodeName) => {
    let ready!: () => void;
    readies.push(new Promise<void>((resolve) => (ready = resolve)));
    return runNodeAgent(
      {
        client: options.client,
        nodeName,
        runner: createSimulatedStepRunner(options.cluster, nodeName),
        trust: options.trust,
        clock: options.clock,
        onReady: ready,
        ...(options.log ? { log: (line: string) => options.log?.(`${nodeName}: ${line}`) } : {}),
      },
      controller.signal,
    ).catch((error: unknown) => {
      if (!controller.signal.aborted) options.log?.(`${nodeName}: agent stopped: ${String(error)}`);
    });
  });
  return {
    ready: Promise.all(readies).then(() => undefined),
    stop: async () => {
      controller.abort(new Error('simulated agents stopped'));
      await Promise.all(loops);
    },
  };
}
