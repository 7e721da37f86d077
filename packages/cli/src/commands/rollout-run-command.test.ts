import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type RunCliOptions } from '../run-cli.js';
import { CLI_TOKEN, servePool, type ServedPool } from './__fixtures__/served-pool.js';

const NAMESPACE = 'kubenode-system';
const CA = readFileSync(new URL('../../../core/src/__fixtures__/ca.crt', import.meta.url), 'utf8');

async function run(args: string[], options: RunCliOptions = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    ...options,
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, stderrIsTty: false },
  });
  return { code, stdout, stderr };
}

describe('kubenode rollout run', () => {
  let served: ServedPool;
  beforeAll(async () => {
    served = await servePool({ nodes: 6, speed: 100, namespace: NAMESPACE });
  });
  afterAll(async () => {
    await served.close();
    rmSync(served.dir, { recursive: true, force: true });
  });

  it('updates the pool on the cluster and exits 0', async () => {
    const target = served.scenario.profile.toVersion;
    const { code, stdout, stderr } = await run(
      [
        'rollout',
        'run',
        served.poolFile,
        '--kubeconfig',
        served.kubeconfig,
        '--pool',
        'kubenode.dev/pool=workers',
        '--policy',
        served.policyFile,
        '--target',
        target,
        '--output',
        'json',
      ],
      { adapters: served.adapters },
    );
    expect(stderr).not.toContain(CLI_TOKEN);
    expect(code, stderr + stdout).toBe(0);
    const result = JSON.parse(stdout) as { outcome: string; nodes: { updated: string[] } };
    expect(result.outcome).toBe('completed');
    expect(result.nodes.updated).toHaveLength(6);
    for (const name of served.scenario.cluster.nodeNames())
      expect(served.scenario.cluster.nodeVersion(name)).toBe(target);
    expect(stderr).toMatch(/rollout workers-/);
  }, 90_000);

  it('a second run resumes the finished rollout: exit 0, no node disrupted again', async () => {
    let cordons = 0;
    served.scenario.cluster.observeNodes((node) => {
      if (node.unschedulable) cordons++;
    });
    const { code, stdout } = await run(
      [
        'rollout',
        'run',
        served.poolFile,
        '--kubeconfig',
        served.kubeconfig,
        '--policy',
        served.policyFile,
        '--target',
        served.scenario.profile.toVersion,
      ],
      { adapters: served.adapters },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/: completed/);
    expect(stdout).toMatch(/failed +0/);
    // The rollout's state lives on the nodes: nothing was drained again.
    expect(cordons).toBe(0);
  }, 90_000);
});

describe('kubenode rollout run: bad kubeconfigs and unreachable clusters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubenode-cli-kubeconfig-'));
  const SECRET = 'sekret-token-5f2a9c0e7b';
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const pool = file(
    'pool.json',
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
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = (server: string | undefined, extra = '') =>
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: c`,
      `  cluster:`,
      ...(server ? [`    server: ${server}`] : ['    insecure-skip-tls-verify: true']),
      'users:',
      '- name: u',
      '  user:',
      `    token: ${SECRET}`,
      'contexts:',
      '- name: ctx',
      '  context: {cluster: c, user: u}',
      'current-context: ctx',
      extra,
    ].join('\n');

  const expectClean = (result: { stdout: string; stderr: string }) => {
    expect(result.stderr).not.toContain(SECRET);
    expect(result.stdout).not.toContain(SECRET);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toMatch(/internal error/);
  };

  it('a missing kubeconfig file: exit 1 naming the file', async () => {
    const missing = join(dir, 'nope.yaml');
    const result = await run(['rollout', 'run', pool, '--kubeconfig', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--kubeconfig ${missing}: no such file`);
    expectClean(result);
  });

  it('a kubeconfig whose cluster has no server: exit 1 naming the file and the field', async () => {
    const path = file('no-server.yaml', kubeconfig(undefined));
    const result = await run(['rollout', 'run', pool, '--kubeconfig', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(/server/);
    expectClean(result);
  });

  it('a kubeconfig that is not YAML: exit 1 naming the file, without echoing its token', async () => {
    const path = file('broken.yaml', `${kubeconfig('https://127.0.0.1:1')}\n  token: [${SECRET}\n:::`);
    const result = await run(['rollout', 'run', pool, '--kubeconfig', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(path);
    expectClean(result);
  });

  it('a context the kubeconfig does not have: exit 1 listing the contexts it has', async () => {
    const path = file('ok.yaml', kubeconfig('https://127.0.0.1:1'));
    const result = await run(['rollout', 'run', pool, '--kubeconfig', path, '--context', 'prod']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/context "prod": not found .* "ctx"/);
    expectClean(result);
  });

  it('an unreachable API server: exit 4 naming the server', async () => {
    const path = file('unreachable.yaml', kubeconfig('https://127.0.0.1:9'));
    const result = await run(['rollout', 'run', pool, '--kubeconfig', path]);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(/the Kubernetes API server at https:\/\/127\.0\.0\.1:9 is unreachable/);
    expectClean(result);
  }, 60_000);

  it('a plain-HTTP server without insecure-skip-tls-verify: exit 1 naming the server', async () => {
    const path = file('http.yaml', kubeconfig('http://127.0.0.1:9'));
    const result = await run(['rollout', 'run', pool, '--kubeconfig', path]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/kubeconfig cluster http:\/\/127\.0\.0\.1:9: HTTP protocol is not allowed/);
    expectClean(result);
  }, 60_000);

  it('usage errors: a bad selector or budget is exit 2', async () => {
    const path = file('ok2.yaml', kubeconfig('https://127.0.0.1:1'));
    expect((await run(['rollout', 'run', pool, '--kubeconfig', path, '--pool', 'a in (b'])).code).toBe(2);
    expect(
      (await run(['rollout', 'run', pool, '--kubeconfig', path, '--max-unavailable', 'many'])).code,
    ).toBe(2);
    expect((await run(['rollout', 'run', '--kubeconfig', path])).code).toBe(2);
    const zero = await run(['rollout', 'run', pool, '--kubeconfig', path, '--max-unavailable', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--max-unavailable: expected a node count or a percentage such as 10%');
  });
});
