import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPoolScenario } from './support/pool-scenario.js';
import { makeTestCertificate } from './support/test-tls.js';
import { serveScenario, TOKENS, type ServedScenario } from './support/serve-scenario.js';

const run = promisify(execFile);

/** Runs Debian's kubectl (package kubernetes-client); fails, never skips, when it is missing. */
async function kubectl(kubeconfig: string, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('kubectl', ['--kubeconfig', kubeconfig, ...args], { timeout: 60_000 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        'kubectl is not installed (Debian package kubernetes-client): apt-get install kubernetes-client',
      );
    throw error;
  }
}

describe("Debian's kubectl against the served simulator (a test double, not Kubernetes)", () => {
  const NODES = 5;
  let served: ServedScenario;
  let dir: string;
  let kubeconfig: string;
  beforeAll(async () => {
    served = await serveScenario(buildPoolScenario({ nodes: NODES, seed: 3 }), {
      speed: 10,
      namespace: 'kubenode-system',
      // HTTPS, as kubectl talks to a real API server (the kubeconfig trusts this certificate).
      tls: makeTestCertificate(),
    });
    dir = mkdtempSync(join(tmpdir(), 'kubenode-kubectl-'));
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, served.kubeconfig(TOKENS.admin), { mode: 0o600 });
  });
  afterAll(async () => {
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl get nodes lists every node, Ready, with its version', async () => {
    const table = await kubectl(kubeconfig, 'get', 'nodes');
    const lines = table.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    const rows = lines.slice(1).map((line) => line.split(/\s+/));
    expect(rows.map((row) => row[0])).toEqual(
      [...Array(NODES).keys()].map((i) => `node-${String(i + 1).padStart(5, '0')}`),
    );
    for (const row of rows) expect(row[1]).toBe('Ready');
  }, 60_000);

  it('kubectl get nodes -o json and a label selector read the same objects the client reads', async () => {
    const json = JSON.parse(
      await kubectl(kubeconfig, 'get', 'nodes', '-l', 'kubenode.dev/pool=workers', '-o', 'json'),
    ) as { items: { metadata: { name: string; labels: Record<string, string> } }[] };
    const viaClient = await served.client(TOKENS.admin).list('Node');
    expect(json.items.map((n) => n.metadata.name)).toEqual(viaClient.items.map((n) => n.metadata.name));
    expect(json.items.every((n) => n.metadata.labels['kubenode.dev/pool'] === 'workers')).toBe(true);
    const none = await kubectl(kubeconfig, 'get', 'nodes', '-l', 'kubenode.dev/pool=nope', '-o', 'name');
    expect(none.trim()).toBe('');
  }, 60_000);

  it('kubectl cordon goes through the same API: the node is unschedulable in the simulator', async () => {
    await kubectl(kubeconfig, 'cordon', 'node-00002');
    const node = (await served.client(TOKENS.admin).list('Node')).items.find(
      (n) => n.metadata.name === 'node-00002',
    );
    expect(node?.spec.unschedulable).toBe(true);
    await kubectl(kubeconfig, 'uncordon', 'node-00002');
  }, 60_000);
});
