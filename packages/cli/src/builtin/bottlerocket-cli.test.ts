import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';

import { runCli } from '../run-cli.js';
import { createBottlerocket } from '@kubenode/bottlerocket';

const examples = new URL('../../../../examples/', import.meta.url).pathname;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    adapters: () => [createBottlerocket()],
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

describe('kubenode with the Bottlerocket adapter', () => {
  it('renders the example pool to user-data TOML on stdout', async () => {
    const { code, stdout, stderr } = await run(['render', 'bottlerocket-pool.yaml']);
    expect(stderr).not.toMatch(/^error/m);
    expect(code).toBe(0);
    const settings = (parse(stdout) as { settings: Record<string, Record<string, unknown>> }).settings;
    expect(settings.kubernetes!['api-server']).toBe('https://10.0.0.1:6443');
    expect(settings.kubernetes!['node-labels']).toEqual({ pool: 'vsphere', 'node.example.com/tier': 'gold' });
    expect(settings.kernel).toMatchObject({
      lockdown: 'integrity',
      sysctl: { 'vm.max_map_count': '262144' },
    });
    expect(settings['host-containers']).toMatchObject({
      control: { enabled: false },
      admin: { enabled: true },
    });
    expect(stdout).toMatch(/^# variant: vmware-k8s-1\.31$/m);
  });

  it('validates the example pool', async () => {
    const { code, stdout } = await run(['validate', 'bottlerocket-pool.yaml', '--output', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      valid: true,
      distro: 'bottlerocket',
      outputIssues: [],
      artifacts: ['user-data.toml'],
    });
  });

  it('exits 3 for a field Bottlerocket cannot take, naming the field and the alternative, without secrets', async () => {
    const { code, stdout, stderr } = await run(['render', 'full-pool.yaml', '--distro', 'bottlerocket']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^error: spec\.runtime\.sandboxImage: Bottlerocket ships its pause image; .* on bottlerocket; instead: drop spec\.runtime\.sandboxImage/m,
    );
    expect(stderr.split('\n').filter((line) => line.startsWith('error:'))).toHaveLength(1);
    expect(stderr).not.toContain('0123456789abcdef');
    expect(stderr).not.toContain('    at ');
  });

  it('exits 3 for host files, with the bootstrap-container alternative', async () => {
    const files = await run(['render', 'k3os-pool.yaml', '--distro', 'bottlerocket']);
    expect(files.code).toBe(3);
    expect(files.stderr).toMatch(/^error: spec\.os\.files: .* instead: a bootstrap container/m);
  });

  it('exits 1 for a pool an AWS variant cannot join (no cluster name)', async () => {
    const { code, stderr } = await run([
      'render',
      'minimal-pool.yaml',
      '--distro',
      'bottlerocket',
      '--platform',
      'aws',
    ]);
    // The minimal pool has no cluster name, which AWS variants need: an input error, not a refusal.
    expect(code).toBe(1);
    expect(stderr).toMatch(/spec\.kubernetes\.clusterName: required for aws-k8s-1\.32/);
  });
});
