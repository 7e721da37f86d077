import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { feedDocumentSchema, type FeedDocument } from '../feeds/feed-document.js';

const fileName = (feed: string) => `${feed.replace('/', '__')}.json`;

/**
 * The directory `refresh` caches feed documents in: `$KUBENODE_CATALOG_DIR`, else
 * `$XDG_CACHE_HOME/kubenode/catalog`, else `<home>/.cache/kubenode/catalog`.
 */
export function defaultCatalogCacheDirectory(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string {
  if (env.KUBENODE_CATALOG_DIR) return env.KUBENODE_CATALOG_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'kubenode', 'catalog');
  return join(home, '.cache', 'kubenode', 'catalog');
}

/** Cached documents and the files that were ignored, with the reason. */
export interface CatalogCacheContents {
  readonly documents: readonly FeedDocument[];
  readonly ignored: readonly { readonly file: string; readonly reason: string }[];
}

/**
 * Reads the cached feed documents of a directory; a missing directory is an empty cache. Files
 * that are not valid documents, or whose text no longer matches their recorded SHA-256, are
 * ignored and reported.
 */
export function readCatalogCache(directory: string): CatalogCacheContents {
  let names: string[];
  try {
    names = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { documents: [], ignored: [] };
    throw error;
  }
  const documents: FeedDocument[] = [];
  const ignored: { file: string; reason: string }[] = [];
  for (const name of names) {
    const file = join(directory, name);
    try {
      const parsed = feedDocumentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) {
        ignored.push({
          file,
          reason: `not a feed document: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        });
        continue;
      }
      const digest = createHash('sha256').update(parsed.data.text).digest('hex');
      if (digest !== parsed.data.sha256) {
        ignored.push({ file, reason: 'text does not match its recorded sha256' });
        continue;
      }
      if (fileName(parsed.data.feed) !== name) {
        ignored.push({
          file,
          reason: `holds feed ${parsed.data.feed}, expected file ${fileName(parsed.data.feed)}`,
        });
        continue;
      }
      documents.push(parsed.data);
    } catch (error) {
      ignored.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { documents, ignored };
}

/** Writes feed documents to the cache directory (one file per feed, replaced atomically); returns the paths. */
export function writeCatalogCache(directory: string, documents: readonly FeedDocument[]): string[] {
  mkdirSync(directory, { recursive: true });
  return documents.map((document) => {
    const target = join(directory, fileName(document.feed));
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o644 });
    renameSync(temporary, target);
    return target;
  });
}
