import { lstatSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTool } from '../build-tools.js';
import type { ExecFunction } from '../exec-function.js';
import { InvalidBuildInputError } from '../invalid-build-input-error.js';
import { runTool } from '../run-tool.js';

/** Options of {@link buildVfatImage}. */
export interface BuildVfatImageOptions {
  /** The tree to copy into the filesystem (regular files and directories only). */
  readonly sourceDir: string;
  /** The image file to create (replaced if it exists). */
  readonly output: string;
  /** Filesystem size in MiB. */
  readonly sizeMiB: number;
  /** Volume label, at most 11 characters (e.g. `ESP`, `cidata`). */
  readonly label: string;
  /** Volume id, 8 hex digits (deterministic builds pass a derived one). */
  readonly volumeId: string;
  /** FAT size: 32 for an EFI system partition, 12/16 for small volumes. */
  readonly fatSize: 12 | 16 | 32;
  /** Runs mkfs.vfat, mmd and mcopy. */
  readonly exec: ExecFunction;
  readonly signal?: AbortSignal;
}

/**
 * Builds a FAT filesystem image (an EFI system partition, a NoCloud `cidata` seed) from a
 * directory tree with `mkfs.vfat` and mtools (`mmd`, `mcopy -m`), without mounting anything.
 * Directories are created and files copied in sorted order, keeping modification times.
 *
 * @throws {InvalidBuildInputError} for symlinks or special files in the tree.
 * @throws {ExternalToolError} when dosfstools or mtools are missing or fail.
 */
export async function buildVfatImage(options: BuildVfatImageOptions): Promise<void> {
  if (!/^[0-9a-fA-F]{8}$/.test(options.volumeId)) {
    throw new InvalidBuildInputError({ path: 'volumeId', expected: '8 hex digits' });
  }
  if (options.label.length > 11) {
    throw new InvalidBuildInputError({ path: 'label', expected: 'a FAT label of at most 11 characters' });
  }
  const directories: string[] = [];
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(join(options.sourceDir, relative)).sort()) {
      const child = relative === '' ? name : `${relative}/${name}`;
      const stat = lstatSync(join(options.sourceDir, child));
      if (stat.isDirectory()) {
        directories.push(child);
        walk(child);
      } else if (stat.isFile()) files.push(child);
      else {
        throw new InvalidBuildInputError({
          path: `${options.sourceDir}/${child}`,
          expected: 'a regular file or directory (FAT has no symlinks or special files)',
        });
      }
    }
  };
  walk('');
  rmSync(options.output, { force: true });
  writeFileSync(options.output, '');
  truncateSync(options.output, options.sizeMiB * 1024 * 1024);
  const run = (tool: Parameters<typeof buildTool>[0], args: string[]) =>
    runTool({
      exec: options.exec,
      signal: options.signal,
      tool: buildTool(tool),
      args,
      env: { MTOOLS_SKIP_CHECK: '1' },
      timeoutMs: 10 * 60_000,
    });
  await run('mkfs.vfat', [
    '-F',
    String(options.fatSize),
    '-n',
    options.label,
    '-i',
    options.volumeId,
    options.output,
  ]);
  if (directories.length > 0) await run('mmd', ['-i', options.output, ...directories.map((d) => `::/${d}`)]);
  for (const file of files) {
    await run('mcopy', ['-m', '-o', '-i', options.output, join(options.sourceDir, file), `::/${file}`]);
  }
}
