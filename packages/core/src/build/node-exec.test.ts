import { describe, expect, it } from 'vitest';
import { ExternalToolError } from '../errors/external-tool-error.js';
import { nodeExec } from './node-exec.js';
import { runTool } from './run-tool.js';

/** The ExternalToolError a promise rejects with (fails the test when it resolves or rejects otherwise). */
async function toolErrorOf(promise: Promise<unknown>): Promise<ExternalToolError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ExternalToolError.isInstance(error), String(error)).toBe(true);
  return error as ExternalToolError;
}

describe('nodeExec', () => {
  it('captures stdout, passes env and stdin, and streams lines', async () => {
    const lines: string[] = [];
    const result = await nodeExec({
      command: 'sh',
      args: ['-c', 'cat; echo "$KUBENODE_X"; echo err >&2'],
      env: { KUBENODE_X: 'from-env' },
      input: 'from-stdin\n',
      onLine: (line, stream) => lines.push(`${stream}:${line}`),
    });
    expect(result).toEqual({
      kind: 'exited',
      exitCode: 0,
      stdout: 'from-stdin\nfrom-env\n',
      stderr: 'err\n',
    });
    expect(lines.sort()).toEqual(['stderr:err', 'stdout:from-env', 'stdout:from-stdin']);
  });

  it('reports a missing executable, an exit code and a timeout', async () => {
    expect(await nodeExec({ command: 'kubenode-no-such-tool', args: [] })).toEqual({ kind: 'not-found' });
    expect(await nodeExec({ command: 'sh', args: ['-c', 'exit 3'] })).toMatchObject({
      kind: 'exited',
      exitCode: 3,
    });
    expect(await nodeExec({ command: 'sleep', args: ['5'], timeoutMs: 50 })).toMatchObject({
      kind: 'timed-out',
    });
  });

  it('rejects with the abort reason when aborted', async () => {
    const controller = new AbortController();
    const running = nodeExec({ command: 'sleep', args: ['5'], signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
  });
});

describe('runTool', () => {
  const tool = { name: 'kubenode-no-such-tool', debianPackage: 'kubenode-pkg', purpose: 'test things' };

  it('turns every failure into an ExternalToolError', async () => {
    const missing = await toolErrorOf(runTool({ exec: nodeExec, tool, args: [] }));
    expect(missing.failure).toBe('missing');
    expect(missing.message).toBe(
      'kubenode-no-such-tool is not installed (install it with: apt-get install kubenode-pkg): needed to test things',
    );
    const failed = await toolErrorOf(
      runTool({
        exec: nodeExec,
        tool: { ...tool, name: 'sh' },
        args: ['-c', 'echo one >&2; echo two >&2; exit 7'],
      }),
    );
    expect(failed.failure).toBe('failed');
    expect(failed.exitCode).toBe(7);
    expect(failed.message).toBe('sh failed with exit code 7: test things\none\ntwo');
    const timeout = await toolErrorOf(
      runTool({ exec: nodeExec, tool: { ...tool, name: 'sleep' }, args: ['5'], timeoutMs: 30 }),
    );
    expect(timeout.failure).toBe('timeout');
    expect(await runTool({ exec: nodeExec, tool: { ...tool, name: 'echo' }, args: ['ok'] })).toBe('ok\n');
  });
});
