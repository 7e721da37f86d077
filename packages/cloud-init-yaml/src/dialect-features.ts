import type { CloudInitDialect } from './cloud-init-dialect.js';

/** A key or shape that entered the cloud-config schema after cloud-init 22.4. */
export interface DialectFeature {
  /** Stable id, e.g. `users.sudo-list`. */
  readonly id: string;
  /** The first cloud-init release whose schema accepts it, where known. */
  readonly since: string | undefined;
  /** What it is, in words, as used in error messages. */
  readonly description: string;
  /** What to write instead under the 22.4 dialect. */
  readonly alternative: string;
}

/**
 * The schema changes between cloud-init 22.4.2 and the current release that this package's
 * modules touch (from a diff of `schema-cloud-config-v1.json` at every tag). Everything listed is
 * refused under the `22.4` dialect and accepted under `current`.
 */
export const DIALECT_FEATURES = [
  {
    id: 'users.sudo-list',
    since: '24.2',
    description: 'users[].sudo as a list of sudo rules',
    alternative: 'a single sudo rule string (e.g. "ALL=(ALL) NOPASSWD:ALL"), or false',
  },
  {
    id: 'users.doas',
    since: undefined,
    description: 'users[].doas rules',
    alternative: 'a sudo rule string',
  },
  {
    id: 'write_files.source',
    since: '24.3',
    description: 'write_files[].source (content fetched from a URI)',
    alternative: 'inline content (encoding b64 or gzip+b64 when large)',
  },
  {
    id: 'ntp.allow-peers',
    since: '23.2',
    description: 'ntp.allow and ntp.peers',
    alternative: 'ntp.servers and ntp.pools, or a chrony configuration file written with write_files',
  },
  {
    id: 'packages.manager-lists',
    since: '23.4',
    description: 'packages[] items of the form {apt: [...], snap: [...]}',
    alternative: 'plain package names or [name, version] pairs',
  },
  {
    id: 'create_hostname_file',
    since: undefined,
    description: 'create_hostname_file',
    alternative: 'omit it: cloud-init 22.4 always writes /etc/hostname',
  },
  {
    id: 'template-header',
    since: '23.2',
    description: 'a "## template: jinja" header checked by `cloud-init schema`',
    alternative: 'render the template before handing it to cloud-init 22.4, or none',
  },
] as const satisfies readonly DialectFeature[];

/** The id of one {@link DIALECT_FEATURES} entry. */
export type DialectFeatureId = (typeof DIALECT_FEATURES)[number]['id'];

/** True when the dialect's schema accepts the feature (every feature is newer than 22.4). */
export function dialectSupports(dialect: CloudInitDialect, _feature: DialectFeatureId): boolean {
  return dialect === 'current';
}

/** The table entry of a feature. */
export function dialectFeature(id: DialectFeatureId): DialectFeature {
  return DIALECT_FEATURES.find((feature) => feature.id === id)!;
}
