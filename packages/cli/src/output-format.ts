import { CliUsageError } from './cli-usage-error.js';

/** Output formats for commands whose output is data. */
export type OutputFormat = 'json' | 'yaml' | 'table';

/** Checks an `--output` value against the formats a command supports. */
export function parseOutputFormat<F extends OutputFormat>(value: string, allowed: readonly F[]): F {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(`--output: expected ${allowed.join(', ')}; got '${value}'`);
  }
  return value as F;
}
