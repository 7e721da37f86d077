import { createHash } from 'node:crypto';
import { ExternalToolError } from '@kubenode/core';
import { buildCatalogData } from '../assemble/build-catalog-data.js';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import type { CatalogFeed } from '../feeds/catalog-feed.js';
import { CATALOG_FEEDS } from '../feeds/catalog-feeds.js';
import type { FeedDocument } from '../feeds/feed-document.js';
import { parseFeedDocument } from '../feeds/parse-feed-document.js';
import { snapshotDocuments } from '../snapshot/snapshot-documents.js';
import { diffCatalogData, type CatalogChange } from './diff-catalog-data.js';
import { fetchFeedText, FetchFeedFailure } from './fetch-feed-text.js';
import type { FetchLike } from './fetch-like.js';

/** Default per-feed timeout of {@link refreshCatalog}, in milliseconds. */
export const DEFAULT_REFRESH_TIMEOUT_MS = 20_000;

/** Options of {@link refreshCatalog}. */
export interface RefreshCatalogOptions {
  /** The fetch to use; the global `fetch` by default. */
  readonly fetch?: FetchLike;
  /** Per-feed time limit for the whole response, in milliseconds. Default 20 s. */
  readonly timeoutMs?: number;
  /** Feed ids to refresh; every feed with a live URL by default. */
  readonly feeds?: readonly string[];
  /** The documents the catalog holds now (snapshot plus cache); the snapshot by default. */
  readonly current?: readonly FeedDocument[];
  /** Clock for `retrievedAt`. */
  readonly now?: () => Date;
}

