import {
  assertIgnitionCanApplyPool,
  assertManagedUnitsKept,
  assertPoolFilesClear,
  type NodePool,
} from '@kubenode/core';

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
  assertIgnitionCanApplyPool(pool, adapterId, {
    specialBitsAlternative:
      'set the special bits from a oneshot unit (chmod), or ship the file in a systemd-sysext image',
  });
  assertPoolFilesClear(pool, adapterId, reserved);
}
