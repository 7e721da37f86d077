import type { EvidenceLevel } from './evidence-level.js';

/**
 * Where a catalog value comes from: the feed, the document or repository file it was read from,
 * the field inside it, and how strongly it is backed. Every value the catalog reports carries one.
 */
export interface CatalogSource {
  /** Catalog feed id (`flatcar/releases-stable`), or `curated/<topic>` for hand-kept data. */
  readonly feed: string;
  /**
   * The URL or repository file (`owner/repo:path@commit`) the value was read from. For the
   * embedded snapshot this names the upstream file and commit the snapshot was taken from.
   */
  readonly location: string;
  /** The field or path inside the document, e.g. `["4593.2.5"].release_date` or `releases[2].eol`. */
  readonly field: string;
  /** How strongly the value is backed. */
  readonly evidence: EvidenceLevel;
  /** How the value was derived, or a caveat (a rule, a trimmed feed, a projected date). */
  readonly note?: string;
  /**
   * When the source's data dates from (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`): the upstream commit
   * date for snapshot data, the fetch time for refreshed data. A date later than this was a
   * projection when the source was written.
   */
  readonly asOf?: string;
}

/** A value together with its source. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: CatalogSource;
}

/** Pairs a value with its source. */
export function sourced<T>(value: T, source: CatalogSource): Sourced<T> {
  return { value, source };
}

/** Formats a source for one line of text: `location field [tag]`. */
export function formatSource(source: CatalogSource): string {
  const tag = { captured: 'C', documented: 'D', knowledge: 'K', inferred: 'I' }[source.evidence];
  const field = source.field ? ` ${source.field}` : '';
  return `${source.location}${field} [${tag}]${source.note ? ` (${source.note})` : ''}`;
}
