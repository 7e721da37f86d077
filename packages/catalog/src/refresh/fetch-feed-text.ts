import type { FetchLike } from './fetch-like.js';

/** Why a fetch failed: no connection, too slow, an HTTP error status, or an oversized body. */
export type FetchFailureKind = 'unreachable' | 'timeout' | 'http' | 'too-large';

/** A failed fetch, with the reason in one line. */
export class FetchFeedFailure extends Error {
  constructor(
    readonly kind: FetchFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchFeedFailure';
  }
}

class FeedTimeout extends Error {}

/** Largest feed body accepted (the all-channels Flatcar feed is about 3.5 MB). */
export const MAX_FEED_BYTES = 32 * 1024 * 1024;

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Fetches a feed as text within `timeoutMs` (headers and body together). The timeout is enforced
 * by racing a timer, not only through the abort signal, so an injected fetch that ignores the
 * signal still returns in bounded time.
 *
 * @throws {FetchFeedFailure} on a network error, timeout, HTTP error or oversized body.
 */
export async function fetchFeedText(fetch: FetchLike, url: string, timeoutMs: number): Promise<string> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new FeedTimeout());
    }, timeoutMs);
  });
  try {
    const response = await Promise.race([
      fetch(url, {
        signal: controller.signal,
        headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5' },
      }),
      expired,
    ]);
    if (!response.ok)
      throw new FetchFeedFailure(
        'http',
        `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      );
    const text = await Promise.race([response.text(), expired]);
    if (text.length > MAX_FEED_BYTES)
      throw new FetchFeedFailure('too-large', `body larger than ${MAX_FEED_BYTES} bytes`);
    return text;
  } catch (error) {
    if (error instanceof FetchFeedFailure) throw error;
    if (error instanceof FeedTimeout || controller.signal.aborted)
      throw new FetchFeedFailure('timeout', `no complete response within ${timeoutMs} ms`, { cause: error });
    throw new FetchFeedFailure('unreachable', describeCause(error), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
