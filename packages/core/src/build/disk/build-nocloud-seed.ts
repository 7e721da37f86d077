import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecFunction } from '../exec-function.js';
import { buildVfatImage } from './build-vfat-image.js';
import { deterministicVolumeId } from './deterministic-uuid.js';

/** Options of {@link buildNoCloudSeed}. */
export interface BuildNoCloudSeedOptions {
  /** The `user-data` file: `#cloud-config` YAML or a MIME multi-part document. */
  readonly userData: string;
  /** The `meta-data` file (YAML), e.g. `instance-id: node-1\nlocal-hostname: node-1\n`. */
  readonly metaData: string;
  /** An optional `network-config` file (network config v1 or v2 YAML). */
  readonly networkConfig?: string;
  /** The seed image file to write. */
  readonly output: string;
  /** Runs mkfs.vfat and mcopy. */
  readonly exec: ExecFunction;
  readonly signal?: AbortSignal;
  /** Parent of the temporary staging directory (default: os.tmpdir()). */
  readonly workDir?: string;
}

/**
 * Builds a cloud-init NoCloud seed, the equivalent of `cloud-localds`: a FAT volume labelled
 * `cidata` holding `user-data`, `meta-data` and optionally `network-config`, attached to a VM as
 * a second disk. Built with mkfs.vfat and mtools, without mounting anything. The file holds the
 * user-data's secrets (a bootstrap token): it is written mode 0600.
 */
export async function buildNoCloudSeed(options: BuildNoCloudSeedOptions): Promise<void> {
  const staging = mkdtempSync(join(options.workDir ?? tmpdir(), 'kubenode-seed-'));
  try {
    const tree = join(staging, 'tree');
    mkdirSync(tree);
    const files: [string, string][] = [
      ['meta-data', options.metaData],
      ['user-data', options.userData],
      ...(options.networkConfig === undefined
        ? []
        : ([['network-config', options.networkConfig]] as [string, string][])),
    ];
    let bytes = 0;
    for (const [name, contents] of files) {
      writeFileSync(join(tree, name), contents, { mode: 0o600 });
      utimesSync(join(tree, name), 0, 0);
      bytes += Buffer.byteLength(contents);
    }
    const sizeMiB = Math.max(2, Math.ceil((bytes * 1.2) / (1024 * 1024)) + 1);
    await buildVfatImage({
      sourceDir: tree,
      output: options.output,
      sizeMiB,
      label: 'cidata',
      volumeId: deterministicVolumeId(options.userData + options.metaData, 'cidata'),
      fatSize: sizeMiB > 16 ? 16 : 12,
      exec: options.exec,
      signal: options.signal,
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
