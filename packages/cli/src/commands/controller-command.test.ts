import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClusterClient } from '@kubenode/kubernetes';
import { runCli, type RunCliOptions } from '../run-cli.js';
import { CLI_TOKEN, servePool, type ServedPool } from './__fixtures__/served-pool.js';

async function run(args: string[], options: RunCliOptions = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    ...options,
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, stderrIsTty: false },
  });
  return { code, stdout, stderr };
}

describe('kubenode controller', () => {
  let served: ServedPool;
  beforeAll(async () => {
    served = await servePool({ nodes: 6, speed: 100, namespace: 'kubenode-system' });
  });
  afterAll(async () => {
    await served.close();
    rmSync(served.dir, { recursive: true, force: true });
  });

  it('takes the Lease, runs the rollout, hands the Lease over and exits 0 (--once)', async () => {
    const target = served.scenario.profile.toVersion;
    const { code, stderr } = await run(
      [
        'controller',
        served.poolFile,
        '--kubeconfig',
        served.kubeconfig,
        '--policy',
        served.policyFile,
        '--target',
        target,
        '--identity',
        'replica-1',
        '--metrics-address',
        '127.0.0.1:0',
        '--once',
      ],
      { adapters: served.adapters },
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/replica-1: serving metrics on http:\/\/127\.0\.0\.1:\d+\/metrics/);
    // The Lease lives in --namespace (the manifests grant Leases there only).
    expect(stderr).toMatch(/campaigning for lease kubenode-system\/kubenode-rollout-workers/);
    expect(stderr).toMatch(/replica-1 leads rollout workers-/);
    expect(stderr).toMatch(/rollout workers-\S+ completed: 6 updated, 0 failed, 0 blocked/);
    // Nobody holds the Lease any more: another replica may take over at once.
    const client = createKubeClusterClient({ kubeconfig: served.kubeconfig });
    const lease = await client.getLease('kubenode-system', 'kubenode-rollout-workers');
    client.close();
    expect(lease.spec.holderIdentity ?? '').toBe('');
    expect(stderr).toMatch(/replica-1: stopped/);
    expect(stderr).not.toContain(CLI_TOKEN);
    for (const name of served.scenario.cluster.nodeNames())
      expect(served.scenario.cluster.nodeVersion(name)).toBe(target);
    const elections = served.scenario.cluster.recordedEvents().filter((e) => e.reason === 'LeaderElection');
    expect(elections.map((e) => e.message)).toContain('replica-1 became leader');
  }, 90_000);

  it('rejects a bad --metrics-address (exit 2) and a missing NodePool (exit 1)', async () => {
    const bad = await run([
      'controller',
      served.poolFile,
      '--kubeconfig',
      served.kubeconfig,
      '--metrics-address',
      'nowhere',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--metrics-address: expected host:port/);
    const missing = await run(['controller', '/nonexistent/pool.yaml', '--kubeconfig', served.kubeconfig]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\/nonexistent\/pool\.yaml/);
  });
});
