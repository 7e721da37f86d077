import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  linkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { BuildArtifactV1 } from '../../adapter/v1/image-builder-v1.js';
import type { SystemdUnitV1 } from '../../adapter/v1/systemd-unit-v1.js';
import { toSpecIssues } from '../../node-pool/to-spec-issues.js';
import { formatSpecIssue } from '../../errors/spec-issue.js';
import { buildTool } from '../build-tools.js';
import type { ExecFunction } from '../exec-function.js';
import { InvalidBuildInputError } from '../invalid-build-input-error.js';
import { nodeExec } from '../node-exec.js';
import { runTool } from '../run-tool.js';
import { sha256File } from '../sha256-file.js';
import { updateSha256SumsFile } from '../sha256-sums.js';
import {
  extensionReleasePath,
  extensionReleaseSchema,
  renderExtensionRelease,
  SYSEXT_RELOAD_MANAGER_MIN_SYSTEMD,
} from './extension-release.js';
import { sysextReloadHook } from './sysext-reload-hook.js';

/** The squashfs compressors the sysext builder offers (all supported by Linux ≥ 5.x kernels). */
export const SQUASHFS_COMPRESSIONS = ['gzip', 'xz', 'zstd', 'lz4', 'lzo'] as const;
/** The erofs compressors the sysext builder offers (erofs-utils 1.5 on Debian 12 has only lz4). */
export const EROFS_COMPRESSIONS = ['lz4hc', 'lz4'] as const;

/** A fixed erofs filesystem UUID, so two builds of the same tree are byte-identical. */
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** The data options of {@link buildSysextImage}, validated with zod. */
export const sysextImageOptionsSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/, {
        error: 'expected an extension name of letters, digits, "_", ".", "+" or "-", such as containerd',
      })
      .refine((name) => !name.endsWith('.raw'), { error: 'the name must not end in .raw' })
      .describe('Extension name: the image merges as <name>.raw with extension-release.<name>.'),
    version: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.+~-]*$/, { error: 'expected a version such as v1.32.4 or 1.6.20' })
      .describe('Version of the payload, part of the file name <name>-<version>-<arch>.raw.'),
    sourceDir: z.string().min(1).describe('The tree to pack; only usr/ and opt/ may be at its top.'),
    outputDir: z.string().min(1).describe('Where the image, SHA256SUMS and the <name>.raw link are written.'),
    extensionRelease: extensionReleaseSchema,
    format: z.enum(['squashfs', 'erofs']).default('squashfs').describe('Filesystem of the image.'),
    compression: z
      .enum([...SQUASHFS_COMPRESSIONS, ...EROFS_COMPRESSIONS])
      .optional()
      .describe('Compressor: gzip (squashfs default), xz, zstd, lz4, lzo; lz4hc (erofs default) or lz4.'),
    sourceDateEpoch: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('SOURCE_DATE_EPOCH: the timestamp of every file and of the filesystem.'),
    targetSystemdVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('systemd version of the host; below 255 (or unknown) the reload hook is returned.'),
    startUnits: z
      .array(z.string())
      .default([])
      .describe('Units of the extension the reload hook starts after the reload (e.g. containerd.service).'),
    stableSymlink: z
      .boolean()
      .default(true)
      .describe(
        'Also write the symlink <name>.raw → <name>-<version>-<arch>.raw (sysupdate CurrentSymlink).',
      ),
    workDir: z
      .string()
      .min(1)
      .optional()
      .describe('Parent of the temporary staging tree (default: os.tmpdir()).'),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .default(20 * 60_000)
      .describe('Timeout of the mkfs tool.'),
  })
  .superRefine((options, ctx) => {
    const allowed: readonly string[] =
      options.format === 'erofs' ? EROFS_COMPRESSIONS : SQUASHFS_COMPRESSIONS;
    if (options.compression !== undefined && !allowed.includes(options.compression)) {
      ctx.addIssue({
        code: 'custom',
        path: ['compression'],
        message: `${options.format} supports ${allowed.join(', ')}`,
      });
    }
  });

/**
 * Options of {@link buildSysextImage}: what to pack and how, plus the injectable process runner
 * and an abort signal.
 */
export type BuildSysextImageOptions = z.input<typeof sysextImageOptionsSchema> & {
  /** Runs mksquashfs / mkfs.erofs; {@link nodeExec} by default. */
  readonly exec?: ExecFunction;
  /** Aborts the build (the staging tree and partial image are removed). */
  readonly signal?: AbortSignal;
};

