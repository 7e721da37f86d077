import {
  assertManagedUnitsKept,
  assertPoolFilesClear,
  UnsupportedFeatureError,
  type NodePool,
} from '@kubenode/core';
import { checkUnitSyntax, SPECIAL_MODE_BITS } from 'ignition-config-ts';

/**
 * Refuses what Ignition would refuse or silently not apply, before rendering, naming the field
 * (so a node never boots with a config Ignition rejects):
 * - unit and drop-in contents Ignition cannot parse as unit files;
 * - setuid, setgid and sticky bits (Ignition honours them only from spec 3.6.0, which Flatcar
 *   does not read);
 * - with core's shared checks: a pool file at the JoinConfiguration's path (kubenode writes the
 *   bootstrap token there) or where a systemd unit or drop-in is written (Ignition refuses the
 *   config), and a pool unit that masks or disables a unit kubenode enables.
 *
 * @param reserved the JoinConfiguration's path, the paths of the unit and drop-in files the config
 *   writes (with the unit's name), and the units kubenode enables and the node needs.
 * @throws {UnsupportedFeatureError} naming the field.
 */
export function assertFlatcarPoolExpressible(
  pool: NodePool,
  adapterId: string,
  reserved: {
    readonly joinConfiguration: string;
    readonly unitPaths: ReadonlyMap<string, string>;
    readonly managedUnits: readonly string[];
  },
): void {
  assertManagedUnitsKept(pool, adapterId, reserved.managedUnits);
  const refuse = (field: string, reason: string, alternative: string) =>
    new UnsupportedFeatureError({ field, distro: adapterId, reason, alternative });
  pool.spec.os.units.forEach((unit, index) => {
    const problem = unit.contents === undefined ? undefined : checkUnitSyntax(unit.contents).error;
    if (problem) {
      throw refuse(
        `spec.os.units[${index}].contents`,
        `Ignition refuses the whole config when a unit is not a unit file it can parse (${problem})`,
        'write the unit as systemd unit syntax: [Section] headers and Key=Value lines of at most 2048 bytes',
      );
    }
    unit.dropins.forEach((dropin, dropinIndex) => {
      const dropinProblem = checkUnitSyntax(dropin.contents).error;
      if (dropinProblem) {
        throw refuse(
          `spec.os.units[${index}].dropins[${dropinIndex}].contents`,
          `Ignition refuses the whole config when a drop-in is not a unit file it can parse (${dropinProblem})`,
          'write the drop-in as systemd unit syntax: [Section] headers and Key=Value lines of at most 2048 bytes',
        );
      }
    });
  });
  pool.spec.os.files.forEach((file, index) => {
    if ((file.mode & SPECIAL_MODE_BITS) !== 0) {
      throw refuse(
        `spec.os.files[${index}].mode`,
        `Ignition ignores setuid, setgid and sticky bits before spec 3.6.0, which Flatcar does not read: the file would get mode 0${(file.mode & 0o777).toString(8)}`,
        'set the special bits from a oneshot unit (chmod), or ship the file in a systemd-sysext image',
      );
    }
  });
  assertPoolFilesClear(pool, adapterId, reserved);
}
