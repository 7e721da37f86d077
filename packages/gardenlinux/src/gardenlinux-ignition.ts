import type { OsFileV1 } from '@kubenode/core';
import {
  buildIgnitionConfig,
  ignitionFile,
  ignitionUnit,
  ignitionUser,
  serializeIgnitionConfig,
  type IgnitionFile,
  type IgnitionUser,
} from 'ignition-config-ts';
import type { GardenLinuxNodePlan } from './gardenlinux-node-plan.js';

/** The Ignition artifact's name. */
export const IGNITION_ARTIFACT = 'config.ign';
/** The Ignition media type. */
export const IGNITION_MEDIA_TYPE = 'application/vnd.coreos.ignition+json';
/**
 * The Ignition spec version written: 3.3.0, which Garden Linux's Ignition (2.14 and later, per
 * its release notes) reads and Debian's ignition-validate checks.
 */
export const GARDENLINUX_IGNITION_VERSION = '3.3.0';

function toIgnitionFile(file: OsFileV1): IgnitionFile {
  const bytes = file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : file.contents;
  return ignitionFile(file.path, bytes, { mode: file.mode, user: file.owner, group: file.group });
}

/**
 * The plan as an Ignition config for flavours whose initrd runs Ignition (`_ignite`, `_pxe`,
 * kvm): files as `data:` URLs, units with their drop-ins enabled, masked or disabled by
 * Ignition, users in `passwd`; the join unit starts once the system is up. Ignition writes
 * everything before systemd starts, so no service needs a restart.
 */
export function renderGardenLinuxIgnition(plan: GardenLinuxNodePlan): string {
  const users: IgnitionUser[] = plan.users.map((user) => {
    const options: Omit<IgnitionUser, 'name'> = {};
    if (user.passwordHash !== undefined) options.passwordHash = user.passwordHash;
    // Ignition refuses duplicate entries: each key and group once.
    if (user.sshAuthorizedKeys.length > 0) options.sshAuthorizedKeys = [...new Set(user.sshAuthorizedKeys)];
    if (user.groups.length > 0) options.groups = [...new Set(user.groups)];
    if (user.shell !== undefined) options.shell = user.shell;
    return ignitionUser(user.name, options);
  });
  const config = buildIgnitionConfig({
    version: GARDENLINUX_IGNITION_VERSION,
    files: plan.files.map(toIgnitionFile),
    units: plan.units.map((unit) =>
      ignitionUnit(unit.name, {
        contents: unit.contents,
        enabled: unit.enabled,
        mask: unit.mask ? true : undefined,
        dropins: unit.dropins.map((dropin) => ({ name: dropin.name, contents: dropin.contents })),
      }),
    ),
    users,
  });
  return serializeIgnitionConfig(config);
}
