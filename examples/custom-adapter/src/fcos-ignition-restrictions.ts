import { UnsupportedFeatureError, type NodePool, type SystemdUnitV1 } from '@kubenode/core';
import { checkUnitSyntax, SPECIAL_MODE_BITS } from 'ignition-config-ts';

/**
 * Refuses, naming the field, what Ignition would refuse (the whole config) or silently not
 * apply: unit and drop-in contents it cannot parse, setuid/setgid/sticky bits (ignored before
 * spec 3.6.0; this adapter writes 3.3.0), and pool files at a path where a unit or drop-in is
 * written.
 *
 * @param units every unit the config writes (the adapter's and the pool's, merged by name).
 * @throws {UnsupportedFeatureError}
 */
export function assertIgnitionCanApply(
  pool: NodePool,
  units: readonly SystemdUnitV1[],
  adapterId: string,
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
  const unitPaths = new Map<string, string>();
  for (const unit of units) {
    if (unit.contents !== undefined || unit.mask)
      unitPaths.set(`/etc/systemd/system/${unit.name}`, unit.name);
    for (const dropin of unit.dropins)
      unitPaths.set(`/etc/systemd/system/${unit.name}.d/${dropin.name}`, unit.name);
  }
  pool.spec.os.files.forEach((file, index) => {
    if ((file.mode & SPECIAL_MODE_BITS) !== 0) {
      throw refuse(
        `spec.os.files[${index}].mode`,
        'Ignition spec 3.3.0 ignores setuid, setgid and sticky bits',
        'set them from a oneshot unit (chmod)',
      );
    }
    const unit = unitPaths.get(file.path);
    if (unit !== undefined) {
      throw refuse(
        `spec.os.files[${index}].path`,
        `the unit ${unit} is written at ${file.path}; Ignition refuses a file there`,
        `declare the unit in spec.os.units (name ${unit})`,
      );
    }
  });
}
