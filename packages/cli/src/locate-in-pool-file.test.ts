import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecValidationError, type DistroAdapterV1, type NodePool } from '@kubenode/core';
import { runCli } from './run-cli.js';
import { testAdapter } from './__fixtures__/test-adapter.js';

const examples = new URL('../../../examples/', import.meta.url).pathname;

/** An adapter that, like parseAdapterOptions, reports problems in its options against the pool's name. */
function strictAdapter(): DistroAdapterV1 {
  return testAdapter('strict', {
    provision(pool: NodePool) {
      throw new SpecValidationError({
        issues: [
          {
            path: ['spec', 'adapterOptions', 'strict', 'machine'],
            code: 'invalid_type',
            message: 'required field is missing (expected object)',
          },
          { path: ['spec', 'kubernetes', 'maxPods'], code: 'too_big', message: 'expected at most 100' },
        ],
        source: pool.metadata.name,
      });
    },
  });
}

describe('problems an adapter finds after the pool was read', () => {
  it('are reported against the file, at the line of the field or its nearest parent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-locate-'));
    const text = readFileSync(join(examples, 'minimal-pool.yaml'), 'utf8').replace(
      'distro: flatcar',
      'distro: strict',
    );
    writeFileSync(
      join(dir, 'pool.yaml'),
      `${text}    maxPods: 250\n  adapterOptions:\n    strict:\n      other: 1\n`,
    );
    const lines = text.split('\n').length;
    let stdout = '';
    let stderr = '';
    const code = await runCli(['render', 'pool.yaml'], {
      io: {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        env: {},
        cwd: dir,
        stderrIsTty: false,
      },
      adapters: () => [strictAdapter()],
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `error: pool.yaml:${lines + 2}:5: spec.adapterOptions.strict.machine: required field is missing (expected object)`,
        `error: pool.yaml:${lines}:5: spec.kubernetes.maxPods: expected at most 100`,
        '',
      ].join('\n'),
    );
  });
});
