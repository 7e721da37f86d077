import {
  assertIgnitionCanApplyPool,
  assertManagedUnitsKept,
  assertPoolFilesClear,
  systemdUnitPaths,
  type NodePool,
  type SystemdUnitV1,
} from '@kubenode/core';

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
  assertIgnitionCanApplyPool(pool, adapterId);
  // Core's shared checks: no pool file at the JoinConfiguration or a unit's path, and no mask on
  // (or disabling of) a unit this adapter enables.
  assertPoolFilesClear(pool, adapterId, {
    joinConfiguration: reserved.joinConfiguration,
    unitPaths: systemdUnitPaths(units),
  });
  assertManagedUnitsKept(pool, adapterId, reserved.managedUnits);
}
