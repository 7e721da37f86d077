import { z } from 'zod';
import { aptSchema } from './apt-schema.js';
import { caCertsSchema } from './ca-certs-schema.js';
import { bootcmdSchema, runcmdSchema } from './command-schema.js';
import {
  growpartSchema,
  mountDefaultFieldsSchema,
  mountsSchema,
  resizeRootfsSchema,
  swapSchema,
} from './disk-schema.js';
import { ntpSchema } from './ntp-schema.js';
import { packagesSchema } from './packages-schema.js';
import { powerStateSchema } from './power-state-schema.js';
import { groupsSchema, userSchema, usersSchema } from './users-schema.js';
import { writeFilesSchema } from './write-files-schema.js';

/**
 * The modelled top-level keys, in the order they are written: the order in which cloud-init's
 * stages act on them (init: bootcmd, write_files, disks, hostname, CAs, users, ssh; config: apt,
 * ntp; final: packages, runcmd scripts, power state).
 */
export const cloudConfigShape = {
  bootcmd: bootcmdSchema.optional(),
  write_files: writeFilesSchema.optional(),
  growpart: growpartSchema.optional(),
  resize_rootfs: resizeRootfsSchema.optional(),
  mounts: mountsSchema.optional(),
  mount_default_fields: mountDefaultFieldsSchema.optional(),
  swap: swapSchema.optional(),
  preserve_hostname: z.boolean().optional().describe('Leave the host name alone.'),
  hostname: z.string().optional().describe('Host name (short, or a FQDN).'),
  fqdn: z.string().optional().describe('Fully qualified domain name.'),
  prefer_fqdn_over_hostname: z.boolean().optional().describe('Use the FQDN as the host name.'),
  create_hostname_file: z
    .boolean()
    .optional()
    .describe('Write /etc/hostname when missing (newer cloud-init; Ubuntu 24.04 defaults to false).'),
  manage_etc_hosts: z
    .union([z.boolean(), z.literal('localhost'), z.literal('template')])
    .optional()
    .describe('Manage /etc/hosts: true, false or "localhost".'),
  ca_certs: caCertsSchema.optional(),
  groups: groupsSchema.optional(),
  users: usersSchema.optional(),
  user: z.union([z.string(), userSchema]).optional().describe('Overrides the default user.'),
  ssh_authorized_keys: z.array(z.string()).min(1).optional().describe('Keys for the default user.'),
  disable_root: z.boolean().optional().describe('Refuse SSH logins as root (default true).'),
  ssh_pwauth: z
    .union([z.boolean(), z.literal('unchanged')])
    .optional()
    .describe('Allow SSH password logins.'),
  apt: aptSchema.optional(),
  ntp: ntpSchema.optional(),
  package_update: z.boolean().optional().describe('apt-get update before installing packages.'),
  package_upgrade: z.boolean().optional().describe('Upgrade all packages at first boot.'),
  package_reboot_if_required: z
    .boolean()
    .optional()
    .describe('Reboot after the package upgrade when /var/run/reboot-required exists.'),
  packages: packagesSchema.optional(),
  runcmd: runcmdSchema.optional(),
  power_state: powerStateSchema.optional(),
};

/** The modelled top-level keys in write order. */
export const MODELLED_TOP_LEVEL_KEYS: readonly string[] = Object.keys(cloudConfigShape);

/**
 * A `#cloud-config` document: the modules a node needs, typed; any other top-level key is kept
 * as it is and checked only by cloud-init's own JSON schema (a key no cloud-init module of the
 * dialect reads is an error there).
 */
export const cloudConfigSchema = z
  .object(cloudConfigShape)
  .catchall(z.unknown())
  .describe('A #cloud-config document.');

/** A `#cloud-config` document (the union of every dialect's shapes; see {@link checkDialect}). */
export type CloudConfig = z.output<typeof cloudConfigSchema>;
/** A `#cloud-config` document as it may be written (same as {@link CloudConfig}). */
export type CloudConfigInput = z.input<typeof cloudConfigSchema>;
