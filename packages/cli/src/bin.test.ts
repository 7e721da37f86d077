import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const bin = new URL('../dist/bin.js', import.meta.url).pathname;
const examples = new URL('../../../examples/', import.meta.url).pathname;

describe('the built kubenode binary', () => {
  it('prints problems without a stack trace and exits 1', () => {
    const run = spawnSync(process.execPath, [bin, 'validate', 'invalid-pool.yaml'], {
      cwd: examples,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(4);
    expect(run.stderr).not.toContain('    at ');
    expect(run.stdout).toBe('');
  });

  it('prints a JSON Schema on stdout', () => {
    const run = spawnSync(process.execPath, [bin, 'schema'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).$id).toBe('https://kubenode.dev/schemas/v1alpha1/nodepool.json');
  });
});
