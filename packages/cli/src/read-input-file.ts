import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_NODE_POOL_BYTES } from '@kubenode/core';
import { InputFileError } from './input-file-error.js';

/**
 * Reads an input file as bytes, refusing what cannot be a document (missing, a directory,
 * oversized) with a one-line reason. `-` reads standard input.
 */
export function readInputFile(
  path: string,
  cwd: string,
  readStdin: () => Buffer = () => readFileSync(0),
): Uint8Array {
  if (path === '-') return readStdin();
  const absolute = resolve(cwd, path);
  let size: number;
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory())
      throw new InputFileError({ path, reason: 'is a directory, expected a NodePool file' });
    size = stat.size;
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError({
      path,
      reason:
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read (${code ?? 'error'})`,
      cause: error,
    });
  }
  if (size > MAX_NODE_POOL_BYTES) {
    throw new InputFileError({
      path,
      reason: `file is ${size} bytes; a NodePool may be at most ${MAX_NODE_POOL_BYTES} bytes`,
    });
  }
  try {
    return readFileSync(absolute);
  } catch (error) {
    throw new InputFileError({
      path,
      reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      cause: error,
    });
  }
}
