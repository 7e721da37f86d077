import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliUsageError } from './cli-usage-error.js';
import { OutputWriteError } from './output-write-error.js';

/**
 * Checks an output directory option before anything is rendered or built: the path must not be
 * empty, and neither it nor any of its existing ancestors may be a file. A directory that exists
 * is used as it is (same-named files are replaced, others are left alone).
 *
 * @param option the option as the user typed it, for the message (`-o`).
 * @returns the absolute path.
 * @throws {@link CliUsageError} (exit code 2) when the path cannot be a directory.
 */
export function checkOutputDirectory(option: string, directory: string, cwd: string): string {
  if (directory.trim() === '') throw new CliUsageError(`${option}: expected a directory; got ''`);
  const target = resolve(cwd, directory);
  for (let path = target; ; path = dirname(path)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(path) !== path) continue;
      throw new OutputWriteError({ path: directory, cause: error });
    }
    if (isDirectory) return target;
    throw new CliUsageError(
      path === target
        ? `${option} ${directory}: exists and is not a directory`
        : `${option} ${directory}: ${path} is a file, not a directory`,
    );
  }
}

/**
 * Creates a directory and its missing parents one at a time (not `mkdirSync`'s recursive mode,
 * which loops forever under `/proc` on some Node versions).
 *
 * @returns the topmost directory created, to remove on failure; `undefined` when it existed.
 */
export function makeDirectory(target: string): string | undefined {
  const missing: string[] = [];
  for (let path = target; ; path = dirname(path)) {
    try {
      statSync(path); // a file here makes the first write fail with ENOTDIR, reported as such
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) throw error;
    }
    missing.unshift(path);
  }
  for (const path of missing) mkdirSync(path);
  return missing[0];
}

/**
 * The topmost directory of `target` (itself or an ancestor) that does not exist yet: what to remove
 * to leave nothing behind after a failed write. `undefined` when `target` exists.
 */
export function topmostMissingDirectory(target: string): string | undefined {
  if (existsSync(target)) return undefined;
  let missing = target;
  while (dirname(missing) !== missing && !existsSync(dirname(missing))) missing = dirname(missing);
  return missing;
}
