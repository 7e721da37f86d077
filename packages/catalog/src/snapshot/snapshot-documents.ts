import type { FeedDocument } from '../feeds/feed-document.js';
import { catalogSnapshotFileSchema } from './catalog-snapshot-file.js';
import snapshot from './catalog-snapshot.json' with { type: 'json' };

let cached: readonly FeedDocument[] | undefined;

/**
 * The feed documents of the embedded snapshot (built from the catalog vectors by
 * `scripts/build-snapshot.ts`), validated once.
 */
export function snapshotDocuments(): readonly FeedDocument[] {
  cached ??= catalogSnapshotFileSchema.parse(snapshot).documents;
  return cached;
}
