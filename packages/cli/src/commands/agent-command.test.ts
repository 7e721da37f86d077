import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { CLI_TOKEN, servePool, type ServedPool } from './__fixtures__/served-pool.js';

async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, stderrIsTty: false },
  });
  return { code, stdout, stderr };
}

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

describe('kubenode agent', () => {
  let served: ServedPool;
  beforeAll(async () => {
    // The simulated agents answer for every node; this test's agent watches one of them too
    // and only has to come up and stop cleanly.
    served = await servePool({ nodes: 3, speed: 10, namespace: 'kubenode-system' });
  });
  afterAll(async () => {
    await served.close();
    rmSync(served.dir, { recursive: true, force: true });
  });

  it('watches its node and stops on SIGTERM with exit code 0', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@kubenode/source',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "globalThis.__PACKAGE_VERSION__ = '0.0.0-test'; const { runCli } = await import('./src/run-cli.ts'); process.exitCode = await runCli(process.argv.slice(1));",
        'agent',
        '--node',
        'node-00002',
        '--kubeconfig',
        served.kubeconfig,
        '--no-nsenter',
      ],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/agent on node-00002: watching for step requests/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`the agent did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/SIGTERM: stopping the agent/);
    expect(output).not.toContain(CLI_TOKEN);
  }, 90_000);

  it('documents the kubeconfig lookup in the order the client follows it', async () => {
    const help = await run(['agent', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--kubeconfig <file> kubeconfig file (default: $KUBECONFIG, the in-cluster service account, ~/.kube/config)',
    );
  });

  it('needs a node name (exit 2) and a readable kubeconfig (exit 1)', async () => {
    const usage = await run(['agent', '--kubeconfig', served.kubeconfig]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--node: required/);
    const missing = await run(['agent', '--node', 'n', '--kubeconfig', '/nonexistent/kubeconfig']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--kubeconfig \/nonexistent\/kubeconfig: no such file/);
  });

  it('refuses to start with a journal it cannot read (exit 4), naming the file', async () => {
    const journal = join(served.dir, 'requests.json');
    writeFileSync(journal, 'not a journal');
    const result = await run([
      'agent',
      '--node',
      'node-00001',
      '--kubeconfig',
      served.kubeconfig,
      '--no-nsenter',
      '--journal',
      journal,
    ]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      `the node agent's request journal ${journal} failed: cannot read it: it is not a version 1 journal`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
