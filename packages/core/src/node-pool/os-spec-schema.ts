import { isIP } from 'node:net';
import { posix } from 'node:path';
import { z } from 'zod';
import { fileModeSchema } from './file-mode-schema.js';
import { hasControlCharacter, POSIX_NAME, SSH_PUBLIC_KEY, SYSTEMD_UNIT_NAME } from './kubernetes-names.js';
import { containsPrivateKey } from '../secrets/collect-secrets.js';
import { checkPemCertificates } from './pem.js';
import { isRfc3986Url, RFC_3986_MESSAGE } from './rfc3986-url.js';

const noControl = (what: string) =>
  z.string().refine((value) => !hasControlCharacter(value), {
    error: `${what} must not contain newlines or control characters`,
  });

const absolutePath = z
  .string()
  .min(1)
  .superRefine((path, ctx) => {
    if (!path.startsWith('/'))
      ctx.addIssue({ code: 'custom', message: 'expected an absolute path starting with "/"' });
    else if (hasControlCharacter(path) || path.includes('\0')) {
      ctx.addIssue({ code: 'custom', message: 'a path must not contain newlines or control characters' });
    } else if (path.split('/').some((segment) => segment === '..' || segment === '.')) {
      ctx.addIssue({ code: 'custom', message: 'a path must not contain "." or ".." segments' });
    } else if (path.length > 1 && path.endsWith('/')) {
      ctx.addIssue({ code: 'custom', message: 'a file path must not end with "/"' });
    } else if (posix.normalize(path) !== path) {
      ctx.addIssue({ code: 'custom', message: 'expected a normalized path (no "//")' });
    }
  });

/** A user account created on the node. */
export const osUserSchema = z
  .strictObject({
    name: z
      .string()
      .regex(POSIX_NAME, { error: 'expected a POSIX user name: [a-z_][a-z0-9_-]*, at most 32 characters' })
      .describe('User name.'),
    sshAuthorizedKeys: z
      .array(
        z.string().superRefine((key, ctx) => {
          if (/PRIVATE KEY/.test(key)) {
            ctx.addIssue({
              code: 'custom',
              message: 'this is a private key; only public keys belong here (value not shown)',
            });
          } else if (!SSH_PUBLIC_KEY.test(key)) {
            ctx.addIssue({
              code: 'custom',
              message: 'expected one OpenSSH public key line such as "ssh-ed25519 AAAA... comment"',
            });
          }
        }),
      )
      .default([])
      .describe('OpenSSH public keys allowed to log in as this user.'),
    groups: z
      .array(z.string().regex(POSIX_NAME, { error: 'expected a POSIX group name' }))
      .default([])
      .describe('Supplementary groups, e.g. sudo or wheel.'),
    passwordHash: z
      .string()
      .regex(/^\$(1|2[abxy]|5|6|y|gy|7)\$[^\s:]+$/, {
        error: 'expected a crypt(3) hash such as $6$salt$hash (value not shown: it is a secret)',
      })
      .optional()
      .describe('crypt(3) password hash. A secret; omit it to allow key-based login only.'),
    shell: absolutePath.optional().describe('Login shell, e.g. /bin/bash.'),
  })
  .describe('A user account on the node.');

/** A file written on the node. */
export const osFileSchema = z
  .strictObject({
    path: absolutePath.describe('Absolute path of the file.'),
    contents: z.string().describe('File contents (text, or base64 when encoding is base64).'),
    encoding: z
      .enum(['utf-8', 'base64'])
      .default('utf-8')
      .describe('How `contents` is written: utf-8 text (default) or base64 for binary data.'),
    mode: fileModeSchema.default(0o644),
    owner: z
      .string()
      .regex(POSIX_NAME, { error: 'expected a user name' })
      .default('root')
      .describe('Owning user.'),
    group: z
      .string()
      .regex(POSIX_NAME, { error: 'expected a group name' })
      .default('root')
      .describe('Owning group.'),
  })
  .superRefine((file, ctx) => {
    if (file.encoding === 'base64' && !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(file.contents)) {
      ctx.addIssue({
        code: 'custom',
        path: ['contents'],
        message: 'expected base64 data (encoding is base64)',
      });
      return;
    }
    const text =
      file.encoding === 'base64' ? Buffer.from(file.contents, 'base64').toString('latin1') : file.contents;
    if ((file.mode & 0o004) !== 0 && containsPrivateKey(text)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mode'],
        message: `this file holds a private key, so it must not be readable by others: set a mode such as "0600" or "0640"${file.mode === 0o644 ? ' (the default, 0644, is world-readable)' : ''}`,
      });
    }
  })
  .describe('A file written on the node at first boot.');

/** A systemd drop-in for a unit. */
export const unitDropinSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.@-]+\.conf$/, { error: 'expected a drop-in file name ending in .conf' })
      .describe('Drop-in file name, e.g. 10-override.conf.'),
    contents: z.string().describe('Drop-in contents (INI).'),
  })
  .describe('A systemd drop-in.');

/** A systemd unit on the node. */
export const osUnitSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SYSTEMD_UNIT_NAME, {
        error: 'expected a systemd unit name with a type suffix, e.g. foo.service',
      })
      .describe('Unit name with its type suffix.'),
    contents: z
      .string()
      .optional()
      .describe('Full unit file contents; omit to only enable, mask or add drop-ins.'),
    enabled: z
      .boolean()
      .optional()
      .describe('Enable (true) or disable (false) the unit; omit to leave as is.'),
    mask: z.boolean().default(false).describe('Mask the unit.'),
    dropins: z.array(unitDropinSchema).default([]).describe('Drop-ins for this unit.'),
  })
  .superRefine((unit, ctx) => {
    if (unit.mask && (unit.enabled === true || unit.contents !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['mask'],
        message: 'a masked unit cannot also be enabled or have contents',
      });
    }
    const seen = new Set<string>();
    unit.dropins.forEach((dropin, index) => {
      if (seen.has(dropin.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['dropins', index, 'name'],
          message: `duplicate drop-in '${dropin.name}'`,
        });
      }
      seen.add(dropin.name);
    });
  })
  .describe('A systemd unit: contents, enablement, mask and drop-ins.');

