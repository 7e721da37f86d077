import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const bin = new URL(`../${pkg.bin.kubenode}`, import.meta.url).pathname;
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

  it('stops quietly with exit 0 when the reader of stdout goes away (| head)', () => {
    const run = spawnSync(
      'bash',
      [
        '-c',
        'set -o pipefail; "$0" "$1" catalog list --all --output json | head -c 1 >/dev/null',
        process.execPath,
        bin,
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('is a committed file outside dist/, so npm links it on a clean clone before anything is built', () => {
    expect(pkg.bin.kubenode).toBe('./bin/kubenode.js');
    expect(pkg.files).toContain('bin');
  });

  it('says the package is not built, without a stack trace, when dist/ is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(bin, join(dir, 'bin', 'kubenode.js'));
      const run = spawnSync(process.execPath, [join(dir, 'bin', 'kubenode.js'), 'schema'], {
        encoding: 'utf8',
      });
      expect(run.status).toBe(4);
      expect(run.stderr).toBe(
        'kubenode: @kubenode/cli is not built (dist/bin.js is missing); run `npm run build`\n',
      );
      expect(run.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
