/** The subset of a fetch `Response` the catalog reads. */
export interface FetchLikeResponse {
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** HTTP status code. */
  readonly status: number;
  /** HTTP status text. */
  readonly statusText: string;
  /** The final URL after redirects, when known. */
  readonly url?: string;
  /** Reads the body as text. */
  text(): Promise<string>;
}

/**
 * The subset of `fetch` the catalog uses; inject your own for proxies, caching or tests. The
 * catalog passes an `AbortSignal` and also enforces its timeout itself, so a fetch that ignores
 * the signal cannot hang a refresh.
 */
export type FetchLike = (
  url: string,
  init: { readonly signal: AbortSignal; readonly headers: Readonly<Record<string, string>> },
) => Promise<FetchLikeResponse>;
