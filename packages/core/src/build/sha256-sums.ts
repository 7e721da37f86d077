import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidBuildInputError } from './invalid-build-input-error.js';

/** One line of a `SHA256SUMS` file. */
export interface Sha256SumEntry {
  /** File name, relative to the directory holding `SHA256SUMS`. */
  readonly fileName: string;
  /** Lower-case hex sha256 of the file. */
  readonly sha256: string;
}

/**
 * Renders a `SHA256SUMS` file in the format `sha256sum --check` reads (`<hex>  <name>`, text
 * mode), sorted by file name so the same set of files always gives the same bytes.
 */
export function renderSha256Sums(entries: readonly Sha256SumEntry[]): string {
  const byName = new Map<string, string>();
  for (const entry of entries) {
    if (!/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw new InvalidBuildInputError({
        path: `SHA256SUMS: ${entry.fileName}`,
        expected: 'a lower-case hex sha256 (64 characters)',
      });
    }
    if (
      entry.fileName !== basename(entry.fileName) ||
      /[\n\\]/.test(entry.fileName) ||
      entry.fileName === ''
    ) {
      throw new InvalidBuildInputError({
        path: `SHA256SUMS: ${JSON.stringify(entry.fileName)}`,
        expected: 'a plain file name without "/", "\\" or newlines',
      });
    }
    byName.set(entry.fileName, entry.sha256);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([fileName, sha256]) => `${sha256}  ${fileName}\n`)
    .join('');
}

/** Parses a `SHA256SUMS` file (`<hex>  <name>` or `<hex> *<name>` lines); other lines are ignored. */
export function parseSha256Sums(text: string): Sha256SumEntry[] {
  const entries: Sha256SumEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (match) entries.push({ sha256: match[1]!, fileName: match[2]! });
  }
  return entries;
}

/**
 * Adds or replaces entries in `<directory>/SHA256SUMS`, keeping the entries of other files
 * (several images may share one directory, as the sysext bakery's releases do). Written
 * atomically. Returns the file's path.
 */
export function updateSha256SumsFile(directory: string, entries: readonly Sha256SumEntry[]): string {
  const path = join(directory, 'SHA256SUMS');
  const existing = existsSync(path) ? parseSha256Sums(readFileSync(path, 'utf8')) : [];
  const temporary = `${path}.kubenode-${process.pid}.tmp`;
  writeFileSync(temporary, renderSha256Sums([...existing, ...entries]), { mode: 0o644 });
  renameSync(temporary, path);
  return path;
}
