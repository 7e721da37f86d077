import { rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { buildTool } from '../build-tools.js';
import type { ExecFunction } from '../exec-function.js';
import { InvalidBuildInputError } from '../invalid-build-input-error.js';
import { runTool } from '../run-tool.js';

/** Options of {@link buildExt4Image}. */
export interface BuildExt4ImageOptions {
  /** The tree to copy into the filesystem (`mkfs.ext4 -d`); ownership and modes are kept. */
  readonly sourceDir: string;
  /** The image file to create (replaced if it exists). */
  readonly output: string;
  /** Filesystem size in MiB. */
  readonly sizeMiB: number;
  /** Volume label (at most 16 bytes). */
  readonly label: string;
  /** Filesystem UUID; also used as the directory hash seed, so the image is deterministic. */
  readonly uuid: string;
  /** Timestamp for the superblock (`E2FSPROGS_FAKE_TIME`), seconds since the epoch. */
  readonly sourceDateEpoch?: number;
  /** Runs mkfs.ext4 and e2fsck. */
  readonly exec: ExecFunction;
  readonly signal?: AbortSignal;
}

/**
 * Builds an ext4 filesystem image from a directory tree without mounting it or using a loop
 * device (`mkfs.ext4 -d`), with 4 KiB blocks (mke2fs would pick 1 KiB blocks for images under
 * 512 MiB), then checks it with `e2fsck -fn`. Returns the image size in bytes.
 *
 * @throws {ExternalToolError} when mkfs.ext4 or e2fsck is missing or fails.
 */
export async function buildExt4Image(options: BuildExt4ImageOptions): Promise<number> {
  if (!Number.isInteger(options.sizeMiB) || options.sizeMiB < 8) {
    throw new InvalidBuildInputError({ path: 'sizeMiB', expected: 'an integer of at least 8 MiB' });
  }
  if (Buffer.byteLength(options.label) > 16) {
    throw new InvalidBuildInputError({ path: 'label', expected: 'an ext4 label of at most 16 bytes' });
  }
  rmSync(options.output, { force: true });
  writeFileSync(options.output, '');
  truncateSync(options.output, options.sizeMiB * 1024 * 1024);
  const env: Record<string, string> = { MKE2FS_CONFIG: '/dev/null' };
  if (options.sourceDateEpoch !== undefined) env.E2FSPROGS_FAKE_TIME = String(options.sourceDateEpoch);
  await runTool({
    exec: options.exec,
    signal: options.signal,
    tool: buildTool('mkfs.ext4'),
    args: [
      '-q',
      '-F',
      '-t',
      'ext4',
      '-b',
      '4096',
      '-i',
      '16384',
      '-I',
      '256',
      '-O',
      'has_journal,extent,huge_file,flex_bg,metadata_csum,64bit,dir_nlink,extra_isize',
      '-L',
      options.label,
      '-U',
      options.uuid,
      '-E',
      `hash_seed=${options.uuid},lazy_itable_init=0,lazy_journal_init=0`,
      '-d',
      options.sourceDir,
      options.output,
    ],
    env,
    timeoutMs: 15 * 60_000,
  });
  await runTool({
    exec: options.exec,
    signal: options.signal,
    tool: buildTool('e2fsck'),
    args: ['-f', '-n', options.output],
    timeoutMs: 10 * 60_000,
  });
  return statSync(options.output).size;
}
