import { NoSuchAdapterError, parseNodePool, type DistroAdapterV1, type NodePool } from '@kubenode/core';
import type { CliContext } from './cli-context.js';
import { CliUsageError } from './cli-usage-error.js';
import { readInputFile } from './read-input-file.js';

/** A parsed pool and the adapter that renders it. */
export interface LoadedPool {
  readonly pool: NodePool;
  readonly source: string;
}

/**
 * Reads and validates a NodePool file; `--distro` replaces `spec.distro` so one pool renders for
 * several distros. The pool's secrets are registered for redaction before anything is printed.
 */
export function loadPool(context: CliContext, file: string, distro?: string): LoadedPool {
  const bytes = readInputFile(file, context.io.cwd, () => context.readStdin());
  const source = file === '-' ? '<stdin>' : file;
  const parsed = parseNodePool(bytes, { source });
  context.protectSecretsOf(parsed);
  context.poolFile = { source, text: Buffer.from(bytes).toString('utf8'), poolName: parsed.metadata.name };
  const pool = distro === undefined ? parsed : { ...parsed, spec: { ...parsed.spec, distro } };
  return { pool, source };
}

/** The adapter for the pool's distro; a `--distro` naming no adapter is a usage error (exit 2). */
export async function adapterFor(
  context: CliContext,
  pool: NodePool,
  fromFlag: boolean,
): Promise<DistroAdapterV1> {
  return adapterForDistro(context, pool.spec.distro, fromFlag);
}

/** The adapter of a distro id: unknown from `--distro` is exit 2, from `spec.distro` exit 1. */
export async function adapterForDistro(
  context: CliContext,
  distro: string,
  fromFlag: boolean,
): Promise<DistroAdapterV1> {
  const registry = await context.adapters();
  try {
    return registry.get(distro);
  } catch (error) {
    if (fromFlag && NoSuchAdapterError.isInstance(error))
      throw new CliUsageError(`--distro: ${error.message}`);
    throw error;
  }
}
