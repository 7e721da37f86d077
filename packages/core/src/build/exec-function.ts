/** One run of an external program, as {@link ExecFunction} receives it. */
export interface ExecRequest {
  /** Executable name (looked up on `PATH`) or absolute path. */
  readonly command: string;
  /** Arguments, passed as they are (no shell). */
  readonly args: readonly string[];
  /** Working directory. */
  readonly cwd?: string;
  /** Variables added to the environment of the calling process (e.g. `SOURCE_DATE_EPOCH`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kills the program after this many milliseconds; the result is then `timed-out`. */
  readonly timeoutMs?: number;
  /** Kills the program when aborted; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Text written to the program's stdin (stdin is empty otherwise). */
  readonly input?: string;
  /** Called with each complete line the program writes to stdout or stderr (progress logs). */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** How a program run ended. `stdout` is captured in full, `stderr` as its last 64 KiB. */
export type ExecResult =
  | {
      /** The program ran and exited. */
      readonly kind: 'exited';
      readonly exitCode: number;
      readonly stdout: string;
      readonly stderr: string;
    }
  | {
      /** The executable does not exist (ENOENT) or is not executable. */
      readonly kind: 'not-found';
    }
  | {
      /** The program ran longer than `timeoutMs` and was killed. */
      readonly kind: 'timed-out';
      readonly stdout: string;
      readonly stderr: string;
    }
  | {
      /** The program was killed by a signal it did not ask for. */
      readonly kind: 'signalled';
      readonly signal: string;
      readonly stdout: string;
      readonly stderr: string;
    };

/**
 * Runs an external program. The only way kubenode's builders start processes, so tests can
 * substitute a fake and embedders can add sandboxing or logging. The default is {@link nodeExec}.
 * Resolves with how the program ended; rejects only when `signal` aborts it.
 */
export type ExecFunction = (request: ExecRequest) => Promise<ExecResult>;
