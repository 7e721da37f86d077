import { rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { buildTool } from '../build-tools.js';
import type { ExecFunction } from '../exec-function.js';
import { InvalidBuildInputError } from '../invalid-build-input-error.js';
import { runTool } from '../run-tool.js';
import { copyIntoImage } from './copy-into-image.js';

/** GPT partition type GUIDs kubenode writes (UEFI spec and the Discoverable Partitions Specification). */
export const GPT_PARTITION_TYPES = {
  /** EFI system partition. */
  esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  /** Root partition, x86-64. */
  'root-x86-64': '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709',
  /** Root partition, arm64. */
  'root-arm64': 'B921B045-1DF0-41C3-AF44-4C6F280D3FAE',
  /** Generic Linux filesystem data. */
  linux: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
} as const;

/** One partition of {@link assembleGptDisk}. */
export interface GptPartition {
  /** GPT partition name (PARTLABEL), e.g. `esp`, `root`. */
  readonly name: string;
  /** Partition type GUID, e.g. {@link GPT_PARTITION_TYPES}.esp. */
  readonly type: string;
  /** Unique partition GUID (PARTUUID). */
  readonly uuid: string;
  /** The filesystem image placed in the partition; its size (rounded up to MiB) is the partition's. */
  readonly image: string;
}

/** Options of {@link assembleGptDisk}. */
export interface AssembleGptDiskOptions {
  /** The disk image file to create (replaced if it exists). */
  readonly output: string;
  /** Disk GUID of the partition table. */
  readonly diskUuid: string;
  /** Partitions, in order; each starts at the next MiB boundary (the first at 1 MiB). */
  readonly partitions: readonly GptPartition[];
  /** Runs sfdisk. */
  readonly exec: ExecFunction;
  readonly signal?: AbortSignal;
}

const MIB = 1024 * 1024;
const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/**
 * Assembles a GPT disk image from filesystem images without loop devices: the table is written
 * by `sfdisk` on the image file, each partition image is copied in at its offset (zero blocks
 * skipped, so the disk stays sparse). Partitions are MiB-aligned; 1 MiB stays free at the end for
 * the backup table. Returns the disk size and each partition's start and size in MiB.
 *
 * @throws {InvalidBuildInputError} for malformed GUIDs or names.
 * @throws {ExternalToolError} when sfdisk (package fdisk) is missing or fails.
 */
export async function assembleGptDisk(
  options: AssembleGptDiskOptions,
): Promise<{ sizeBytes: number; partitions: { name: string; startMiB: number; sizeMiB: number }[] }> {
  if (!GUID.test(options.diskUuid))
    throw new InvalidBuildInputError({ path: 'diskUuid', expected: 'a GUID' });
  let next = 1;
  const layout = options.partitions.map((partition, index) => {
    if (!GUID.test(partition.type) || !GUID.test(partition.uuid)) {
      throw new InvalidBuildInputError({ path: `partitions[${index}]`, expected: 'type and uuid as GUIDs' });
    }
    if (!/^[A-Za-z0-9_.-]{1,36}$/.test(partition.name)) {
      throw new InvalidBuildInputError({
        path: `partitions[${index}].name`,
        expected: 'a short name of [A-Za-z0-9_.-]',
      });
    }
    const sizeMiB = Math.ceil(statSync(partition.image).size / MIB);
    const entry = { ...partition, startMiB: next, sizeMiB };
    next += sizeMiB;
    return entry;
  });
  const totalMiB = next + 1;
  rmSync(options.output, { force: true });
  writeFileSync(options.output, '');
  truncateSync(options.output, totalMiB * MIB);
  const script = [
    'label: gpt',
    `label-id: ${options.diskUuid.toUpperCase()}`,
    'unit: sectors',
    'sector-size: 512',
    ...layout.map(
      (partition) =>
        `start=${partition.startMiB * 2048}, size=${partition.sizeMiB * 2048}, type=${partition.type.toUpperCase()}, uuid=${partition.uuid.toUpperCase()}, name="${partition.name}"`,
    ),
    '',
  ].join('\n');
  await runTool({
    exec: options.exec,
    signal: options.signal,
    tool: buildTool('sfdisk', 'write the GPT partition table'),
    args: ['--quiet', '--no-reread', '--no-tell-kernel', '--wipe', 'always', options.output],
    input: script,
    timeoutMs: 60_000,
  });
  for (const partition of layout) copyIntoImage(partition.image, options.output, partition.startMiB * MIB);
  return {
    sizeBytes: totalMiB * MIB,
    partitions: layout.map(({ name, startMiB, sizeMiB }) => ({ name, startMiB, sizeMiB })),
  };
}
