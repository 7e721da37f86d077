import { z } from 'zod';
import { FEED_FORMATS } from './feed-format.js';

/**
 * The bytes of one feed as the catalog holds them: from the embedded snapshot, a cache written by
 * `refresh`, or a fetch. Parsed on load, so the snapshot and live data go through the same parsers.
 */
export const feedDocumentSchema = z.object({
  /** Catalog feed id, e.g. `flatcar/releases-stable`. */
  feed: z.string().regex(/^[a-z0-9][a-z0-9.-]*\/[a-z0-9][a-z0-9._-]*$/),
  format: z.enum(FEED_FORMATS),
  /** The URL fetched, or for the snapshot the upstream file and commit (`owner/repo:path@commit`). */
  origin: z.string().min(1),
  /** When the bytes were fetched or, for the snapshot, the date of the upstream data. */
  retrievedAt: z.string().min(1),
  /** SHA-256 of `text` (hex). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Caveats: trimmed, derived, readme capture. */
  note: z.string().optional(),
  /** The document text. */
  text: z.string(),
});

/** One feed document (see {@link feedDocumentSchema}). */
export type FeedDocument = z.output<typeof feedDocumentSchema>;
