import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportError } from './report-error.js';

function systemError(): unknown {
  try {
    readFileSync('/nonexistent-kubenode-dir/pool.yaml');
  } catch (error) {
    return error;
  }
  throw new Error('expected readFileSync to fail');
}

describe('reportError', () => {
  it('reports a failed system call as an external failure (exit 4), not as a kubenode bug', () => {
    const report = reportError(systemError());
    expect(report).toEqual({
      exitCode: 4,
      lines: ['error: /nonexistent-kubenode-dir/pool.yaml: open failed (no such file or directory)'],
    });
  });

  it('still reports anything else unexpected as an internal error', () => {
    const report = reportError(new TypeError('x is undefined'));
    expect(report.exitCode).toBe(1);
    expect(report.lines[0]).toBe('internal error: x is undefined');
  });
});
