import { z } from 'zod';

/** The fields of one `apt.sources` entry, in the order they are written. */
export const aptSourceShape = {
  filename: z.string().optional().describe('File name under /etc/apt/sources.list.d/ (the key by default).'),
  source: z.string().optional().describe('The sources.list line; $KEY_FILE, $MIRROR, $RELEASE are replaced.'),
  keyid: z.string().optional().describe('Key fingerprint fetched from `keyserver`.'),
  keyserver: z.string().optional().describe('Key server for `keyid`.'),
  key: z.string().optional().describe('ASCII-armored signing key.'),
  append: z.boolean().optional().describe('Append to the file instead of replacing it (default true).'),
};

/** One `apt.sources` entry. */
export const aptSourceSchema = z.strictObject(aptSourceShape).describe('An APT source.');

/** The fields of one `apt.primary`/`apt.security` mirror entry, in the order they are written. */
export const aptMirrorShape = {
  arches: z.array(z.string()).min(1),
  uri: z.string().optional(),
  search: z.array(z.string()).min(1).optional(),
  search_dns: z.boolean().optional(),
  keyid: z.string().optional(),
  key: z.string().optional(),
  keyserver: z.string().optional(),
};

const mirrorList = z.array(z.strictObject(aptMirrorShape)).min(1);

/** The fields of `apt`, in the order they are written. */
export const aptShape = {
  preserve_sources_list: z.boolean().optional(),
  generate_mirrorlists: z.boolean().optional().describe('Debian 12 only (a Debian addition to 22.4).'),
  disable_suites: z.array(z.string()).min(1).optional(),
  primary: mirrorList.optional(),
  security: mirrorList.optional(),
  add_apt_repo_match: z.string().optional(),
  debconf_selections: z.record(z.string(), z.string()).optional(),
  sources_list: z.string().optional(),
  conf: z.string().optional().describe('Extra apt.conf content.'),
  proxy: z.string().optional().describe('Proxy for apt (Acquire::http::Proxy).'),
  http_proxy: z.string().optional().describe('HTTP proxy for apt.'),
  https_proxy: z.string().optional().describe('HTTPS proxy for apt.'),
  ftp_proxy: z.string().optional().describe('FTP proxy for apt.'),
  sources: z.record(z.string(), aptSourceSchema).optional().describe('Extra APT sources by name.'),
};

/** `apt`: APT configuration (proxies, sources, mirrors). Applies to apt only, not system-wide. */
export const aptSchema = z
  .strictObject(aptShape)
  .refine((apt) => Object.keys(apt).length > 0, { error: 'apt needs at least one setting (omit it instead)' })
  .describe('APT configuration.');

/** The `apt` module's configuration. */
export type Apt = z.output<typeof aptSchema>;
/** One APT source. */
export type AptSource = z.output<typeof aptSourceSchema>;
