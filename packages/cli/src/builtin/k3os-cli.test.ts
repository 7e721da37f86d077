import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { runCli } from '../run-cli.js';
import { createK3os } from '@kubenode/k3os';

const examples = new URL('../../../../examples/', import.meta.url).pathname;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    adapters: () => [createK3os()],
    io: {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { NO_COLOR: '1' },
      cwd: examples,
      stderrIsTty: false,
    },
  });
  return { code, stdout, stderr };
}

describe('kubenode with the k3OS adapter', () => {
  it('renders the example pool, warning that k3OS is end of life', async () => {
    const { code, stdout, stderr } = await run(['render', 'k3os-pool.yaml']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: k3OS is end of life/m);
    expect(stderr).not.toContain('0123456789abcdef');
    const config = parse(stdout, { version: '1.1' });
    expect(config.k3os.server_url).toBe('https://10.0.0.1:6443');
    expect(config.k3os.labels).toEqual({ pool: 'edge', 'k3os.io/upgrade': 'disabled' });
    expect(config.hostname).toBe('edge-01');
  });

  it('validates the example pool, with the end-of-life warning', async () => {
    const { code, stdout, stderr } = await run(['validate', 'k3os-pool.yaml', '--output', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ valid: true, distro: 'k3os', outputIssues: [] });
    expect(report.warnings.map((warning: { code: string }) => warning.code)).toEqual(['end-of-life']);
    expect(stderr).toMatch(/^warning: k3OS is end of life/m);
  });

  it('exits 3 for systemd units (OpenRC), naming the alternative', async () => {
    const { code, stdout, stderr } = await run(['render', 'full-pool.yaml', '--distro', 'k3os']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^error: spec\.os\.units: k3OS runs OpenRC, not systemd on k3os; instead: an OpenRC service/m,
    );
    expect(stderr).not.toContain('    at ');
  });
});
