import {
  assertIgnitionCanApplyPool,
  assertManagedUnitsKept,
  assertPoolFilesClear,
  systemdUnitPaths,
  type NodePool,
} from '@kubenode/core';
import { JOIN_CONFIGURATION_PATH, JOIN_UNIT } from './gardenlinux-node-plan.js';

/**
 * Refuses, before rendering and naming the field, what the output would otherwise silently lose
 * or what Ignition would refuse:
 * - a pool unit that masks or disables containerd.service, kubelet.service or (standalone) the
 *   join unit: the node needs them, and the output would enable them anyway (core's shared check);
 * - a pool file at the path of one of the pool's own unit, mask or drop-in files (the unit's text
 *   would replace the file's bytes and mode; in Gardener mode the OperatingSystemConfig would
 *   hold two files at one path), and (standalone) a pool file at the kubeadm JoinConfiguration's
 *   path, which kubenode writes with the pool's bootstrap token;
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
  // Core's shared check: kubenode (or Gardener) enables these, and the node needs them.
  assertManagedUnitsKept(
    pool,
    adapterId,
    format === 'gardener'
      ? ['containerd.service', 'kubelet.service']
      : ['containerd.service', 'kubelet.service', JOIN_UNIT],
  );
  // A masked unit is a file there too (a link to /dev/null, or Gardener's empty unit file).
  assertPoolFilesClear(pool, adapterId, {
    unitPaths: systemdUnitPaths(pool.spec.os.units),
    ...(format === 'gardener' ? {} : { joinConfiguration: JOIN_CONFIGURATION_PATH }),
  });
  if (format === 'ignition') {
    assertIgnitionCanApplyPool(pool, adapterId, {
      specialBitsAlternative: 'set the special bits from a oneshot unit (chmod), or use a cloud-init flavour',
    });
  }
}
