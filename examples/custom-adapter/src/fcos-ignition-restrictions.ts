import {
  assertManagedUnitsKept,
  assertPoolFilesClear,
  systemdUnitPaths,
  UnsupportedFeatureError,
  type NodePool,
  type SystemdUnitV1,
} from '@kubenode/core';
import { checkUnitSyntax, SPECIAL_MODE_BITS } from 'ignition-config-ts';

/**
 * Refuses, naming the field, what Ignition would refuse (the whole config) or silently not
 * apply: unit and drop-in contents it cannot parse, setuid/setgid/sticky bits (ignored before
 * spec 3.6.0; this adapter writes 3.3.0), pool files at the JoinConfiguration's path or where a
 * unit or drop-in is written, and pool units that mask or disable a unit the adapter enables.
 *
 * @param units every unit the config writes (the adapter's and the pool's, merged by name).
 * @param reserved the JoinConfiguration's path and the units the node needs (enabled by the adapter).
 * @throws {UnsupportedFeatureError}
 */
export function assertIgnitionCanApply(
  pool: NodePool,
  units: readonly SystemdUnitV1[],
  adapterId: string,
  reserved: { readonly joinConfiguration: string; readonly managedUnits: readonly string[] },
): void {
  const refuse = (field: string, reason: string, alternative: string) =>
    new UnsupportedFeatureError({ field, distro: adapterId, reason, alternative });
  pool.spec.os.units.forEach((unit, index) => {
    const texts = [
      { field: `spec.os.units[${index}].contents`, text: unit.contents },
      ...unit.dropins.map((dropin, d) => ({
        field: `spec.os.units[${index}].dropins[${d}].contents`,
        text: dropin.contents,
      })),
    ];
    for (const { field, text } of texts) {
      const problem = text === undefined ? undefined : checkUnitSyntax(text).error;
      if (problem) {
        throw refuse(
          field,
          `Ignition refuses the whole config: not a unit file it can parse (${problem})`,
          'write systemd unit syntax: [Section] headers and Key=Value lines of at most 2048 bytes',
        );
      }
    }
  });
  pool.spec.os.files.forEach((file, index) => {
    if ((file.mode & SPECIAL_MODE_BITS) !== 0) {
      throw refuse(
        `spec.os.files[${index}].mode`,
        'Ignition spec 3.3.0 ignores setuid, setgid and sticky bits',
        'set them from a oneshot unit (chmod)',
      );
    }
  });
  // Core's shared checks: no pool file at the JoinConfiguration or a unit's path, and no mask on
  // (or disabling of) a unit this adapter enables.
  assertPoolFilesClear(pool, adapterId, {
    joinConfiguration: reserved.joinConfiguration,
    unitPaths: systemdUnitPaths(units),
  });
  assertManagedUnitsKept(pool, adapterId, reserved.managedUnits);
}
