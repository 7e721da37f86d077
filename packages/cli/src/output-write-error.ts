import { KubenodeError } from '@kubenode/core';

/** The reason of a file system error code, as a user reads it. */
export function fsErrorReason(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EEXIST':
      return 'already exists';
    case 'ENAMETOOLONG':
      return 'file name too long';
    default:
      return `error ${code ?? 'unknown'}`;
  }
}

/** Output that cannot be written: permission denied, read-only, disk full (exit code 4). */
export class OutputWriteError extends KubenodeError {
  /** The path that could not be written. */
  readonly path: string;

  /**
   * @param options.reason why, when it is not a file system error (the cause's code is used otherwise).
   */
  constructor(options: { path: string; cause?: unknown; reason?: string }) {
    const code = (options.cause as NodeJS.ErrnoException | undefined)?.code;
    super({
      name: 'KubenodeOutputWriteError',
      message: `${options.path}: cannot write (${options.reason ?? fsErrorReason(code)})`,
      cause: options.cause,
    });
    this.path = options.path;
  }
}
