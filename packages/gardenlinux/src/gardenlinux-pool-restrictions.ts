import {
  assertManagedUnitsKept,
  systemdUnitPaths,
  UnsupportedFeatureError,
  type NodePool,
} from '@kubenode/core';
import { checkUnitSyntax, SPECIAL_MODE_BITS } from 'ignition-config-ts';
import { JOIN_UNIT } from './gardenlinux-node-plan.js';

/**
 * Refuses, before rendering and naming the field, what the output would otherwise silently lose
 * or what Ignition would refuse:
 * - a pool unit that masks or disables containerd.service, kubelet.service or (standalone) the
 *   join unit: the node needs them, and the output would enable them anyway (core's shared check);
 * - a pool file at the path of one of the pool's own unit, mask or drop-in files (the unit's text
 *   would replace the file's bytes and mode; in Gardener mode the OperatingSystemConfig would
 *   hold two files at one path);
 * - on Ignition flavours, unit and drop-in contents Ignition cannot parse as unit files (it
 *   refuses the whole config), and setuid, setgid or sticky bits (Ignition 3.3.0 ignores them).
 *
 * @throws {UnsupportedFeatureError} naming the field.
 */
export function assertGardenLinuxPoolExpressible(
  pool: NodePool,
  adapterId: string,
  format: 'gardener' | 'cloud-init' | 'ignition',
): void {
  const refuse = (field: string, reason: string, alternative: string) =>
    new UnsupportedFeatureError({ field, distro: adapterId, reason, alternative });
  // Core's shared check: kubenode (or Gardener) enables these, and the node needs them.
  assertManagedUnitsKept(
    pool,
    adapterId,
    format === 'gardener'
      ? ['containerd.service', 'kubelet.service']
      : ['containerd.service', 'kubelet.service', JOIN_UNIT],
  );
  // A masked unit is a file there too (a link to /dev/null, or Gardener's empty unit file).
  const unitPaths = systemdUnitPaths(pool.spec.os.units);
  pool.spec.os.files.forEach((file, index) => {
    const unit = unitPaths.get(file.path);
    if (unit !== undefined) {
      throw refuse(
        `spec.os.files[${index}].path`,
        `spec.os.units writes the systemd unit ${unit} at ${file.path}: the file and the unit cannot both be there`,
        `declare the unit only in spec.os.units (name ${unit}), or write the file elsewhere`,
      );
    }
    if (format === 'ignition' && (file.mode & SPECIAL_MODE_BITS) !== 0) {
      throw refuse(
        `spec.os.files[${index}].mode`,
        `Ignition ignores setuid, setgid and sticky bits before spec 3.6.0 (Garden Linux reads 3.3.0): the file would get mode 0${(file.mode & 0o777).toString(8)}`,
        'set the special bits from a oneshot unit (chmod), or use a cloud-init flavour',
      );
    }
  });
  if (format !== 'ignition') return;
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
}
