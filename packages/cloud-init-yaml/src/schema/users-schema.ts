import { z } from 'zod';

const stringList = z.array(z.string()).min(1, { error: 'expected at least one entry' });

/** The fields of one `users[]` entry, in the order they are written. */
export const userShape = {
  name: z.string().min(1).optional().describe('Login name (required unless snapuser is set).'),
  snapuser: z.string().optional().describe('Ubuntu Core: create the user from a Snap Store account e-mail.'),
  gecos: z.string().optional().describe('Real name / comment.'),
  primary_group: z.string().optional().describe('Primary group; a group named after the user by default.'),
  groups: z
    .union([z.string(), stringList, z.record(z.string(), z.null())], {
      error: 'expected groups as a comma-separated string or a list of group names',
    })
    .optional()
    .describe('Supplementary groups (created when missing).'),
  shell: z.string().optional().describe('Login shell.'),
  homedir: z.string().optional().describe('Home directory; /home/<name> by default.'),
  uid: z.union([z.number().int(), z.string()]).optional().describe('User id.'),
  system: z.boolean().optional().describe('Create a system user (no home directory).'),
  no_create_home: z.boolean().optional().describe('Do not create the home directory.'),
  no_user_group: z.boolean().optional().describe('Do not create a group named after the user.'),
  no_log_init: z.boolean().optional().describe('Do not initialise lastlog and faillog.'),
  create_groups: z.boolean().optional().describe('Create missing groups (default true).'),
  selinux_user: z.string().optional().describe('SELinux user of the login.'),
  expiredate: z
    .string({
      error:
        "expected a quoted date string such as '2032-09-01' (YAML reads an unquoted date as a timestamp)",
    })
    .optional()
    .describe('Date the account expires, YYYY-MM-DD.'),
  inactive: z.string().optional().describe('Days after password expiry until the account is disabled.'),
  lock_passwd: z.boolean().optional().describe('Lock the password (default true).'),
  passwd: z.string().optional().describe('Password hash (crypt(3)); a secret.'),
  hashed_passwd: z.string().optional().describe('Password hash (crypt(3)); a secret.'),
  plain_text_passwd: z.string().optional().describe('Clear-text password; a secret, avoid.'),
  sudo: z
    .union([z.string(), z.null(), z.boolean(), z.array(z.union([z.string(), z.null()]))], {
      error: 'expected sudo as a rule string, false, or (cloud-init >= 24.2) a list of rules',
    })
    .optional()
    .describe('sudo rule(s); a list only from cloud-init 24.2.'),
  doas: stringList.optional().describe('doas rules (newer cloud-init only).'),
  ssh_authorized_keys: stringList.optional().describe('OpenSSH public keys for the user.'),
  ssh_import_id: stringList.optional().describe('Key ids to import, e.g. gh:user.'),
  ssh_redirect_user: z
    .boolean()
    .optional()
    .describe('Refuse cloud-provided keys for this user and point to the default user.'),
};

/** One user object. */
export const userSchema = z
  .strictObject(userShape)
  .superRefine((user, ctx) => {
    if (user.name === undefined && user.snapuser === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a user needs a name (or a snapuser)' });
    }
  })
  .describe('A user account created by cloud-init.');

/** One user object. */
export type User = z.output<typeof userSchema>;

/** One `users` item: `default` (the distro's default user), a name, or a user object. */
export const usersItemSchema = z.union([z.string(), userSchema, z.array(z.string())], {
  error: 'expected a user: "default", a user name, or a user object',
});

/** `users`: accounts to create; the first entry replaces the distro default unless it is `default`. */
export const usersSchema = z
  .union([z.string(), z.array(usersItemSchema)], {
    error: 'expected users as a list (or a comma-separated string)',
  })
  .describe('User accounts; include "default" to keep the distro default user.');

/** `groups`: groups to create, optionally with members. */
export const groupsSchema = z
  .union(
    [
      z.string(),
      z
        .array(z.union([z.string(), z.record(z.string(), z.union([z.string(), stringList]))]))
        .min(1, { error: 'expected at least one group' }),
      z.record(z.string(), z.union([z.string(), stringList])),
    ],
    { error: 'expected groups as a list of names or {group: [members]} mappings' },
  )
  .describe('Groups to create, optionally with members.');
