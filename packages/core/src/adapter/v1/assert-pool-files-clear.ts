import { UnsupportedFeatureError } from '../../errors/unsupported-feature-error.js';
import type { NodePool } from '../../node-pool/node-pool-schema.js';

/** Paths a pool file must not take, because kubenode or the pool's units write them. */
export interface ReservedPathsV1 {
  /** Where the adapter writes the kubeadm JoinConfiguration (it holds the bootstrap token). */
  readonly joinConfiguration?: string;
  /** Unit and drop-in files the output writes, each with its unit's name ({@link systemdUnitPaths}). */
  readonly unitPaths?: ReadonlyMap<string, string>;
}

/**
 * Refuses a pool file (`spec.os.files[i]`) at a path the output needs for something else, naming
 * `spec.os.files[i].path`:
 * - the kubeadm JoinConfiguration: the pool's file would replace it (or be dropped), and the node
 *   could not join with the pool's bootstrap token and settings;
 * - a unit or drop-in file: the file and the unit cannot both be there (one would silently
 *   replace the other; Ignition refuses such a config).
 *
 * Call it in `provision` after {@link assertFeaturesSupported}.
 *
 * @throws {UnsupportedFeatureError} naming the file's path field.
 */
export function assertPoolFilesClear(pool: NodePool, distro: string, reserved: ReservedPathsV1): void {
  pool.spec.os.files.forEach((file, index) => {
    const field = `spec.os.files[${index}].path`;
    if (file.path === reserved.joinConfiguration) {
      throw new UnsupportedFeatureError({
        field,
        distro,
        reason: `kubenode writes the kubeadm JoinConfiguration (with the bootstrap token) at ${file.path}`,
        alternative: 'set join settings through spec.kubernetes, or write your file elsewhere',
      });
    }
    const unit = reserved.unitPaths?.get(file.path);
    if (unit !== undefined) {
      throw new UnsupportedFeatureError({
        field,
        distro,
        reason: `the systemd unit ${unit} is written at ${file.path}: the file and the unit cannot both be there`,
        alternative: `declare the unit only in spec.os.units (name ${unit}), or write the file elsewhere`,
      });
    }
  });
}
