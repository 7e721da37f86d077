import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Apparent size and entry count of a directory tree (symlinks not followed, hard links counted once). */
export interface TreeSize {
  /** Sum of the apparent sizes of regular files and symlinks, in bytes. */
  readonly bytes: number;
  /** Number of entries (files, directories, links, special files). */
  readonly entries: number;
}

/** Measures a directory tree without external tools. */
export function treeSize(root: string): TreeSize {
  let bytes = 0;
  let entries = 0;
  const inodes = new Set<string>();
  const walk = (path: string) => {
    const stat = lstatSync(path);
    entries++;
    if (stat.isDirectory()) {
      bytes += 4096;
      for (const child of readdirSync(path)) walk(join(path, child));
    } else if (stat.isFile() && stat.nlink > 1) {
      const key = `${stat.dev}:${stat.ino}`;
      if (!inodes.has(key)) bytes += stat.size;
      inodes.add(key);
    } else bytes += stat.size;
  };
  walk(root);
  return { bytes, entries };
}
