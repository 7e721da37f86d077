import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The copied upstream vectors (see src/__fixtures__/vectors/SOURCES.md). */
export const VECTORS = new URL('../../src/__fixtures__/vectors/', import.meta.url).pathname;

/** Every file of a vector folder, as [name, text]. */
export function vectorFiles(folder: 'ignition' | 'butane' | 'schemas'): [string, string][] {
  return readdirSync(join(VECTORS, folder))
    .sort()
    .map((name) => [name, readFileSync(join(VECTORS, folder, name), 'utf8')]);
}
