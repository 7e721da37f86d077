import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { ExternalToolError, type UpdateStepV1 } from '@kubenode/core';
import { BoundedOutput } from './bounded-output.js';
import type { StepRunner, StepRunResult } from './step-runner.js';

/** Options of {@link createHostStepRunner}. */
export interface HostStepRunnerOptions {
  /**
   * Enter the namespaces of the host's PID 1 (mount, UTS, IPC, network, PID) with `nsenter`, as a
   * privileged DaemonSet pod with `hostPID: true` must (default true). False runs commands
   * directly: an agent installed on the host itself.
   */
  readonly nsenter?: boolean;
  /** The nsenter binary (default `nsenter`, from util-linux). */
  readonly nsenterPath?: string;
  /** The process whose namespaces to enter (default 1, the host's init). */
  readonly targetPid?: number;
  /** The command that reboots the host (default `systemctl reboot`). */
  readonly rebootCommand?: readonly string[];
  /** Where the boot ID is read (default `/proc/sys/kernel/random/boot_id`, as the kubelet does). */
  readonly bootIdPath?: string;
  /** Most bytes kept per output stream (default 16 KiB). */
  readonly maxOutputBytes?: number;
  /** After SIGTERM at the deadline, SIGKILL follows this many seconds later (default 10). */
  readonly killGraceSeconds?: number;
  /** Environment of the commands (default: PATH and LC_ALL=C only). */
  readonly env?: Readonly<Record<string, string>>;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The node agent's runner on a real host: each step's argv runs in the host's namespaces through
 * `nsenter --target 1 --mount --uts --ipc --net --pid --` (so `apt-get`, `update_engine_client`,
 * `apiclient` and `systemctl` are the host's own), in its own process group, with a clean
 * environment; at `timeoutSeconds` the group gets SIGTERM, then SIGKILL. Output is kept up to a
 * limit (head and tail). Exit codes follow the shell: 128 + the signal's number for a command
 * killed by a signal (143 at the deadline, 137 after the SIGKILL), 127 for a missing program, 126
 * for one that cannot run. Reboots run the reboot command the same way; a failing one rejects
 * with an `ExternalToolError` naming the program (never its arguments).
 */
export function createHostStepRunner(options: HostStepRunnerOptions = {}): StepRunner {
  const nsenter = options.nsenter ?? true;
  const prefix = nsenter
    ? [
        options.nsenterPath ?? 'nsenter',
        '--target',
        String(options.targetPid ?? 1),
        '--mount',
        '--uts',
        '--ipc',
        '--net',
        '--pid',
        '--',
      ]
    : [];
  const maxOutput = options.maxOutputBytes ?? 16 * 1024;
  const killGrace = (options.killGraceSeconds ?? 10) * 1000;
  const env = options.env ?? { PATH: DEFAULT_PATH, LC_ALL: 'C' };

  const execute = (argv: readonly string[], timeoutSeconds: number, signal?: AbortSignal) =>
    new Promise<StepRunResult>((resolve) => {
      const full = [...prefix, ...argv];
      const stdout = new BoundedOutput(maxOutput);
      const stderr = new BoundedOutput(maxOutput);
      let timedOut = false;
      let killTimer: NodeJS.Timeout | undefined;
      const child = spawn(full[0] as string, full.slice(1), {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...env },
        detached: true,
      });
      const killGroup = (sig: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, sig);
        } catch {
          // Already gone.
        }
      };
      let stopping = false;
      const stop = () => {
        // Once: a second timer would outlive the 'close' handler and signal a reused group ID.
        if (stopping) return;
        stopping = true;
        killGroup('SIGTERM');
        killTimer = setTimeout(() => killGroup('SIGKILL'), killGrace);
      };
      const deadline = setTimeout(() => {
        timedOut = true;
        stop();
      }, timeoutSeconds * 1000);
      const onAbort = () => stop();
      if (signal?.aborted) stop();
      else signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      let spawnError: Error | undefined;
      child.on('error', (error) => {
        spawnError = error;
      });
      child.on('close', (code, sig) => {
        clearTimeout(deadline);
        if (killTimer) clearTimeout(killTimer);
        signal?.removeEventListener('abort', onAbort);
        const missing = (spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
        const exitCode = spawnError ? (missing ? 127 : 126) : (code ?? 128 + signalNumber(sig));
        resolve({
          exitCode,
          stdout: stdout.text(),
          stderr: spawnError ? `${stderr.text()}${full[0]}: ${spawnError.message}\n` : stderr.text(),
          timedOut,
          truncated: stdout.truncated || stderr.truncated,
        });
      });
    });

  return {
    async run(step: UpdateStepV1, signal: AbortSignal): Promise<StepRunResult> {
      if (step.command.length === 0)
        return {
          exitCode: 127,
          stdout: '',
          stderr: `the ${step.phase} step has no command and the agent has no built-in ${step.phase} action\n`,
          timedOut: false,
          truncated: false,
        };
      return execute(step.command, step.timeoutSeconds, signal);
    },
    async reboot(step: UpdateStepV1): Promise<void> {
      const argv =
        step.command.length > 0 ? step.command : (options.rebootCommand ?? ['systemctl', 'reboot']);
      const result = await execute(argv, Math.min(step.timeoutSeconds, 120));
      if (result.exitCode !== 0) {
        // The program's name only: the arguments may carry what should not reach the agent's log.
        const detail = result.stderr.trim().split('\n')[0];
        throw new ExternalToolError({
          tool: argv[0] ?? 'reboot',
          failure: result.timedOut ? 'timeout' : result.exitCode === 127 ? 'missing' : 'failed',
          exitCode: result.exitCode,
          ...(detail ? { detail } : {}),
        });
      }
    },
    async bootId(): Promise<string> {
      return (await readFile(options.bootIdPath ?? '/proc/sys/kernel/random/boot_id', 'utf8')).trim();
    },
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? (constants.signals[signal] ?? 0) : 0;
}