/** What {@link buildSysextImage} produced. */
export interface SysextImageResult {
  /** The extension name. */
  readonly name: string;
  /** The payload version. */
  readonly version: string;
  /** `<name>-<version>-<arch>.raw`, the sysext bakery's naming. */
  readonly fileName: string;
  /** Absolute path of the image. */
  readonly path: string;
  /** The name the image must have on the node (`/etc/extensions/<name>.raw` or a link to it). */
  readonly stableName: string;
  /** Absolute path of the `<name>.raw` symlink, when written. */
  readonly stableSymlinkPath: string | undefined;
  /** Image size in bytes. */
  readonly sizeBytes: number;
  /** sha256 of the image, as listed in SHA256SUMS. */
  readonly sha256: string;
  /** Absolute path of the SHA256SUMS file (entries of other images in the directory are kept). */
  readonly sha256SumsPath: string;
  /** `squashfs` or `erofs`. */
  readonly format: 'squashfs' | 'erofs';
  /** The compressor used. */
  readonly compression: string;
  /** The extension-release file as written into the image. */
  readonly extensionRelease: string;
  /** Its path inside the image. */
  readonly extensionReleasePath: string;
  /**
   * The `systemctl daemon-reload` hook unit the host needs in its base image, when its systemd is
   * older than 255 or unknown; undefined when systemd reloads by itself.
   */
  readonly reloadHook: SystemdUnitV1 | undefined;
  /** The image as a build artifact (measure: compressed artifact). */
  readonly artifact: BuildArtifactV1;
}

type TreeEntry = { relative: string; kind: 'dir' | 'file' | 'symlink' };

/** Walks the source tree in sorted order and rejects what a system extension cannot carry. */
function collectTree(sourceDir: string, name: string): TreeEntry[] {
  let top: string[];
  try {
    if (!statSync(sourceDir).isDirectory()) throw new Error('not a directory');
    top = readdirSync(sourceDir).sort();
  } catch (error) {
    throw new InvalidBuildInputError({
      path: `sourceDir (${sourceDir})`,
      expected: 'an existing directory',
      cause: error,
    });
  }
  for (const entry of top) {
    if (entry !== 'usr' && entry !== 'opt') {
      throw new InvalidBuildInputError({
        path: `sourceDir/${entry}`,
        expected: 'only usr/ and opt/ at the top of a system extension (systemd-sysext merges nothing else)',
      });
    }
  }
  if (top.length === 0) {
    throw new InvalidBuildInputError({
      path: `sourceDir (${sourceDir})`,
      expected: 'a usr/ or opt/ directory to pack',
    });
  }
  const entries: TreeEntry[] = [];
  const walk = (relative: string) => {
    const absolute = join(sourceDir, relative);
    const stat = lstatSync(absolute);
    if (stat.isSymbolicLink()) entries.push({ relative, kind: 'symlink' });
    else if (stat.isFile()) entries.push({ relative, kind: 'file' });
    else if (stat.isDirectory()) {
      entries.push({ relative, kind: 'dir' });
      for (const child of readdirSync(absolute).sort()) walk(`${relative}/${child}`);
    } else {
      throw new InvalidBuildInputError({
        path: `sourceDir/${relative}`,
        expected: 'a regular file, directory or symlink (no devices, FIFOs or sockets in an extension)',
      });
    }
  };
  for (const entry of top) {
    if (!lstatSync(join(sourceDir, entry)).isDirectory()) {
      throw new InvalidBuildInputError({ path: `sourceDir/${entry}`, expected: 'a directory' });
    }
    walk(entry);
  }
  const ownRelease = extensionReleasePath(name);
  const foreign = entries.find((entry) => entry.relative.startsWith('usr/lib/extension-release.d/'));
  if (foreign) {
    throw new InvalidBuildInputError({
      path: `sourceDir/${foreign.relative}`,
      expected: `no extension-release file in the tree: the builder writes ${ownRelease} from the options`,
    });
  }
  return entries;
}

/** Copies the tree into the staging directory: modes kept, hard links kept, owners dropped. */
function stageTree(sourceDir: string, staging: string, entries: readonly TreeEntry[]): void {
  const inodes = new Map<string, string>();
  const directoryModes: [string, number][] = [];
  for (const entry of entries) {
    const from = join(sourceDir, entry.relative);
    const to = join(staging, entry.relative);
    const stat = lstatSync(from);
    if (entry.kind === 'dir') {
      mkdirSync(to, { mode: 0o755 });
      directoryModes.push([to, stat.mode & 0o7777]);
    } else if (entry.kind === 'symlink') {
      symlinkSync(readlinkSync(from), to);
    } else {
      const key = `${stat.dev}:${stat.ino}`;
      const first = stat.nlink > 1 ? inodes.get(key) : undefined;
      if (first) linkSync(first, to);
      else {
        copyFileSync(from, to);
        chmodSync(to, stat.mode & 0o7777);
        if (stat.nlink > 1) inodes.set(key, to);
      }
    }
  }
  for (const [path, mode] of directoryModes.reverse()) chmodSync(path, mode);
}

/**
 * Builds a systemd system extension image (a `.raw` squashfs or erofs) from a directory tree,
 * the way Flatcar's sysext bakery names and ships them, and byte-for-byte reproducibly:
 *
 * - the tree is checked (only `usr/` and `opt/`; regular files, directories, symlinks) and staged
 *   with `usr/lib/extension-release.d/extension-release.<name>` added;
 * - every file is owned by root, every timestamp is `sourceDateEpoch` (`SOURCE_DATE_EPOCH`), no
 *   extended attributes are stored, entries are sorted, erofs gets a fixed UUID — so the same
 *   tree and options give the same bytes;
 * - the image is written as `<name>-<version>-<arch>.raw` with its entry in `SHA256SUMS` (other
 *   entries kept) and a `<name>.raw` symlink;
 * - for hosts whose systemd is older than 255 the result carries the reload hook unit, without
 *   which units in the extension stay inactive after the boot-time merge.
 *
 * @throws {InvalidBuildInputError} for bad options or a tree a system extension cannot carry.
 * @throws {ExternalToolError} when mksquashfs / mkfs.erofs is missing (naming its Debian package),
 *   fails or times out.
 */
