/**
 * Something in a feed that is well-formed but wrong or surprising (a lifecycle date before the
 * release date, a pointer entry that matches no release, a digest of empty input). Issues never
 * stop parsing; they are reported with the data.
 */
export interface FeedIssue {
  /** The catalog feed id. */
  readonly feed: string;
  /** Path inside the document. */
  readonly path: string;
  readonly message: string;
}
