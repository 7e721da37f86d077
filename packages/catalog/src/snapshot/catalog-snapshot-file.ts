import { z } from 'zod';
import { feedDocumentSchema } from '../feeds/feed-document.js';

/** The version of the snapshot file layout. */
export const SNAPSHOT_FILE_VERSION = 1;

/** The layout of `catalog-snapshot.json` and of the `refresh` cache index. */
export const catalogSnapshotFileSchema = z.object({
  version: z.literal(SNAPSHOT_FILE_VERSION),
  documents: z.array(feedDocumentSchema),
});

/** A snapshot file (see {@link catalogSnapshotFileSchema}). */
export type CatalogSnapshotFile = z.output<typeof catalogSnapshotFileSchema>;
