import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANNOTATIONS, readNodeRecord, type K8sNode } from '@kubenode/rollout';
import { describe, expect, it } from 'vitest';
import { buildPoolScenario } from './support/pool-scenario.js';
import { startReplica, type ReplicaProcess } from './support/replica-process.js';
import { observeRollout } from './support/rollout-figures.js';
import { serveScenario, TOKENS } from './support/serve-scenario.js';
import { makeTestCertificate } from './support/test-tls.js';
import { createScaledClock } from '../src/test-double/scaled-clock.js';

const NODES = 60;
const NAMESPACE = 'kubenode-system';
const SPEED = 100;
const LEASE = 'kubenode-rollout-workers';

async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  return response.text();
}

function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('kubenode controller: two replicas, the leader killed mid-rollout', () => {
  it('the other replica takes the lease and resumes without double-cordoning or losing a node', async () => {
    const scenario = buildPoolScenario({ nodes: NODES, seed: 5 });
    const policyInput = {
      maxUnavailable: '10%',
      verify: { readySeconds: scenario.profile.settleSeconds },
      // Lease timing in virtual seconds: at SPEED 100, 600 s is 6 s of wall-clock time, so a
      // replica the loaded host starves for a moment does not lose the Lease (a failover nobody
      // caused); the successor takes over 6 s after the kill.
      lease: {
        namespace: NAMESPACE,
        durationSeconds: 600,
        renewDeadlineSeconds: 400,
        retryPeriodSeconds: 20,
      },
    };
    const { parseRolloutPolicy } = await import('@kubenode/rollout');
    const observed = observeRollout(scenario, parseRolloutPolicy(policyInput));
    const served = await serveScenario(scenario, {
      speed: SPEED,
      namespace: NAMESPACE,
      strict: true,
      tls: makeTestCertificate(),
    });
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-failover-'));
    const replicas: ReplicaProcess[] = [];
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, served.kubeconfig(TOKENS.kubenode), { mode: 0o600 });
      const config = {
        kubeconfig,
        namespace: NAMESPACE,
        epoch: served.driver.epoch(),
        policy: policyInput,
        target: scenario.profile.toVersion,
      };
      const admin = served.client(TOKENS.admin);
      replicas.push(startReplica('replica-a', config), startReplica('replica-b', config));
      const metricsUrls = await Promise.all(
        replicas.map((r) => r.waitFor(/^metrics (\S+)/, 60_000).then((m) => m[1] as string)),
      );

      // They compete; one wins.
      let holder = '';
      await until(
        async () => {
          holder = (await admin.getLease(NAMESPACE, LEASE).catch(() => undefined))?.spec.holderIdentity ?? '';
          return holder !== '';
        },
        60_000,
        'a leader',
      );
      const leaderIndex = replicas.findIndex((r) => r.identity === holder);
      expect(leaderIndex).toBeGreaterThanOrEqual(0);
      const leader = replicas[leaderIndex] as ReplicaProcess;
      const standby = replicas[1 - leaderIndex] as ReplicaProcess;
      await standby.waitFor(/^ready$/, 60_000);
      await leader.waitFor(/^ready$/, 60_000);

      // Mid-rollout: a third of the pool done, nodes in flight.
      const nodes = async () => (await admin.list('Node')).items;
      const rolloutId = `workers-${scenario.profile.toVersion}`;
      const phaseOf = (node: K8sNode) => readNodeRecord(node, rolloutId).phase;
      const inFlight = (node: K8sNode) =>
        ['draining', 'applying', 'rebooting', 'verifying'].includes(phaseOf(node) ?? '');
      await until(
        async () => {
          const all = await nodes();
          return all.filter((n) => phaseOf(n) === 'done').length >= NODES / 3 && all.some(inFlight);
        },
        120_000,
        () =>
          `a third of the pool done with nodes in flight; the replicas said:\n${replicas.map((r) => `${r.identity}:\n${r.lines.slice(-15).join('\n')}`).join('\n')}`,
      );
      // Still the same leader (no failover nobody caused).
      expect((await admin.getLease(NAMESPACE, LEASE)).spec.holderIdentity).toBe(leader.identity);
      const leaderMetrics = await scrape(metricsUrls[leaderIndex] as string);
      const standbyMetrics = await scrape(metricsUrls[1 - leaderIndex] as string);
      expect(metricValue(leaderMetrics, 'kubenode_controller_leader{pool="workers"}')).toBe(1);
      expect(metricValue(standbyMetrics, 'kubenode_controller_leader{pool="workers"}')).toBe(0);
      expect(
        metricValue(leaderMetrics, 'kubenode_rollout_nodes{pool="workers",phase="done"}'),
      ).toBeGreaterThanOrEqual(NODES / 3);
      expect(leaderMetrics).toMatch(
        /kubenode_rollout_phase_duration_seconds_count\{pool="workers",phase="draining"\} [1-9]/,
      );

      // Kill the leader (no chance to release anything).
      const before = await nodes();
      // Virtual time as the replicas see it (the engine's own clock lags it by up to a driver step).
      const virtualNow = createScaledClock(served.driver.epoch()).now;
      const killStart = virtualNow();
      leader.child.kill('SIGKILL');
      const killed = await leader.exited;
      const killEnd = virtualNow();
      expect(killed.signal).toBe('SIGKILL');
      const flying = before.filter(inFlight).map((n) => ({
        name: n.metadata.name,
        attempts: n.metadata.annotations?.[ANNOTATIONS.attempts],
        phase: phaseOf(n),
      }));
      expect(flying.length).toBeGreaterThan(0);

      // The standby takes over after the lease expires and finishes the rollout.
      await standby.waitFor(new RegExp(`^${standby.identity} leads rollout`), 120_000);
      await standby.waitFor(
        new RegExp(`rollout ${rolloutId} completed: ${NODES} updated, 0 failed, 0 blocked`),
        240_000,
      );
      const lease = await admin.getLease(NAMESPACE, LEASE);
      expect(lease.spec.leaseTransitions).toBeGreaterThanOrEqual(1);
      const standbyFinal = await scrape(metricsUrls[1 - leaderIndex] as string);
      expect(metricValue(standbyFinal, 'kubenode_rollout_nodes{pool="workers",phase="done"}')).toBe(NODES);

      // Graceful stop of the survivor: exit 0, lease handed back.
      standby.child.kill('SIGTERM');
      const stopped = await standby.exited;
      expect(stopped.code).toBe(0);
      // It stopped through runController's shutdown path (not a crash) and reported it.
      expect(standby.lines.some((line) => /^exit \{"runs":[1-9]/.test(line))).toBe(true);
      expect((await admin.getLease(NAMESPACE, LEASE)).spec.holderIdentity).toBe('');

      const after = new Map((await nodes()).map((n) => [n.metadata.name, n]));
      const figures = observed.finish(undefined);
      // Nothing lost: every node updated, done, uncordoned.
      expect(figures.updated).toBe(NODES);
      expect([...after.values()].every((n) => phaseOf(n) === 'done' && n.spec.unschedulable !== true)).toBe(
        true,
      );
      expect(figures.leftCordoned).toBe(0);
      // Safety held across the failover.
      expect(figures.pdbBypasses).toBe(0);
      expect(figures.budgetOverruns).toBe(0);
      // The nodes in flight were resumed, not restarted: same attempt, cordoned once.
      for (const node of flying) {
        expect(after.get(node.name)?.metadata.annotations?.[ANNOTATIONS.attempts]).toBe(node.attempts);
        expect(figures.cordons.get(node.name)).toBe(1);
      }
      // Only the leader acted before the kill, only the successor after it.
      const starts = scenario.cluster
        .recordedEvents()
        .filter((event) => event.reason === 'NodeUpdateStarted')
        .map((event) => ({ by: event.reportingInstance, at: Date.parse(event.firstTimestamp ?? '') }));
      expect(starts.every((s) => s.by === leader.identity || s.by === standby.identity)).toBe(true);
      const leaderStarts = starts.filter((s) => s.by === leader.identity).map((s) => s.at);
      const standbyStarts = starts.filter((s) => s.by === standby.identity).map((s) => s.at);
      expect(standbyStarts.length).toBeGreaterThan(0);
      // Event times have whole seconds: the leader's last start is at most a second before it died ...
      expect(Math.max(...leaderStarts)).toBeLessThanOrEqual(killEnd);
      // ... and the successor started nothing while it lived (it waited for the Lease to expire).
      expect(Math.min(...standbyStarts)).toBeGreaterThanOrEqual(killStart);
      // Leader election Events on the Lease, one per leader.
      const elections = scenario.cluster
        .recordedEvents()
        .filter((event) => event.reason === 'LeaderElection');
      expect(elections.map((event) => event.message)).toEqual(
        expect.arrayContaining([`${leader.identity} became leader`, `${standby.identity} became leader`]),
      );
    } finally {
      for (const replica of replicas)
        if (replica.child.exitCode === null && replica.child.signalCode === null)
          replica.child.kill('SIGKILL');
      await Promise.all(replicas.map((r) => r.exited));
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
