// Test support: a generated pool served over HTTP by @kubenode/kubernetes's simulated API
// server (a test double of the Kubernetes API, not Kubernetes), with simulated node agents
// answering the step requests, for the CLI commands that talk to a cluster.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DistroAdapterV1 } from '@kubenode/core';
import { createFlatcar } from '@kubenode/flatcar';
import {
  createKubeClusterClient,
  createSimulatedApiServer,
  loadTrustedKeys,
  startRealtimeDriver,
  startSimulatedNodeAgents,
} from '@kubenode/kubernetes';
import { createScenario, createTestAbImageStrategy, systemClock, type Scenario } from '@kubenode/rollout';
import { KubeConfig } from '@kubernetes/client-node';

/** The bearer token the CLI authenticates with. */
export const CLI_TOKEN = 'token-kubenode-cli-0123456789';
const AGENTS_TOKEN = 'token-agents';

/** A served pool and files for the CLI: a kubeconfig and the NodePool. */
export interface ServedPool {
  readonly scenario: Scenario;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly poolFile: string;
  /** A RolloutPolicy for the served pool. */
  readonly policyFile: string;
  readonly url: string;
  /** An adapter `flatcar` whose update strategy is the simulator's A/B image strategy. */
  readonly adapters: () => DistroAdapterV1[];
  close(): Promise<void>;
}

const CA = readFileSync(new URL('../../../../core/src/__fixtures__/ca.crt', import.meta.url), 'utf8');

/** Serves a `nodes`-node pool named `workers` (speed: virtual ms per wall-clock ms). */
export async function servePool(options: {
  nodes: number;
  speed: number;
  namespace: string;
}): Promise<ServedPool> {
  const scenario = createScenario({
    nodes: options.nodes,
    zones: 3,
    profile: 'lenient',
    seed: 7,
    distro: 'flatcar',
    poolName: 'workers',
    daemonSets: 2,
    unevictable: false,
    utilisation: 0.3,
  });
  const server = createSimulatedApiServer({
    cluster: scenario.cluster,
    tokens: { [CLI_TOKEN]: 'kubenode', [AGENTS_TOKEN]: 'kubenode-agent' },
  });
  await server.listen({});
  const driver = startRealtimeDriver(scenario.engine, { speed: options.speed });
  const agentConfig = new KubeConfig();
  agentConfig.loadFromString(server.kubeconfig(AGENTS_TOKEN));
  const agentClient = createKubeClusterClient({ kubeConfig: agentConfig, qps: 5000, burst: 5000 });
  const agents = startSimulatedNodeAgents({
    cluster: scenario.cluster,
    client: agentClient,
    trust: () => loadTrustedKeys(agentClient, options.namespace),
    // The CLI runs on the system clock, as against a real cluster: the agents judge the step
    // requests' times on the same clock (the nodes' own timings stay compressed).
    clock: systemClock(),
  });
  await agents.ready;
  const dir = mkdtempSync(join(tmpdir(), 'kubenode-cli-kube-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig(CLI_TOKEN), { mode: 0o600 });
  // Real time passes for the CLI: a short settle time; small zones may go down whole.
  const policyFile = join(dir, 'policy.yaml');
  writeFileSync(policyFile, 'maxUnavailable: 2\ncapacityFloor: {percent: 0}\nverify: {readySeconds: 1}\n');
  const poolFile = join(dir, 'pool.yaml');
  writeFileSync(
    poolFile,
    JSON.stringify({
      apiVersion: 'kubenode.dev/v1alpha1',
      kind: 'NodePool',
      metadata: { name: 'workers' },
      spec: {
        distro: 'flatcar',
        kubernetes: {
          version: '1.32.4',
          apiServer: 'https://10.0.0.1:6443',
          caCert: CA,
          bootstrapToken: 'abcdef.0123456789abcdef',
        },
      },
    }),
  );
  // Flatcar as the CLI registers it, with the simulator's A/B image update strategy.
  const adapter: DistroAdapterV1 = { ...createFlatcar(), updates: createTestAbImageStrategy() };
  return {
    scenario,
    dir,
    kubeconfig,
    poolFile,
    policyFile,
    url: server.url,
    adapters: () => [adapter],
    close: async () => {
      await agents.stop();
      agentClient.close();
      await driver.stop();
      await server.close();
    },
  };
}