/** One check `refresh` ran on a fetched document. */
export interface RefreshCheck {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** What happened to one feed. */
export interface FeedRefreshOutcome {
  readonly feed: string;
  readonly url: string | null;
  /** `updated`: new content; `unchanged`: same bytes as before; `failed`; `skipped`: no live URL. */
  readonly status: 'updated' | 'unchanged' | 'failed' | 'skipped';
  /** For `failed`: why (`unreachable`, `timeout`, `http`, `too-large`, `invalid`). */
  readonly failure?: 'unreachable' | 'timeout' | 'http' | 'too-large' | 'invalid';
  /** One line: the failure, or why the feed was skipped. */
  readonly detail?: string;
  readonly checks: readonly RefreshCheck[];
  /** SHA-256 of the fetched text. */
  readonly sha256?: string;
  readonly bytes?: number;
}

/** The result of {@link refreshCatalog}. */
export interface RefreshCatalogResult {
  /** Fetched documents that passed every check, ready to cache. */
  readonly documents: readonly FeedDocument[];
  readonly outcomes: readonly FeedRefreshOutcome[];
  /** What the new documents change, compared with `current`. */
  readonly changes: readonly CatalogChange[];
}

async function refreshFeed(
  feed: CatalogFeed,
  fetch: FetchLike,
  timeoutMs: number,
  previous: FeedDocument | undefined,
  retrievedAt: string,
): Promise<{ outcome: FeedRefreshOutcome; document?: FeedDocument }> {
  const url = feed.url!;
  const checks: RefreshCheck[] = [];
  if (!url.startsWith('https://'))
    return {
      outcome: {
        feed: feed.id,
        url,
        status: 'failed',
        failure: 'invalid',
        detail: 'refusing a feed URL that is not https',
        checks,
      },
    };
  checks.push({ check: 'transport', ok: true, detail: 'HTTPS' });
  let text: string;
  try {
    text = await fetchFeedText(fetch, url, timeoutMs);
  } catch (error) {
    const failure = error instanceof FetchFeedFailure ? error.kind : 'unreachable';
    const message = error instanceof Error ? error.message : String(error);
    return {
      outcome: {
        feed: feed.id,
        url,
        status: 'failed',
        failure,
        detail: `${new URL(url).host}: ${message}`,
        checks,
      },
    };
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  const document: FeedDocument = {
    feed: feed.id,
    format: feed.format,
    origin: url,
    retrievedAt,
    sha256,
    text,
  };
  try {
    const parsed = parseFeedDocument(document);
    checks.push({ check: 'schema', ok: true, detail: `parsed as ${feed.format}` });
    checks.push({
      check: 'data',
      ok: parsed.issues.length === 0,
      detail:
        parsed.issues.length === 0
          ? 'no data issues'
          : parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    });
  } catch (error) {
    const detail = CatalogFeedError.isInstance(error) ? error.message : String(error);
    checks.push({ check: 'schema', ok: false, detail });
    return {
      outcome: {
        feed: feed.id,
        url,
        status: 'failed',
        failure: 'invalid',
        detail,
        checks,
        sha256,
        bytes: text.length,
      },
    };
  }
  checks.push({ check: 'sha256', ok: true, detail: `${sha256} (recorded; ${feed.verification})` });
  const unchanged = previous !== undefined && previous.sha256 === sha256;
  return {
    outcome: {
      feed: feed.id,
      url,
      status: unchanged ? 'unchanged' : 'updated',
      checks,
      sha256,
      bytes: text.length,
    },
    document,
  };
}

/**
 * Fetches the live feeds, checks each document (HTTPS, schema, data consistency; records its
 * SHA-256) and reports what changed against the current documents. Feeds that fail keep their
 * previous data. Every fetch is bounded by `timeoutMs`.
 *
 * @throws {ExternalToolError} (`unreachable`) when no feed could be fetched at all, naming the
 *   hosts and reasons.
 */
export async function refreshCatalog(options: RefreshCatalogOptions = {}): Promise<RefreshCatalogResult> {
  const fetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_REFRESH_TIMEOUT_MS;
  const current = options.current ?? snapshotDocuments();
  const retrievedAt = (options.now ?? (() => new Date()))().toISOString();
  const wanted = options.feeds ? new Set(options.feeds) : undefined;
  if (wanted)
    for (const id of wanted)
      if (!CATALOG_FEEDS.some((feed) => feed.id === id))
        throw new RangeError(
          `unknown feed '${id}'; feeds: ${CATALOG_FEEDS.map((feed) => feed.id).join(', ')}`,
        );
  const feeds = CATALOG_FEEDS.filter((feed) => !wanted || wanted.has(feed.id));
  const previousOf = (id: string) => [...current].reverse().find((document) => document.feed === id);
  const results = await Promise.all(
    feeds.map((feed) =>
      feed.url === null
        ? Promise.resolve({
            outcome: {
              feed: feed.id,
              url: null,
              status: 'skipped' as const,
              detail: feed.note ?? 'no live feed',
              checks: [],
            },
            document: undefined,
          })
        : refreshFeed(feed, fetch, timeoutMs, previousOf(feed.id), retrievedAt),
    ),
  );
  const outcomes: FeedRefreshOutcome[] = results.map((result) => result.outcome);
  const attempted = outcomes.filter((outcome) => outcome.status !== 'skipped');
  const failed = attempted.filter((outcome) => outcome.status === 'failed');
  if (
    attempted.length > 0 &&
    failed.length === attempted.length &&
    failed.every((outcome) => outcome.failure === 'unreachable' || outcome.failure === 'timeout')
  ) {
    const hosts = [...new Set(failed.map((outcome) => outcome.detail ?? outcome.feed))];
    throw new ExternalToolError({
      tool: 'catalog feeds',
      failure: 'unreachable',
      detail: `none of ${attempted.length} feeds could be fetched (${hosts.slice(0, 4).join('; ')}${hosts.length > 4 ? `; and ${hosts.length - 4} more` : ''}); the embedded snapshot stays in use`,
    });
  }
  const documents = results.flatMap((result) =>
    result.document && result.outcome.status === 'updated' ? [result.document] : [],
  );
  const changes =
    documents.length > 0
      ? diffCatalogData(buildCatalogData(current), buildCatalogData([...current, ...documents]))
      : [];
  return { documents, outcomes, changes };
}
