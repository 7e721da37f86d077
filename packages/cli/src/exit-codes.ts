/** The `kubenode` exit codes (DESIGN.md §6). */
export const ExitCode = {
  /** Success. */
  ok: 0,
  /** Invalid input: each problem is printed on stderr with its path. */
  invalidInput: 1,
  /** Usage error: unknown command or option, missing argument. */
  usage: 2,
  /** The distro cannot express a requested feature. */
  unsupportedFeature: 3,
  /** An external failure: a tool is missing or failed, a cluster or network error. */
  external: 4,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
