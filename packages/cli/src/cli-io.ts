/** Where the CLI reads and writes; injectable so the CLI runs in-process in tests. */
export interface CliIo {
  /** Data output. */
  readonly stdout: (text: string) => void;
  /** Progress, warnings and errors. */
  readonly stderr: (text: string) => void;
  /** Environment variables (NO_COLOR, KUBENODE_ADAPTERS, ...). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths resolve against. */
  readonly cwd: string;
  /** Whether stderr is a terminal (colour and progress bars only then). */
  readonly stderrIsTty: boolean;
  /** Reads all of standard input (an input given as `-`); the process's stdin when absent. */
  readonly readStdin?: () => Uint8Array;
}

/** The process's own IO. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTty: Boolean(process.stderr.isTTY),
  };
}
