/**
 * Regenerates the catalog's embedded snapshot (`src/snapshot/catalog-snapshot.json`) from a
 * directory of catalog vectors (default: `src/__fixtures__/catalog-vectors`, a copy of
 * `shared/vectors/catalog`). Every document is parsed before it is written, so a snapshot that
 * the catalog cannot read is never produced.
 *
 *   npm run snapshot -w @kubenode/catalog                 # from the checked-in vectors
 *   npm run snapshot -w @kubenode/catalog -- --from DIR   # from another copy of the vectors
 *   npm run snapshot -w @kubenode/catalog -- --check      # exit 1 when the file is out of date
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FeedDocument } from '../src/feeds/feed-document.js';
import { SNAPSHOT_FILE_VERSION } from '../src/snapshot/catalog-snapshot-file.js';
import { SNAPSHOT_SOURCES } from './snapshot-manifest.js';

const packageRoot = new URL('..', import.meta.url).pathname;

/**
 * Builds the snapshot file's text from a vectors directory, parsing every document with
 * `parseFeedDocument` (passed in, so this module does not load @kubenode/core at import time).
 */
export function buildSnapshotText(
  vectorsDir: string,
  parseFeedDocument: (document: FeedDocument) => unknown,
): string {
  const documents: FeedDocument[] = SNAPSHOT_SOURCES.map((source) => {
    const text = readFileSync(join(vectorsDir, source.file), 'utf8');
    const document: FeedDocument = {
      feed: source.feed,
      format: source.format,
      origin: source.origin,
      retrievedAt: source.asOf,
      sha256: createHash('sha256').update(text).digest('hex'),
      note: source.note,
      text,
    };
    parseFeedDocument(document);
    return document;
  });
  return `${JSON.stringify({ version: SNAPSHOT_FILE_VERSION, documents }, null, 2)}\n`;
}

const isMain = process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, check: { type: 'boolean', default: false } },
  });
  const from = values.from ?? join(packageRoot, 'src/__fixtures__/catalog-vectors');
  const target = join(packageRoot, 'src/snapshot/catalog-snapshot.json');
  // Outside vitest and tsup nothing defines the build-time constant @kubenode/core reads.
  (globalThis as { __PACKAGE_VERSION__?: string }).__PACKAGE_VERSION__ ??= '0.0.0-snapshot-script';
  const { parseFeedDocument } = await import('../src/feeds/parse-feed-document.js');
  const text = buildSnapshotText(from, parseFeedDocument);
  if (values.check) {
    const current = readFileSync(target, 'utf8');
    if (current !== text) {
      console.error(`${target} is out of date; run: npm run snapshot -w @kubenode/catalog`);
      process.exit(1);
    }
    console.error(`${target} is up to date`);
  } else {
    writeFileSync(target, text);
    console.error(`wrote ${target} (${SNAPSHOT_SOURCES.length} documents from ${from})`);
  }
}
