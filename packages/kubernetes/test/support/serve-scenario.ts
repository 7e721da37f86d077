import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClusterClient, type KubeClusterClient } from '../../src/client/kube-cluster-client.js';
import { loadTrustedKeys } from '../../src/agent/agent-trust.js';
import {
  createSimulatedApiServer,
  type SimulatedApiServer,
} from '../../src/test-double/simulated-api-server.js';
import { startRealtimeDriver, type RealtimeDriver } from '../../src/test-double/realtime-driver.js';
import { createScaledClock } from '../../src/test-double/scaled-clock.js';
import {
  startSimulatedNodeAgents,
  type SimulatedNodeAgents,
} from '../../src/test-double/simulated-node-agents.js';
import type { PoolScenario } from './pool-scenario.js';

/** Bearer tokens of the served scenario and the actors they act as. */
export const TOKENS = { kubenode: 'token-kubenode', agents: 'token-agents', admin: 'token-admin' } as const;

/** A scenario served over HTTP with node agents and a compressed clock. */
export interface ServedScenario {
  readonly server: SimulatedApiServer;
  readonly driver: RealtimeDriver;
  readonly agents: SimulatedNodeAgents;
  readonly agentClient: KubeClusterClient;
  /** A kubeconfig (YAML) for a token. */
  kubeconfig(token: string): string;
  /** A Kubernetes client authenticated with a token. */
  client(token: string, options?: { qps?: number; burst?: number }): KubeClusterClient;
  close(): Promise<void>;
}

/** Serves a scenario (plain HTTP on loopback, or HTTPS with `tls`), starts the clock and the node agents. */
export async function serveScenario(
  scenario: PoolScenario,
  options: {
    readonly speed: number;
    readonly namespace: string;
    readonly tls?: { cert: string; key: string };
    /**
     * Ties virtual time strictly to the wall clock (`maxStepMs: null`), so other processes can
     * share it through `createScaledClock(driver.epoch())`.
     */
    readonly strict?: boolean;
  },
): Promise<ServedScenario> {
  const server = createSimulatedApiServer({
    cluster: scenario.cluster,
    tokens: { [TOKENS.kubenode]: 'kubenode', [TOKENS.agents]: 'kubenode-agent', [TOKENS.admin]: 'admin' },
  });
  await server.listen(options.tls ? { tls: options.tls } : {});
  const driver = startRealtimeDriver(scenario.engine, {
    speed: options.speed,
    ...(options.strict ? { maxStepMs: null } : {}),
  });
  const clients: KubeClusterClient[] = [];
  const client = (token: string, limits: { qps?: number; burst?: number } = {}) => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(server.kubeconfig(token));
    const made = createKubeClusterClient({ kubeConfig, qps: limits.qps ?? 500, burst: limits.burst ?? 1000 });
    clients.push(made);
    return made;
  };
  const agentClient = client(TOKENS.agents, { qps: 5000, burst: 5000 });
  const agents = startSimulatedNodeAgents({
    cluster: scenario.cluster,
    client: agentClient,
    trust: () => loadTrustedKeys(agentClient, options.namespace),
    // Strict: the agents read the wall-tied virtual time the other processes read (the engine's
    // own clock trails it by a driver step, more on a loaded machine, and step requests from other
    // processes would look issued in the future).
    clock: options.strict ? createScaledClock(driver.epoch()) : scenario.engine.clock(),
  });
  await agents.ready;
  return {
    server,
    driver,
    agents,
    agentClient,
    kubeconfig: (token) => server.kubeconfig(token),
    client,
    close: async () => {
      await agents.stop();
      for (const made of clients) made.close();
      await driver.stop();
      await server.close();
    },
  };
}
