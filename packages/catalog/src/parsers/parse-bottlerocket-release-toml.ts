import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import type { CatalogSource } from '../model/catalog-source.js';
import { fieldSource, parseWith, type FeedContext } from './feed-context.js';

const documentSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'expected a version X.Y.Z' }),
  migrations: z.record(z.string(), z.array(z.string())).optional(),
});

/** One migration step of `Release.toml`: from, to, and the migration files it runs. */
export interface BottlerocketMigration {
  readonly from: string;
  readonly to: string;
  readonly migrations: readonly string[];
}

/** The parsed `Release.toml`. */
export interface BottlerocketReleaseToml {
  /** The version the repository builds (`1.26.1`). */
  readonly version: string;
  readonly migrations: readonly BottlerocketMigration[];
  readonly source: CatalogSource;
}

const PAIR = /^\(\s*(\d+\.\d+\.\d+)\s*,\s*(\d+\.\d+\.\d+)\s*\)$/;

/** Parses Bottlerocket's `Release.toml`: the current version and the `[migrations]` map `"(from, to)" = [...]`. */
export function parseBottlerocketReleaseToml(text: string, context: FeedContext): BottlerocketReleaseToml {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (error) {
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [{ path: '(document)', message: `not TOML: ${(error as Error).message}` }],
      cause: error,
    });
  }
  const document = parseWith(documentSchema, raw, context);
  const migrations = Object.entries(document.migrations ?? {}).map(([key, files]) => {
    const pair = PAIR.exec(key);
    if (!pair)
      throw new CatalogFeedError({
        feed: context.feed,
        location: context.location,
        problems: [{ path: `migrations[${JSON.stringify(key)}]`, message: 'expected a key "(from, to)"' }],
      });
    return { from: pair[1]!, to: pair[2]!, migrations: files };
  });
  return { version: document.version, migrations, source: fieldSource(context, 'version') };
}
