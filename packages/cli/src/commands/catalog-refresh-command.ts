import {
  CATALOG_FEEDS,
  DEFAULT_REFRESH_TIMEOUT_MS,
  readCatalogCache,
  refreshCatalog,
  snapshotDocuments,
  writeCatalogCache,
} from '@kubenode/catalog';
import { ExternalToolError } from '@kubenode/core';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { CliUsageError } from '../cli-usage-error.js';
import { parseOutputFormat } from '../output-format.js';
import { catalogDirectory, type CatalogCommandOptions } from './catalog-context.js';
import { catalogColumns } from './catalog-format.js';

interface RefreshOptions extends CatalogCommandOptions {
  feed: string[];
  timeout: string;
  output: string;
  dryRun?: boolean;
}

/**
 * `kubenode catalog refresh`: fetches the live feeds (each bounded by `--timeout`), checks them,
 * caches the new ones and reports what changed. Offline it fails fast with exit code 4 and the
 * embedded snapshot stays in use; feeds that fail keep their previous data.
 */
export function registerCatalogRefreshCommand(catalogCommand: Command, context: CliContext): void {
  catalogCommand
    .command('refresh')
    .description('fetch the live release feeds, verify them and report what changed')
    .option(
      '--feed <id>',
      'refresh only this feed (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--timeout <seconds>', 'time limit per feed', String(DEFAULT_REFRESH_TIMEOUT_MS / 1000))
    .option(
      '--catalog-dir <dir>',
      'cache directory (default: KUBENODE_CATALOG_DIR or ~/.cache/kubenode/catalog)',
    )
    .option('--dry-run', 'fetch and report, but do not write the cache')
    .option('--output <format>', 'table or json', 'table')
    .action(async (options: RefreshOptions) => {
      const format = parseOutputFormat(options.output, ['table', 'json']);
      const seconds = Number(options.timeout);
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new CliUsageError(`--timeout: expected a positive number of seconds; got '${options.timeout}'`);
      const unknown = options.feed.filter((id) => !CATALOG_FEEDS.some((feed) => feed.id === id));
      if (unknown.length > 0)
        throw new CliUsageError(
          `--feed: unknown feed ${unknown.map((id) => `'${id}'`).join(', ')}; feeds: ${CATALOG_FEEDS.map((feed) => feed.id).join(', ')}`,
        );
      const directory = catalogDirectory(context, options.catalogDir);
      const cached = readCatalogCache(directory);
      context.info(
        `fetching ${options.feed.length > 0 ? options.feed.length : CATALOG_FEEDS.filter((feed) => feed.url).length} feeds (at most ${seconds} s each)`,
      );
      const result = await refreshCatalog({
        timeoutMs: Math.round(seconds * 1000),
        current: [...snapshotDocuments(), ...cached.documents],
        ...(options.feed.length > 0 ? { feeds: options.feed } : {}),
      });
      const written = options.dryRun ? [] : writeCatalogCache(directory, result.documents);
      if (format === 'json') {
        context.out(
          `${JSON.stringify({ directory, written, outcomes: result.outcomes, changes: result.changes }, null, 2)}\n`,
        );
      } else {
        context.out(
          catalogColumns([
            ['FEED', 'STATUS', 'DETAIL'],
            ...result.outcomes.map((outcome) => [
              outcome.feed,
              outcome.status,
              outcome.status === 'failed' || outcome.status === 'skipped'
                ? (outcome.detail ?? '')
                : `${outcome.bytes} bytes, sha256 ${outcome.sha256?.slice(0, 16)}…${outcome.checks.some((check) => !check.ok) ? `; data issues: ${outcome.checks.find((check) => !check.ok)!.detail}` : ''}`,
            ]),
          ]),
        );
        context.out(
          result.changes.length > 0
            ? `\nchanges:\n${result.changes.map((change) => `  ${change.message}`).join('\n')}\n`
            : '\nno changes\n',
        );
      }
      for (const path of written) context.info(`wrote ${path}`);
      const failed = result.outcomes.filter((outcome) => outcome.status === 'failed');
      if (failed.length > 0) {
        const network = failed.every(
          (outcome) => outcome.failure === 'unreachable' || outcome.failure === 'timeout',
        );
        throw new ExternalToolError({
          tool: 'catalog feeds',
          failure: network ? 'unreachable' : 'failed',
          detail: `${failed.length} of ${result.outcomes.filter((outcome) => outcome.status !== 'skipped').length} feeds failed (${failed.map((outcome) => `${outcome.feed}: ${outcome.detail ?? outcome.failure}`).join('; ')}); they keep their previous data`,
        });
      }
    });
}
