import type { CatalogRelease } from '../model/catalog-release.js';
import type { CatalogStream } from '../model/catalog-stream.js';

/** What an image reference (`spec.image` plus the distro) resolves to in the catalog. */
export interface ResolvedImage {
  /** The stream lifecycle is assessed on (for a pinned Flatcar version: its channel major). */
  readonly stream: CatalogStream;
  /** The release: the pinned version when the data has it, else the newest matching release. */
  readonly release: CatalogRelease | undefined;
  /** Whether `release` is the version the reference pinned (false: newest of the stream). */
  readonly pinned: boolean;
  /** How the reference was matched, and what the data lacks. */
  readonly notes: readonly string[];
}
