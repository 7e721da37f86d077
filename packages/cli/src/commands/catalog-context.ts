import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import {
  CatalogFeedError,
  createCatalog,
  defaultCatalogCacheDirectory,
  readCatalogCache,
  type Catalog,
  type CatalogDistroId,
  type FeedDocument,
} from '@kubenode/catalog';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';

/** Options every `kubenode catalog` subcommand takes. */
export interface CatalogCommandOptions {
  readonly now?: string;
  readonly catalogDir?: string;
  /** Only load the feeds of these distros (pool checks). */
  readonly distros?: readonly CatalogDistroId[];
}

/**
 * The moment lifecycle statements refer to: `--now`, else `KUBENODE_NOW` (both `YYYY-MM-DD` or an
 * ISO 8601 date-time), else the system clock.
 */
export function catalogNow(context: CliContext, flag?: string): Date {
  const value = flag ?? context.io.env.KUBENODE_NOW;
  if (value === undefined || value === '') return new Date();
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new CliUsageError(
      `${flag === undefined ? 'KUBENODE_NOW' : '--now'}: expected a date such as 2026-08-22; got '${value}'`,
    );
  return date;
}

/** The cache directory `refresh` writes and every catalog command reads. */
export function catalogDirectory(context: CliContext, flag?: string): string {
  return flag !== undefined
    ? resolve(context.io.cwd, flag)
    : defaultCatalogCacheDirectory(context.io.env, context.io.env.HOME ?? homedir());
}

/**
 * The catalog the CLI works with: the embedded snapshot overlaid with the documents `kubenode
 * catalog refresh` cached. Unreadable cache files are reported and skipped, so a damaged cache
 * never breaks a command.
 */
export function loadCliCatalog(context: CliContext, options: CatalogCommandOptions = {}): Catalog {
  const now = catalogNow(context, options.now);
  const directory = catalogDirectory(context, options.catalogDir);
  // A directory named on the command line must exist: a typo must not fall back to the snapshot
  // silently (the default directory may be absent: nothing was refreshed yet).
  if (options.catalogDir !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = statSync(directory).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory)
      throw new CliUsageError(
        `--catalog-dir ${options.catalogDir}: no such directory (kubenode catalog refresh --catalog-dir ${options.catalogDir} creates it)`,
      );
  }
  const cache = readCatalogCache(directory);
  for (const ignored of cache.ignored)
    context.warn(`catalog cache: ignoring ${ignored.file}: ${ignored.reason}`);
  let overlay: FeedDocument[] = [...cache.documents];
  for (;;) {
    try {
      return createCatalog({
        overlay,
        now: () => now,
        ...(options.distros ? { distros: options.distros } : {}),
      });
    } catch (error) {
      if (!CatalogFeedError.isInstance(error) || !overlay.some((document) => document.feed === error.feed))
        throw error;
      context.warn(
        `catalog cache: ignoring feed ${error.feed}: ${error.message}; using the embedded snapshot for it`,
      );
      overlay = overlay.filter((document) => document.feed !== error.feed);
    }
  }
}

/** Adds the options of {@link CatalogCommandOptions} to a subcommand. */
export function withCatalogOptions<T extends { option(flags: string, description: string): T }>(
  command: T,
): T {
  return command
    .option('--now <date>', 'assess lifecycles at this date (YYYY-MM-DD; default: today, or KUBENODE_NOW)')
    .option(
      '--catalog-dir <dir>',
      'directory of refreshed feeds (default: KUBENODE_CATALOG_DIR or ~/.cache/kubenode/catalog)',
    );
}
