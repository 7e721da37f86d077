import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpdateStepV1 } from '@kubenode/core';
import { ExternalToolError } from '@kubenode/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHostStepRunner } from './host-step-runner.js';

// Real processes, run directly (`nsenter: false`) or through a stand-in for nsenter that records
// its arguments: entering PID 1's namespaces needs a privileged host, which tests do not have.
// Deadlines are fractions of a second, so no test waits long.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubenode-host-step-runner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function step(
  command: readonly string[],
  timeoutSeconds = 10,
  phase: UpdateStepV1['phase'] = 'apply',
): UpdateStepV1 {
  return { phase, description: 'test step', command, timeoutSeconds, whileServing: false };
}

const never = new AbortController().signal;

describe('createHostStepRunner: run', () => {
  it('runs the argv and reports exit code, stdout and stderr', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const result = await runner.run(
      step(['sh', '-c', 'printf "out 1\\nout 2\\n"; printf "err\\n" >&2; exit 3']),
      never,
    );
    expect(result).toEqual({
      exitCode: 3,
      stdout: 'out 1\nout 2\n',
      stderr: 'err\n',
      timedOut: false,
      truncated: false,
    });
  });

  it('passes each argv element as one argument, without a shell', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const result = await runner.run(step(['printf', '[%s]', 'a b', '$HOME', '"q"; rm -rf /nope']), never);
    expect(result.stdout).toBe('[a b][$HOME]["q"; rm -rf /nope]');
  });

  it('gives the command a clean environment: PATH and LC_ALL=C, or exactly the one configured', async () => {
    const clean = await createHostStepRunner({ nsenter: false }).run(step(['env']), never);
    expect(clean.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'LC_ALL=C',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]);
    const custom = await createHostStepRunner({ nsenter: false, env: { PATH: '/usr/bin:/bin', X: '1' } }).run(
      step(['env']),
      never,
    );
    expect(custom.stdout.split('\n').filter(Boolean).sort()).toEqual(['PATH=/usr/bin:/bin', 'X=1']);
  });

  it('runs the command through nsenter into PID 1 namespaces by default', async () => {
    const recorded = join(dir, 'nsenter-args');
    const fakeNsenter = join(dir, 'nsenter');
    // Records its arguments, then runs what follows `--`, as nsenter does once in the namespaces.
    await writeFile(
      fakeNsenter,
      `#!/bin/sh\nprintf '%s\\n' "$@" > '${recorded}'\nwhile [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n`,
    );
    await chmod(fakeNsenter, 0o755);
    const result = await createHostStepRunner({ nsenterPath: fakeNsenter }).run(
      step(['sh', '-c', 'echo in the host; exit 4']),
      never,
    );
    expect(result).toMatchObject({ exitCode: 4, stdout: 'in the host\n' });
    expect((await readFile(recorded, 'utf8')).split('\n')).toEqual([
      '--target',
      '1',
      '--mount',
      '--uts',
      '--ipc',
      '--net',
      '--pid',
      '--',
      'sh',
      '-c',
      'echo in the host; exit 4',
      '',
    ]);
    await createHostStepRunner({ nsenterPath: fakeNsenter, targetPid: 4242 }).run(step(['true']), never);
    expect((await readFile(recorded, 'utf8')).split('\n').slice(0, 2)).toEqual(['--target', '4242']);
  });

  it('kills the command at its deadline and reports timedOut (SIGTERM: 143)', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const result = await runner.run(step(['sh', '-c', 'echo started; exec sleep 30'], 0.2), never);
    expect(result).toEqual({
      exitCode: 143,
      stdout: 'started\n',
      stderr: '',
      timedOut: true,
      truncated: false,
    });
  });

  it('kills the whole process group, so a background child holding the output does not keep it open', async () => {
    const runner = createHostStepRunner({ nsenter: false, killGraceSeconds: 30 });
    const result = await runner.run(step(['sh', '-c', 'sleep 30 & sleep 30 & wait'], 0.2), never);
    expect(result).toMatchObject({ exitCode: 143, timedOut: true });
  }, 5_000);

  it('follows SIGTERM with SIGKILL after the grace period when the command ignores it (137)', async () => {
    const runner = createHostStepRunner({ nsenter: false, killGraceSeconds: 0.2 });
    const result = await runner.run(step(['sh', '-c', 'trap "" TERM; echo ignoring; sleep 30'], 0.2), never);
    expect(result).toEqual({
      exitCode: 137,
      stdout: 'ignoring\n',
      stderr: '',
      timedOut: true,
      truncated: false,
    });
  }, 5_000);

  it('stops the command when the signal aborts (not a timeout)', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const controller = new AbortController();
    const running = runner.run(step(['sh', '-c', 'echo started; exec sleep 30']), controller.signal);
    setTimeout(() => controller.abort(new Error('agent stopping')), 100);
    expect(await running).toEqual({
      exitCode: 143,
      stdout: 'started\n',
      stderr: '',
      timedOut: false,
      truncated: false,
    });
  }, 5_000);

  it('stops at once when the signal has already aborted', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const result = await runner.run(step(['sleep', '30']), AbortSignal.abort());
    expect(result).toMatchObject({ exitCode: 143, timedOut: false });
  }, 5_000);

  it('sends no signal to the process group once the command has ended (its ID may be reused)', async () => {
    const runner = createHostStepRunner({ nsenter: false, killGraceSeconds: 0.2 });
    const kills: [number, string | number | undefined][] = [];
    const spy = vi.spyOn(process, 'kill').mockImplementation(((pid: number, signal?: string | number) => {
      kills.push([pid, signal]);
      return true;
    }) as typeof process.kill);
    try {
      // Stopped twice (aborted, then at its deadline), it outlives SIGTERM (the signals are only
      // recorded) and ends by itself before the grace period is over.
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 10);
      const result = await runner.run(step(['sh', '-c', 'sleep 0.15'], 0.05), controller.signal);
      expect(result.exitCode).toBe(0);
      const atClose = kills.length;
      expect(kills.map(([, signal]) => signal)).toEqual(['SIGTERM']);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(kills).toHaveLength(atClose);
    } finally {
      spy.mockRestore();
    }
  }, 5_000);

  it('reports a command killed by another signal as 128 + its number', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    expect((await runner.run(step(['sh', '-c', 'kill -USR1 $$']), never)).exitCode).toBe(138);
    expect((await runner.run(step(['sh', '-c', 'kill -PIPE $$']), never)).exitCode).toBe(141);
  });

  it('bounds the output it keeps (head and tail) and says so', async () => {
    const runner = createHostStepRunner({ nsenter: false, maxOutputBytes: 1000 });
    const result = await runner.run(
      step(['sh', '-c', 'i=0; while [ $i -lt 2000 ]; do printf "%04d:line-of-text\\n" $i; i=$((i+1)); done']),
      never,
    );
    // 2000 lines of 18 bytes: 36,000 bytes; the first 250 and last 750 are kept.
    const all = Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(4, '0')}:line-of-text\n`).join(
      '',
    );
    expect(all).toHaveLength(36_000);
    expect(result.truncated).toBe(true);
    expect(result.stdout).toBe(`${all.slice(0, 250)}\n[… 35000 bytes left out …]\n${all.slice(-750)}`);
    expect(result.stderr).toBe('');
  });

  it('answers 127 for a command that does not exist and 126 for one that cannot run', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const missing = await runner.run(step([join(dir, 'no-such-tool'), '--flag']), never);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toBe(`${join(dir, 'no-such-tool')}: spawn ${join(dir, 'no-such-tool')} ENOENT\n`);
    const notExecutable = join(dir, 'not-executable');
    await writeFile(notExecutable, 'data');
    const denied = await runner.run(step([notExecutable]), never);
    expect(denied.exitCode).toBe(126);
    expect(denied.stderr).toMatch(/EACCES\n$/);
  });

  it('answers 127 for a step without a command (the agent has no built-in action for it)', async () => {
    const result = await createHostStepRunner({ nsenter: false }).run(step([], 10, 'verify'), never);
    expect(result).toEqual({
      exitCode: 127,
      stdout: '',
      stderr: 'the verify step has no command and the agent has no built-in verify action\n',
      timedOut: false,
      truncated: false,
    });
  });
});

describe('createHostStepRunner: reboot and bootId', () => {
  it('runs the configured reboot command for a reboot step without a command, and the step command otherwise', async () => {
    const marker = join(dir, 'rebooted');
    const runner = createHostStepRunner({
      nsenter: false,
      rebootCommand: ['sh', '-c', `echo default >> '${marker}'`],
    });
    await runner.reboot(step([], 60, 'reboot'));
    await runner.reboot(step(['sh', '-c', `echo own >> '${marker}'`], 60, 'reboot'));
    expect(await readFile(marker, 'utf8')).toBe('default\nown\n');
  });

  it('rejects with a typed error naming the program, exit code and first stderr line, not the arguments', async () => {
    const runner = createHostStepRunner({ nsenter: false });
    const error = await runner
      .reboot(
        step(
          ['sh', '-c', 'echo "Failed to reboot: access denied" >&2; echo more >&2; exit 1 # token=s3cr3t'],
          60,
          'reboot',
        ),
      )
      .catch((e: unknown) => e);
    expect(ExternalToolError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ tool: 'sh', failure: 'failed', exitCode: 1 });
    expect((error as Error).message).toBe('sh failed with exit code 1: Failed to reboot: access denied');
    expect(String(error)).not.toContain('s3cr3t');
  });

  it('reads the boot ID from its file, trimmed', async () => {
    const path = join(dir, 'boot_id');
    await writeFile(path, '6f1c2a9e-1b2c-4d3e-8f4a-5b6c7d8e9f00\n');
    expect(await createHostStepRunner({ bootIdPath: path }).bootId()).toBe(
      '6f1c2a9e-1b2c-4d3e-8f4a-5b6c7d8e9f00',
    );
  });
});
