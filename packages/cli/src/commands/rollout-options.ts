import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { InputFileError } from '../input-file-error.js';

/** Largest cluster snapshot read (a 10,000-node `kubectl get -o json` is about 250 MB). */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

/** Parses an integer option within bounds, or throws a usage error naming the option. */
export function integerOption(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min || number > max)
    throw new CliUsageError(`${name}: expected an integer from ${min} to ${max}; got '${value}'`);
  return number;
}

/**
 * Parses a `--max-unavailable` value: a node count of at least 1 or a percentage from 1% to 100%
 * (a budget of 0 would never update a node; the policy refuses it, so the option does too, naming
 * itself, exit code 2).
 */
export function maxUnavailableOption(value: string): number | string {
  if (!/^([1-9]\d*|(100|[1-9]\d?)%)$/.test(value))
    throw new CliUsageError(
      `--max-unavailable: expected a node count or a percentage such as 10% (at least 1 node, 1% to 100%); got '${value}'`,
    );
  return value.endsWith('%') ? value : Number(value);
}

/** The name of an input in messages: the path as given, or `<stdin>` for `-`. */
export function inputName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

/** Checks an option against its allowed values. */
export function choiceOption<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new CliUsageError(`${name}: expected ${allowed.join(', ')}; got '${value}'`);
  return value as T;
}

/** Reads a JSON or YAML document (a cluster snapshot, a rollout policy) from a file or stdin (`-`). */
export function readDocument(context: CliContext, file: string, maxBytes = MAX_SNAPSHOT_BYTES): unknown {
  let text: string;
  if (file === '-') text = context.readStdin().toString('utf8');
  else {
    const path = resolve(context.io.cwd, file);
    let size: number;
    try {
      const stat = statSync(path);
      if (stat.isDirectory())
        throw new InputFileError({ path: file, reason: 'is a directory, expected a file' });
      size = stat.size;
    } catch (error) {
      if (error instanceof InputFileError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputFileError({
        path: file,
        reason:
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EACCES'
              ? 'permission denied'
              : `cannot read (${code ?? 'error'})`,
        cause: error,
      });
    }
    if (size > maxBytes)
      throw new InputFileError({ path: file, reason: `file is ${size} bytes; at most ${maxBytes} are read` });
    text = readFileSync(path, 'utf8');
  }
  const trimmed = text.trimStart();
  try {
    // JSON first (fast for large snapshots); YAML otherwise (JSON is YAML too, but slower to parse).
    return trimmed.startsWith('{') || trimmed.startsWith('[') ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new InputFileError({
      path: file === '-' ? '<stdin>' : file,
      reason: `not valid JSON or YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
      cause: error,
    });
  }
}

/**
 * A progress bar on stderr, drawn only when stderr is a terminal that understands the erase-line
 * escape (TERM is not `dumb`); otherwise silent, so logs and pipes never receive it. It has no
 * colour, so NO_COLOR does not turn it off.
 */
export function progressBar(context: CliContext): {
  update(done: number, total: number, label: string): void;
  end(): void;
} {
  const enabled = context.io.stderrIsTty && context.io.env.TERM !== 'dumb';
  let drawn = false;
  return {
    update(done, total, label) {
      if (!enabled || total <= 0) return;
      const width = 30;
      const filled = Math.min(width, Math.round((width * done) / total));
      context.io.stderr(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round((100 * done) / total)).padStart(3)}% ${label}\u001b[K`,
      );
      drawn = true;
    },
    end() {
      if (drawn) context.io.stderr('\r\u001b[K');
      drawn = false;
    },
  };
}