export async function buildSysextImage(options: BuildSysextImageOptions): Promise<SysextImageResult> {
  const { exec = nodeExec, signal, ...data } = options;
  const parsed = sysextImageOptionsSchema.safeParse(data);
  if (!parsed.success) {
    const issues = toSpecIssues(parsed.error, { schema: sysextImageOptionsSchema });
    throw new InvalidBuildInputError({
      path: 'buildSysextImage options',
      expected: issues.map(formatSpecIssue).join('; '),
      cause: parsed.error,
    });
  }
  const settings = parsed.data;
  const sourceDir = resolve(settings.sourceDir);
  const outputDir = resolve(settings.outputDir);
  const entries = collectTree(sourceDir, settings.name);
  const release = renderExtensionRelease(settings.extensionRelease);
  const releasePath = extensionReleasePath(settings.name);
  const arch = settings.extensionRelease.architecture;
  const fileName = `${settings.name}-${settings.version}-${arch}.raw`;
  const compression = settings.compression ?? (settings.format === 'erofs' ? 'lz4hc' : 'gzip');

  mkdirSync(outputDir, { recursive: true });
  const workDir = settings.workDir ?? tmpdir();
  mkdirSync(workDir, { recursive: true });
  const staging = mkdtempSync(join(workDir, `kubenode-sysext-${settings.name}-`));
  const path = join(outputDir, fileName);
  const partial = join(outputDir, `.${fileName}.kubenode-${process.pid}.tmp`);
  try {
    const tree = join(staging, 'tree');
    mkdirSync(tree, { mode: 0o755 });
    chmodSync(tree, 0o755);
    stageTree(sourceDir, tree, entries);
    mkdirSync(join(tree, 'usr/lib/extension-release.d'), { recursive: true, mode: 0o755 });
    writeFileSync(join(tree, releasePath), release, { mode: 0o644 });
    chmodSync(join(tree, releasePath), 0o644);
    const env = { SOURCE_DATE_EPOCH: String(settings.sourceDateEpoch) };
    rmSync(partial, { force: true });
    if (settings.format === 'squashfs') {
      await runTool({
        exec,
        signal,
        tool: buildTool('mksquashfs', 'build the system extension image'),
        args: [
          tree,
          partial,
          '-noappend',
          '-all-root',
          '-no-xattrs',
          '-comp',
          compression,
          '-quiet',
          '-no-progress',
        ],
        env,
        timeoutMs: settings.timeoutMs,
      });
    } else {
      await runTool({
        exec,
        signal,
        tool: buildTool('mkfs.erofs', 'build the system extension image'),
        args: [
          `-z${compression}`,
          '--all-root',
          `-T${settings.sourceDateEpoch}`,
          `-U${ZERO_UUID}`,
          '-x-1',
          '--quiet',
          partial,
          tree,
        ],
        env,
        timeoutMs: settings.timeoutMs,
      });
    }
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
    rmSync(staging, { recursive: true, force: true });
  }

  const sizeBytes = statSync(path).size;
  const sha256 = await sha256File(path);
  const sha256SumsPath = updateSha256SumsFile(outputDir, [{ fileName, sha256 }]);
  const stableName = `${settings.name}.raw`;
  let stableSymlinkPath: string | undefined;
  if (settings.stableSymlink) {
    stableSymlinkPath = join(outputDir, stableName);
    if (existsSync(stableSymlinkPath) || isDanglingLink(stableSymlinkPath)) {
      if (!lstatSync(stableSymlinkPath).isSymbolicLink()) {
        throw new InvalidBuildInputError({
          path: `outputDir/${stableName}`,
          expected: 'a symlink or nothing (a regular file is there; it is not replaced)',
        });
      }
      rmSync(stableSymlinkPath);
    }
    symlinkSync(fileName, stableSymlinkPath);
  }
  const needsHook =
    settings.targetSystemdVersion === undefined ||
    settings.targetSystemdVersion < SYSEXT_RELOAD_MANAGER_MIN_SYSTEMD;
  return {
    name: settings.name,
    version: settings.version,
    fileName,
    path,
    stableName,
    stableSymlinkPath,
    sizeBytes,
    sha256,
    sha256SumsPath,
    format: settings.format,
    compression,
    extensionRelease: release,
    extensionReleasePath: releasePath,
    reloadHook: needsHook ? sysextReloadHook({ startUnits: settings.startUnits }) : undefined,
    artifact: { name: fileName, path, sizeBytes, sha256, measure: 'compressed artifact' },
  };
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
