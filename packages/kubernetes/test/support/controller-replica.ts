// One replica of `kubenode controller` for the failover test: the same runController() the CLI
// runs, over the real Kubernetes client, on a clock compressed like the served simulator's.
// Configured by the KUBENODE_REPLICA environment variable (JSON); SIGTERM stops it gracefully.
import type { RolloutStatusTracker } from '../../src/controller/rollout-status-tracker.js';

(globalThis as { __PACKAGE_VERSION__?: string }).__PACKAGE_VERSION__ ??= '0.0.0-test';

interface ReplicaConfig {
  readonly kubeconfig: string;
  readonly identity: string;
  readonly namespace: string;
  readonly epoch: { readonly wallMs: number; readonly virtualMs: number; readonly speed: number };
  readonly policy: unknown;
  readonly target: string;
}

const config = JSON.parse(process.env.KUBENODE_REPLICA ?? '{}') as ReplicaConfig;
const { createTestAbImageStrategy, parseRolloutPolicy, simulatedPool } = await import('@kubenode/rollout');
const { createKubeClusterClient } = await import('../../src/client/kube-cluster-client.js');
const { ControllerMetrics } = await import('../../src/controller/controller-metrics.js');
const { startControllerHttpServer } = await import('../../src/controller/controller-http-server.js');
const { runController } = await import('../../src/controller/run-controller.js');
const { createScaledClock } = await import('../../src/test-double/scaled-clock.js');
type Tracker = RolloutStatusTracker;

const metrics = new ControllerMetrics({ processMetrics: false });
const client = createKubeClusterClient({
  kubeconfig: config.kubeconfig,
  qps: 500,
  burst: 1000,
  onRequest: (record) => metrics.recordRequest(record),
});
const clock = createScaledClock(config.epoch);
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort(new Error('SIGTERM')));
let tracker: Tracker | undefined;
const http = await startControllerHttpServer({
  metrics,
  status: () => tracker?.summary() ?? {},
  ready: () => tracker?.ready ?? false,
  address: '127.0.0.1:0',
});
console.log(`metrics ${http.url}`);
const exit = await runController(
  {
    client,
    pool: simulatedPool({ name: 'workers', distro: 'flatcar' }),
    strategy: createTestAbImageStrategy(),
    policy: parseRolloutPolicy(config.policy),
    target: { version: config.target },
    identity: config.identity,
    namespace: config.namespace,
    clock,
    metrics,
    recheckSeconds: 86_400,
    // Agent deadlines are virtual seconds: at 100× the default 60 s acknowledgement deadline is
    // 0.6 s of wall-clock time, which a loaded CI host can miss (a node failure nobody caused).
    agent: { ackTimeoutSeconds: 3000, graceSeconds: 3000 },
    log: (line) => console.log(line),
    onReady: (ready) => {
      tracker = ready;
      console.log('ready');
    },
  },
  stop.signal,
);
console.log(
  `exit ${JSON.stringify({ runs: exit.runs, outcome: exit.last?.outcome ?? null, released: exit.releasedLease })}`,
);
await http.close();
client.close();
