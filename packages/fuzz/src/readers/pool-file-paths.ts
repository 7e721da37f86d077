import type { NodePool } from '@kubenode/core';

/**
 * The pool's own files, path → the bytes the node must get. Readers skip these when reading
 * kubenode's generated files, unless the node got other bytes there (kubenode kept its own file).
 */
export type PoolFiles = ReadonlyMap<string, Buffer>;

/** The pool's files with their expected bytes. */
export function poolFilePaths(pool: NodePool): PoolFiles {
  return new Map(
    pool.spec.os.files.map((file) => [
      file.path,
      file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : Buffer.from(file.contents, 'utf8'),
    ]),
  );
}

/** True when the node's file at `path` holds the pool's own bytes. */
export function holdsPoolBytes(poolFiles: PoolFiles, path: string, bytes: Buffer): boolean {
  const expected = poolFiles.get(path);
  return expected !== undefined && expected.equals(bytes);
}

/**
 * Where cloud-init-style formats write the pool's own unit and drop-in texts
 * (`/etc/systemd/system/<unit>` and `<unit>.d/<drop-in>`): free text the pool owns, checked
 * exactly by the unit checks, so not part of a render's structure.
 */
export function poolUnitPaths(pool: NodePool): ReadonlySet<string> {
  const paths = new Set<string>();
  for (const unit of pool.spec.os.units) {
    if (unit.contents !== undefined) paths.add(`/etc/systemd/system/${unit.name}`);
    for (const dropin of unit.dropins) paths.add(`/etc/systemd/system/${unit.name}.d/${dropin.name}`);
  }
  return paths;
}
