import { UnsupportedFeatureError } from '../../errors/unsupported-feature-error.js';
import type { NodePool } from '../../node-pool/node-pool-schema.js';

/**
 * Refuses a pool unit (`spec.os.units[i]`) that masks or disables a unit the node needs and the
 * adapter itself enables (kubelet.service, containerd.service, its join unit), naming
 * `spec.os.units[i].mask` or `spec.os.units[i].enabled`: rendered, either the node could not join
 * or the pool's mask would be silently overridden. Drop-ins and contents for those units stay
 * the adapter's business (merged or refused elsewhere).
 *
 * @param managedUnits the names of the units the adapter enables and the node cannot run without.
 * @throws {UnsupportedFeatureError} naming the unit's field.
 */
export function assertManagedUnitsKept(
  pool: NodePool,
  distro: string,
  managedUnits: readonly string[],
): void {
  const managed = new Set(managedUnits);
  pool.spec.os.units.forEach((unit, index) => {
    if (!managed.has(unit.name)) return;
    const what = unit.mask ? 'mask' : unit.enabled === false ? 'enabled' : undefined;
    if (what === undefined) return;
    throw new UnsupportedFeatureError({
      field: `spec.os.units[${index}].${what}`,
      distro,
      reason: `kubenode enables ${unit.name}, which the node needs to join and run workloads; the pool ${what === 'mask' ? 'masks' : 'disables'} it`,
      alternative: `leave ${unit.name} enabled as kubenode sets it up (a drop-in in spec.os.units may change how it runs)`,
    });
  });
}
