import type { SystemdUnitV1 } from './systemd-unit-v1.js';

/** Where systemd reads units written by a provisioning agent (cloud-init, Ignition). */
export const SYSTEMD_UNIT_DIRECTORY = '/etc/systemd/system';

/**
 * A unit as {@link systemdUnitPaths} reads it: a {@link SystemdUnitV1}, or a format's own unit
 * (an Ignition unit, whose absent fields may be null or missing).
 */
export interface SystemdUnitLike {
  /** Unit name with suffix. */
  readonly name: SystemdUnitV1['name'];
  /** Full unit contents, when the unit file is written. */
  readonly contents?: string | null;
  /** Whether the unit is masked. */
  readonly mask?: boolean | null;
  /** Drop-ins (only their names matter here). */
  readonly dropins?: readonly { readonly name: string }[] | null;
}

/**
 * The files the given units occupy under {@link SYSTEMD_UNIT_DIRECTORY}, each with its unit's
 * name: `<unit>` for a unit with contents or a masked one (a mask is a link to /dev/null at that
 * path), and `<unit>.d/<drop-in>` for each drop-in.
 */
export function systemdUnitPaths(units: readonly SystemdUnitLike[]): Map<string, string> {
  const paths = new Map<string, string>();
  for (const unit of units) {
    if (unit.contents != null || unit.mask === true) {
      paths.set(`${SYSTEMD_UNIT_DIRECTORY}/${unit.name}`, unit.name);
    }
    for (const dropin of unit.dropins ?? []) {
      paths.set(`${SYSTEMD_UNIT_DIRECTORY}/${unit.name}.d/${dropin.name}`, unit.name);
    }
  }
  return paths;
}
