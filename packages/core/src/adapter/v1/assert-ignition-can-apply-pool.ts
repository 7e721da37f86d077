import { checkUnitSyntax, SPECIAL_MODE_BITS } from 'ignition-config-ts';
import { UnsupportedFeatureError } from '../../errors/unsupported-feature-error.js';
import type { NodePool } from '../../node-pool/node-pool-schema.js';

/** Options of {@link assertIgnitionCanApplyPool}. */
export interface IgnitionCanApplyPoolOptions {
  /**
   * The alternative named when a file asks for setuid, setgid or sticky bits (default: set them
   * from a oneshot unit with chmod); adapters add what their distro offers besides.
   */
  readonly specialBitsAlternative?: string;
}

/**
 * Refuses, naming the field, what an Ignition config written from the pool would lose or have
 * refused: unit and drop-in contents Ignition cannot parse as unit files (`spec.os.units[i].contents`,
 * `spec.os.units[i].dropins[j].contents`: Ignition rejects the whole config), and files with
 * setuid, setgid or sticky bits (`spec.os.files[i].mode`: Ignition ignores them before spec
 * 3.6.0, which no first-party distro reads). Shared by every adapter that writes Ignition.
 *
 * @throws {UnsupportedFeatureError} naming the field.
 */
export function assertIgnitionCanApplyPool(
  pool: NodePool,
  distro: string,
  options: IgnitionCanApplyPoolOptions = {},
): void {
  const refuse = (field: string, reason: string, alternative: string) =>
    new UnsupportedFeatureError({ field, distro, reason, alternative });
  const syntax = 'write systemd unit syntax: [Section] headers and Key=Value lines of at most 2048 bytes';
  pool.spec.os.units.forEach((unit, index) => {
    const problem = unit.contents === undefined ? undefined : checkUnitSyntax(unit.contents).error;
    if (problem) {
      throw refuse(
        `spec.os.units[${index}].contents`,
        `Ignition refuses the whole config when a unit is not a unit file it can parse (${problem})`,
        syntax,
      );
    }
    unit.dropins.forEach((dropin, dropinIndex) => {
      const dropinProblem = checkUnitSyntax(dropin.contents).error;
      if (dropinProblem) {
        throw refuse(
          `spec.os.units[${index}].dropins[${dropinIndex}].contents`,
          `Ignition refuses the whole config when a drop-in is not a unit file it can parse (${dropinProblem})`,
          syntax,
        );
      }
    });
  });
  pool.spec.os.files.forEach((file, index) => {
    if ((file.mode & SPECIAL_MODE_BITS) !== 0) {
      throw refuse(
        `spec.os.files[${index}].mode`,
        `Ignition ignores setuid, setgid and sticky bits before spec 3.6.0: the file would get mode 0${(file.mode & 0o777).toString(8)}`,
        options.specialBitsAlternative ?? 'set the special bits from a oneshot unit (chmod)',
      );
    }
  });
}
