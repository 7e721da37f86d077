import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { KubeRequestRecord } from '../client/kube-http-transport.js';

/** Buckets of phase and cycle durations: 5 s to 4 h. */
const DURATION_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400];

/**
 * The controller's Prometheus metrics (prom-client, in a registry of their own):
 *
 * - `kubenode_rollout_phase_duration_seconds{pool,phase}` histogram: time nodes spent in each
 *   phase (staging, staged, draining, applying, rebooting, verifying, rolling-back);
 * - `kubenode_rollout_node_cycle_seconds{pool}` histogram: cordon to back in service, per updated node;
 * - `kubenode_rollout_nodes{pool,phase}` gauge: the pool's nodes per phase (`pending` = not yet touched);
 * - `kubenode_rollout_paused{pool}`, `kubenode_rollout_halted{pool}` gauges;
 * - `kubenode_rollout_runs_total{pool,outcome}` counter: finished executor runs;
 * - `kubenode_controller_leader{pool}` gauge: 1 while this replica holds the rollout Lease;
 * - `kubenode_kube_api_requests_total{verb,code}` counter and
 *   `kubenode_kube_api_request_duration_seconds{verb}` histogram: the controller's API load;
 * - `kubenode_kube_api_rate_limiter_wait_seconds_total` counter: time spent client-side throttled;
 * - Node.js process metrics with the `kubenode_` prefix.
 */
export class ControllerMetrics {
  readonly registry = new Registry();
  readonly phaseDuration: Histogram<'pool' | 'phase'>;
  readonly nodeCycle: Histogram<'pool'>;
  readonly nodes: Gauge<'pool' | 'phase'>;
  readonly paused: Gauge<'pool'>;
  readonly halted: Gauge<'pool'>;
  readonly runs: Counter<'pool' | 'outcome'>;
  readonly leader: Gauge<'pool'>;
  readonly apiRequests: Counter<'verb' | 'code'>;
  readonly apiDuration: Histogram<'verb'>;
  readonly apiThrottled: Counter;

  constructor(options: { readonly processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.phaseDuration = new Histogram({
      name: 'kubenode_rollout_phase_duration_seconds',
      help: 'Time nodes spent in each rollout phase.',
      labelNames: ['pool', 'phase'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.nodeCycle = new Histogram({
      name: 'kubenode_rollout_node_cycle_seconds',
      help: 'Per updated node: from its cordon to back in service on the new version.',
      labelNames: ['pool'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.nodes = new Gauge({
      name: 'kubenode_rollout_nodes',
      help: 'Nodes of the pool per rollout phase (pending: not touched yet).',
      labelNames: ['pool', 'phase'],
      registers,
    });
    this.paused = new Gauge({
      name: 'kubenode_rollout_paused',
      help: '1 while the rollout is paused.',
      labelNames: ['pool'],
      registers,
    });
    this.halted = new Gauge({
      name: 'kubenode_rollout_halted',
      help: '1 while the rollout is halted by its failure budget.',
      labelNames: ['pool'],
      registers,
    });
    this.runs = new Counter({
      name: 'kubenode_rollout_runs_total',
      help: 'Executor runs that finished, by outcome.',
      labelNames: ['pool', 'outcome'],
      registers,
    });
    this.leader = new Gauge({
      name: 'kubenode_controller_leader',
      help: '1 while this replica holds the rollout Lease.',
      labelNames: ['pool'],
      registers,
    });
    this.apiRequests = new Counter({
      name: 'kubenode_kube_api_requests_total',
      help: 'Kubernetes API requests, by verb and HTTP status (0: no answer).',
      labelNames: ['verb', 'code'],
      registers,
    });
    this.apiDuration = new Histogram({
      name: 'kubenode_kube_api_request_duration_seconds',
      help: 'Kubernetes API request latency (watches: how long the stream lasted).',
      labelNames: ['verb'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    });
    this.apiThrottled = new Counter({
      name: 'kubenode_kube_api_rate_limiter_wait_seconds_total',
      help: 'Time requests waited for the client-side rate limiter.',
      registers,
    });
    if (options.processMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'kubenode_' });
  }

  /** Records one API request (pass as the client's `onRequest`). */
  recordRequest(record: KubeRequestRecord): void {
    this.apiRequests.inc({ verb: record.verb, code: String(record.code) });
    this.apiDuration.observe({ verb: record.verb }, record.durationMs / 1000);
    if (record.throttledMs > 0) this.apiThrottled.inc(record.throttledMs / 1000);
  }

  /** The exposition text. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The exposition content type. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
