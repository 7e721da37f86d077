import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

import { runCli } from '../run-cli.js';
import { createGardenLinux } from '@kubenode/gardenlinux';

const examples = new URL('../../../../examples/', import.meta.url).pathname;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    adapters: () => [createGardenLinux()],
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

describe('kubenode with the Garden Linux adapter', () => {
  it('renders the Gardener example: OperatingSystemConfig and Shoot patch, each Shoot field named', async () => {
    const out = mkdtempSync(join(tmpdir(), 'kubenode-gardenlinux-cli-'));
    try {
      const { code, stderr } = await run(['render', 'gardenlinux-pool.yaml', '-o', out]);
      expect(code).toBe(0);
      expect(stderr).toMatch(/^warning: spec\.kubernetes: Gardener joins the node/m);
      expect(stderr).toMatch(/^warning: spec\.kubernetes\.nodeLabels: belongs to the Shoot/m);
      expect(stderr).not.toContain('abcdef.0123456789abcdef');
      const osc = parse(readFileSync(join(out, 'operatingsystemconfig.yaml'), 'utf8'));
      expect(osc).toMatchObject({
        kind: 'OperatingSystemConfig',
        spec: { type: 'gardenlinux', purpose: 'reconcile' },
      });
      const shoot = parse(readFileSync(join(out, 'shoot-patch.yaml'), 'utf8'));
      expect(shoot.spec.provider.workers[0]).toMatchObject({
        name: 'gl-workers',
        labels: { pool: 'gl' },
        updateStrategy: 'AutoInPlaceUpdate',
      });
      expect(statSync(join(out, 'shoot-patch.yaml')).isFile()).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('validates a standalone render with cloud-init (the default flavour) and passes', async () => {
    const { code, stdout } = await run([
      'validate',
      'minimal-pool.yaml',
      '--distro',
      'gardenlinux',
      '--output',
      'json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ valid: true, distro: 'gardenlinux', outputIssues: [] });
  });

  it('exits 3 for what Garden Linux cannot express, naming the alternative', async () => {
    const { code, stdout, stderr } = await run(['render', 'full-pool.yaml', '--distro', 'gardenlinux']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: spec\.os\.[a-zA-Z.]+: .* on gardenlinux; instead: /m);
    expect(stderr).not.toContain('    at ');
  });
});
