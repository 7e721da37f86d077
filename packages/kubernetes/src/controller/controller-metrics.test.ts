import { describe, expect, it } from 'vitest';
import { ControllerMetrics } from './controller-metrics.js';

/** The value of one series in the exposition text (`name{labels}`), undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ControllerMetrics', () => {
  it('declares every metric with HELP and TYPE in the Prometheus text format', async () => {
    const text = await new ControllerMetrics({ processMetrics: false }).text();
    const declared = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => `${name} ${type}`);
    expect(declared.sort()).toEqual(
      [
        'kubenode_controller_leader gauge',
        'kubenode_kube_api_rate_limiter_wait_seconds_total counter',
        'kubenode_kube_api_request_duration_seconds histogram',
        'kubenode_kube_api_requests_total counter',
        'kubenode_rollout_halted gauge',
        'kubenode_rollout_node_cycle_seconds histogram',
        'kubenode_rollout_nodes gauge',
        'kubenode_rollout_paused gauge',
        'kubenode_rollout_phase_duration_seconds histogram',
        'kubenode_rollout_runs_total counter',
      ].sort(),
    );
    for (const name of declared.map((entry) => entry.split(' ')[0]))
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S.+$`, 'm'));
  });

  it('counts API requests by verb and code, their latency, and the time throttled', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    metrics.recordRequest({ verb: 'get', code: 200, durationMs: 20, throttledMs: 0 });
    metrics.recordRequest({ verb: 'get', code: 200, durationMs: 300, throttledMs: 0 });
    metrics.recordRequest({ verb: 'patch', code: 409, durationMs: 4, throttledMs: 250 });
    metrics.recordRequest({ verb: 'list', code: 0, durationMs: 30_000, throttledMs: 1500 });
    const text = await metrics.text();
    expect(sample(text, 'kubenode_kube_api_requests_total{verb="get",code="200"}')).toBe(2);
    expect(sample(text, 'kubenode_kube_api_requests_total{verb="patch",code="409"}')).toBe(1);
    expect(sample(text, 'kubenode_kube_api_requests_total{verb="list",code="0"}')).toBe(1);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_bucket{le="0.025",verb="get"}')).toBe(1);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_bucket{le="0.5",verb="get"}')).toBe(2);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_bucket{le="+Inf",verb="get"}')).toBe(2);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_sum{verb="get"}')).toBeCloseTo(0.32, 9);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_count{verb="get"}')).toBe(2);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_bucket{le="10",verb="list"}')).toBe(0);
    expect(sample(text, 'kubenode_kube_api_request_duration_seconds_bucket{le="30",verb="list"}')).toBe(1);
    expect(sample(text, 'kubenode_kube_api_rate_limiter_wait_seconds_total')).toBeCloseTo(1.75, 9);
  });

  it('exposes rollout gauges, counters and phase histograms as recorded', async () => {
    const metrics = new ControllerMetrics({ processMetrics: false });
    metrics.nodes.set({ pool: 'workers', phase: 'pending' }, 7);
    metrics.leader.set({ pool: 'workers' }, 1);
    metrics.runs.inc({ pool: 'workers', outcome: 'completed' });
    metrics.phaseDuration.observe({ pool: 'workers', phase: 'draining' }, 90);
    metrics.nodeCycle.observe({ pool: 'workers' }, 650);
    const text = await metrics.text();
    expect(sample(text, 'kubenode_rollout_nodes{pool="workers",phase="pending"}')).toBe(7);
    expect(sample(text, 'kubenode_controller_leader{pool="workers"}')).toBe(1);
    expect(sample(text, 'kubenode_rollout_runs_total{pool="workers",outcome="completed"}')).toBe(1);
    expect(
      sample(text, 'kubenode_rollout_phase_duration_seconds_bucket{le="60",pool="workers",phase="draining"}'),
    ).toBe(0);
    expect(
      sample(
        text,
        'kubenode_rollout_phase_duration_seconds_bucket{le="120",pool="workers",phase="draining"}',
      ),
    ).toBe(1);
    expect(sample(text, 'kubenode_rollout_phase_duration_seconds_sum{pool="workers",phase="draining"}')).toBe(
      90,
    );
    expect(sample(text, 'kubenode_rollout_node_cycle_seconds_bucket{le="900",pool="workers"}')).toBe(1);
    expect(sample(text, 'kubenode_rollout_node_cycle_seconds_bucket{le="600",pool="workers"}')).toBe(0);
  });

  it('adds Node.js process metrics with the kubenode_ prefix unless turned off; instances do not collide', async () => {
    const withProcess = new ControllerMetrics();
    const another = new ControllerMetrics();
    const text = await withProcess.text();
    expect(text).toMatch(/^kubenode_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^kubenode_nodejs_heap_size_used_bytes \d/m);
    expect(await another.text()).toMatch(/^kubenode_process_resident_memory_bytes \d/m);
    expect(await new ControllerMetrics({ processMetrics: false }).text()).not.toContain('kubenode_process_');
    expect(withProcess.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});
