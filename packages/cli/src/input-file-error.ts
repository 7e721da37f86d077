import { KubenodeError } from '@kubenode/core';

/** An input file that cannot be read: missing, a directory, unreadable (exit code 1). */
export class InputFileError extends KubenodeError {
  /** The path as given on the command line. */
  readonly path: string;

  constructor(options: { path: string; reason: string; cause?: unknown }) {
    super({
      name: 'KubenodeInputFileError',
      message: `${options.path}: ${options.reason}`,
      cause: options.cause,
    });
    this.path = options.path;
  }
}
