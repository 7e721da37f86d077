import { spawn } from 'node:child_process';
import type { ExecFunction, ExecRequest, ExecResult } from './exec-function.js';

const STDERR_TAIL_BYTES = 64 * 1024;

/**
 * The default {@link ExecFunction}: `child_process.spawn` without a shell, stdin from
 * `request.input` (or empty), stdout captured, the last 64 KiB of stderr kept, `LC_ALL=C` so
 * tool output does not depend on the caller's locale. Timeouts kill with SIGKILL.
 */
export const nodeExec: ExecFunction = (request: ExecRequest) =>
  new Promise<ExecResult>((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(request.signal.reason);
      return;
    }
    const child = spawn(request.command, [...request.args], {
      cwd: request.cwd,
      env: { ...process.env, LC_ALL: 'C', ...request.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    let aborted = false;
    const partial = { stdout: '', stderr: '' };
    const emitLines = (chunk: string, stream: 'stdout' | 'stderr') => {
      if (!request.onLine) return;
      const text = partial[stream] + chunk;
      const lines = text.split(/\r?\n|\r/);
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) if (line !== '') request.onLine(line, stream);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      emitLines(chunk.toString('utf8'), 'stdout');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
      emitLines(text, 'stderr');
    });
    child.stdin.on('error', () => {
      // The program may exit without reading its stdin; that is not an error of ours.
    });
    child.stdin.end(request.input ?? '');
    const timer =
      request.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, request.timeoutMs);
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const finish = (result: ExecResult | { error: unknown }) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if ('error' in result) reject(result.error);
      else resolve(result);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EACCES') finish({ kind: 'not-found' });
      else finish({ error });
    });
    child.on('close', (code, signal) => {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (partial[stream] !== '' && request.onLine) request.onLine(partial[stream], stream);
      }
      const out = Buffer.concat(stdout).toString('utf8');
      if (aborted) finish({ error: request.signal?.reason ?? new Error('aborted') });
      else if (timedOut) finish({ kind: 'timed-out', stdout: out, stderr });
      else if (code === null) finish({ kind: 'signalled', signal: signal ?? 'unknown', stdout: out, stderr });
      else finish({ kind: 'exited', exitCode: code, stdout: out, stderr });
    });
  });
