import { writeFile, type User, type WriteFile } from 'cloud-init-yaml';
import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';
import type { SystemdUnitV1 } from '../adapter/v1/systemd-unit-v1.js';
import type { OsUser } from '../node-pool/os-spec-schema.js';

/**
 * An {@link OsFileV1} as a cloud-init `write_files` item whose content reaches the file byte for
 * byte (cloud-init-yaml's `writeFile`: plain text where YAML carries it, `b64` otherwise). Files
 * owned by a user or group other than root are deferred to the final stage, since those users
 * exist only after cloud-init's users module; `defer: true` defers any file.
 */
export function cloudInitWriteFile(file: OsFileV1, options: { readonly defer?: boolean } = {}): WriteFile {
  const content = file.encoding === 'base64' ? Buffer.from(file.contents, 'base64') : file.contents;
  return writeFile({
    path: file.path,
    content,
    mode: file.mode,
    owner: file.owner,
    group: file.group,
    defer: options.defer === true || file.owner !== 'root' || file.group !== 'root',
  });
}

/**
 * The files systemd reads for units written by a provisioning agent that has no unit concept
 * (cloud-init): `/etc/systemd/system/<unit>` for units with contents and
 * `/etc/systemd/system/<unit>.d/<drop-in>` for each drop-in, in order (mode 0644, root).
 */
export function systemdUnitFiles(units: readonly SystemdUnitV1[]): OsFileV1[] {
  const files: OsFileV1[] = [];
  for (const unit of units) {
    if (unit.contents !== undefined) files.push(osFile(`/etc/systemd/system/${unit.name}`, unit.contents));
    for (const dropin of unit.dropins) {
      files.push(osFile(`/etc/systemd/system/${unit.name}.d/${dropin.name}`, dropin.contents));
    }
  }
  return files;
}

/**
 * A NodePool user as a cloud-init `users` entry: groups, shell, SSH keys, and either a password
 * hash (`hashed_passwd` with `lock_passwd: false`) or a locked password. Uses only keys cloud-init
 * 22.4 already accepts.
 */
export function cloudInitUser(user: OsUser): User {
  const entry: { -readonly [K in keyof User]: User[K] } = { name: user.name };
  if (user.groups.length > 0) entry.groups = [...user.groups];
  if (user.shell !== undefined) entry.shell = user.shell;
  if (user.passwordHash !== undefined) {
    entry.lock_passwd = false;
    entry.hashed_passwd = user.passwordHash;
  } else {
    entry.lock_passwd = true;
  }
  if (user.sshAuthorizedKeys.length > 0) entry.ssh_authorized_keys = [...user.sshAuthorizedKeys];
  return entry;
}
