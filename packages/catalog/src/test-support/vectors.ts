import { readFileSync } from 'node:fs';
import type { FeedContext } from '../parsers/feed-context.js';

/** The catalog vectors (a copy of shared/vectors/catalog), test data only. */
export const VECTORS_DIR = new URL('../__fixtures__/catalog-vectors/', import.meta.url);

/** Reads a vector file by its path below the vectors directory. */
export function readVector(path: string): string {
  return readFileSync(new URL(path, VECTORS_DIR), 'utf8');
}

/** A parser context for a vector file. */
export function vectorContext(feed: string, path: string): FeedContext {
  return { feed, location: `vectors/${path}` };
}

/** The date every catalog test assesses lifecycles at, unless it says otherwise. */
export const TEST_NOW = new Date('2026-08-22T12:00:00Z');
