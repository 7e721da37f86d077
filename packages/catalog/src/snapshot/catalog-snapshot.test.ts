import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSnapshotText } from '../../scripts/build-snapshot.js';
import { SNAPSHOT_SOURCES } from '../../scripts/snapshot-manifest.js';
import { CATALOG_FEEDS } from '../feeds/catalog-feeds.js';
import { parseFeedDocument } from '../feeds/parse-feed-document.js';
import { VECTORS_DIR } from '../test-support/vectors.js';
import { snapshotDocuments } from './snapshot-documents.js';

const vectorsDir = fileURLToPath(VECTORS_DIR);

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

const vectorFiles = listFiles(vectorsDir)
  .map((file) => relative(vectorsDir, file))
  .filter((file) => file !== 'SOURCES.md')
  .sort();

describe('catalog vectors', () => {
  it('every vector file is a snapshot source', () => {
    expect(vectorFiles).toHaveLength(24);
    expect([...SNAPSHOT_SOURCES.map((source) => source.file)].sort()).toEqual(vectorFiles);
  });

  it.each(vectorFiles)('%s parses with its feed parser', (file) => {
    const source = SNAPSHOT_SOURCES.find((entry) => entry.file === file)!;
    const text = readFileSync(join(vectorsDir, file), 'utf8');
    const parsed = parseFeedDocument({
      feed: source.feed,
      format: source.format,
      origin: source.origin,
      retrievedAt: source.asOf,
      sha256: createHash('sha256').update(text).digest('hex'),
      text,
    });
    expect(parsed.document.feed).toBe(source.feed);
  });
});

describe('embedded snapshot', () => {
  it('is exactly what scripts/build-snapshot.ts builds from the vectors (regenerate with npm run snapshot)', () => {
    const built = buildSnapshotText(vectorsDir, parseFeedDocument);
    const checkedIn = readFileSync(new URL('./catalog-snapshot.json', import.meta.url), 'utf8');
    expect(checkedIn === built).toBe(true);
  });

  it('holds one document per feed, byte-identical to the vector, with its origin and SHA-256', () => {
    const documents = snapshotDocuments();
    expect(documents.map((document) => document.feed)).toEqual(CATALOG_FEEDS.map((feed) => feed.id));
    for (const document of documents) {
      const source = SNAPSHOT_SOURCES.find((entry) => entry.feed === document.feed)!;
      const text = readFileSync(join(vectorsDir, source.file), 'utf8');
      expect(document.text).toBe(text);
      expect(document.sha256).toBe(createHash('sha256').update(text).digest('hex'));
      expect(document.origin).toBe(source.origin);
    }
    expect(documents.find((document) => document.feed === 'flatcar/releases-stable')!.origin).toBe(
      'flatcar/flatcar-website:static/releases-json/releases-stable.json@2075ef37b38aa0c217c98f77c76181e1d24b79bb',
    );
  });
});