const proxyUrl = z
  .string()
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a proxy URL such as http://proxy.example:3128' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'expected an http:// or https:// proxy URL' });
    } else if (hasControlCharacter(value) || /[\s"'\\`$]/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a proxy URL must not contain spaces, quotes, backslashes or "$"',
      });
    } else if (!isRfc3986Url(value)) {
      ctx.addIssue({ code: 'custom', message: RFC_3986_MESSAGE });
    }
  })
  .nullable();

/** Proxy settings for the node's runtime, kubelet and package manager. */
export const osProxySchema = z
  .strictObject({
    http: proxyUrl.default(null).describe('HTTP proxy URL, or null for none.'),
    https: proxyUrl.default(null).describe('HTTPS proxy URL, or null for none.'),
    noProxy: z
      .array(z.string().regex(/^[A-Za-z0-9.*:/_[\]-]+$/, { error: 'expected a host, domain, IP or CIDR' }))
      .default([])
      .describe('Hosts, domains (.example.com), IPs and CIDRs that bypass the proxy.'),
  })
  .describe('Proxy settings for container runtime, kubelet and package manager.');

const hostname = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    error: 'expected a lower-case RFC 1123 host name',
  });

/** Operating-system level configuration of the node. */
export const osSpecSchema = z
  .strictObject({
    hostname: hostname
      .nullable()
      .default(null)
      .describe('Static host name, or null to use the cloud-provided one.'),
    users: z.array(osUserSchema).default([]).describe('User accounts.'),
    files: z.array(osFileSchema).default([]).describe('Files written at first boot.'),
    units: z.array(osUnitSchema).default([]).describe('systemd units.'),
    sysctls: z
      .record(
        z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_./-]*$/, {
          error: 'expected a sysctl key such as net.ipv4.ip_forward',
        }),
        z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string or number value' }),
      )
      .default({})
      .transform((record) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, String(v)])))
      .pipe(
        z.record(
          z.string(),
          noControl('a sysctl value').refine(
            (value) => !value.includes('#') && value.trim() === value && value !== '',
            {
              error: 'a sysctl value must be non-empty, without "#" or surrounding spaces',
            },
          ),
        ),
      )
      .describe('Kernel parameters (sysctl), key → value.'),
    kernelModules: z
      // A leading "-" would be read as an option by modprobe when the name is passed on a command line.
      .array(
        z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]*$/, {
          error: 'expected a kernel module name (letters, digits, "_" and "-", not starting with "-")',
        }),
      )
      .default([])
      .describe('Kernel modules loaded at boot.'),
    kernelArgs: z
      .array(
        z
          .string()
          .min(1)
          // eslint-disable-next-line no-control-regex
          .regex(/^[^\s"'\\`$;&|<>\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/, {
            error:
              'expected one kernel argument without spaces, quotes, control characters or shell characters',
          }),
      )
      .default([])
      .describe('Kernel command-line arguments to add.'),
    ntpServers: z
      .array(
        z.string().refine((s) => isIP(s) !== 0 || /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(s), {
          error: 'expected an NTP server host name or IP address',
        }),
      )
      .default([])
      .describe('NTP servers; empty keeps the distro default.'),
    proxy: osProxySchema.default({ http: null, https: null, noProxy: [] }),
    caCerts: z
      .array(
        z.string().superRefine((value, ctx) => {
          const problem = checkPemCertificates(value);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      )
      .default([])
      .describe('Extra CA certificates (PEM) trusted by the node.'),
    rootDisk: z
      .strictObject({
        grow: z.boolean().default(true).describe('Grow the root partition and filesystem at first boot.'),
      })
      .default({ grow: true })
      .describe('Root disk handling.'),
    packages: z
      .array(
        z.string().regex(/^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/, {
          error: 'expected a package name, optionally =version (e.g. jq or jq=1.6-2.1)',
        }),
      )
      .default([])
      .describe('Extra OS packages; only where the distro has a package manager.'),
  })
  .superRefine((os, ctx) => {
    const seenPaths = new Map<string, number>();
    os.files.forEach((file, index) => {
      const first = seenPaths.get(file.path);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['files', index, 'path'],
          message: `duplicate path: files[${first}] already writes ${file.path}`,
        });
      } else seenPaths.set(file.path, index);
    });
    const seenUnits = new Map<string, number>();
    os.units.forEach((unit, index) => {
      const first = seenUnits.get(unit.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['units', index, 'name'],
          message: `duplicate unit: units[${first}] is ${unit.name}`,
        });
      } else seenUnits.set(unit.name, index);
    });
    const seenUsers = new Map<string, number>();
    os.users.forEach((user, index) => {
      const first = seenUsers.get(user.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', index, 'name'],
          message: `duplicate user: users[${first}] is ${user.name}`,
        });
      } else seenUsers.set(user.name, index);
    });
  })
  .describe('Operating-system configuration of the node.');

/** The validated `spec.os` section. */
export type OsSpec = z.output<typeof osSpecSchema>;
/** One validated user. */
export type OsUser = z.output<typeof osUserSchema>;
/** One validated file. */
export type OsFileSpec = z.output<typeof osFileSchema>;
/** One validated unit. */
export type OsUnit = z.output<typeof osUnitSchema>;
/** Validated proxy settings. */
export type OsProxy = z.output<typeof osProxySchema>;
