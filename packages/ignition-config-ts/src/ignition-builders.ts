import { encodeDataUrl, type DataUrlEncoding } from './data-url.js';
import type { DataUrlEncoder } from './memoized-data-url-encoder.js';
import type {
  IgnitionConfig,
  IgnitionDirectory,
  IgnitionDropin,
  IgnitionFile,
  IgnitionGroup,
  IgnitionHttpHeader,
  IgnitionKernelArguments,
  IgnitionLink,
  IgnitionMeta,
  IgnitionNode,
  IgnitionNodeOwner,
  IgnitionResource,
  IgnitionUnit,
  IgnitionUser,
} from './ignition-config-types.js';
import { DEFAULT_IGNITION_SPEC_VERSION, type IgnitionSpecVersion } from './ignition-spec-version.js';
import { IGNITION_FIELD_ORDER, serializeIgnitionConfig } from './serialize-ignition-config.js';
import { sortedByKey } from './sorted-by-key.js';
import { verificationHash, type VerificationHashFunction } from './verification-hash.js';

/** Owner of a file, directory or link: a user (group) name or a numeric id. */
export type Owner = string | number;

function owner(value: Owner | undefined): IgnitionNodeOwner | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? { id: value } : { name: value };
}

// The builders create every object with its fields in Ignition's Go field order (the order the
// serializer writes), so that serialising a built config is a check and a native JSON.stringify.

/** The fields files, directories and links share, in field order: group, overwrite, path, user. */
function nodeFields<T extends IgnitionNode>(
  path: string,
  options: { readonly overwrite?: boolean; readonly user?: Owner; readonly group?: Owner },
  defaultOverwrite?: boolean,
): T {
  const node = {} as T;
  const group = owner(options.group);
  if (group) node.group = group;
  const overwrite = options.overwrite ?? defaultOverwrite;
  if (overwrite !== undefined) node.overwrite = overwrite;
  node.path = path;
  const user = owner(options.user);
  if (user) node.user = user;
  return node;
}

/** The fields of `fields` in the field order of `kind`, then any others as they came. */
function inFieldOrder<T>(kind: 'user' | 'group', fields: Readonly<Record<string, unknown>>): T {
  const out: Record<string, unknown> = {};
  for (const key in IGNITION_FIELD_ORDER[kind]) if (key in fields) out[key] = fields[key];
  for (const key of Object.keys(fields)) if (!(key in out)) out[key] = fields[key];
  return out as T;
}

/** Options of {@link ignitionFile}. */
export interface IgnitionFileOptions {
  /** Mode as a number (`0o644`); default 0o644 (Ignition's default, written out explicitly). */
  readonly mode?: number;
  /** Replace an existing file. Default true (the config owns the file). */
  readonly overwrite?: boolean;
  readonly user?: Owner;
  readonly group?: Owner;
  /** How to encode the contents; `auto` (default) picks the shortest, like Butane. */
  readonly encoding?: DataUrlEncoding;
  /**
   * With `auto`, only try gzip for contents of at least this many bytes. Default 512: below that
   * gzip seldom wins and each attempt costs a zlib call. 0 tries always (Butane's behaviour).
   */
  readonly gzipMinBytes?: number;
  /**
   * Encodes the contents: {@link encodeDataUrl} by default; pass one made by
   * `createMemoizedDataUrlEncoder` when many configs embed the same large (non-secret) contents.
   */
  readonly encoder?: DataUrlEncoder;
}

/**
 * A file with inline contents, as a `data:` URL (`data:,…` percent-encoded for short text,
 * `data:;base64,…` with `compression: gzip` when that is shorter, tried from 512 bytes). The decoded bytes are exactly
 * `contents` (UTF-8 for strings).
 */
export function ignitionFile(
  path: string,
  contents: string | Uint8Array,
  options: IgnitionFileOptions = {},
): IgnitionFile {
  const { source, compression } = (options.encoder ?? encodeDataUrl)(contents, options.encoding ?? 'auto', {
    gzipMinBytes: options.gzipMinBytes ?? 512,
  });
  const file = nodeFields<IgnitionFile>(path, options, true);
  file.contents = { compression, source };
  file.mode = options.mode ?? 0o644;
  return file;
}

/** Options of a fetched resource. */
export interface RemoteResourceOptions {
  /** `sha512-…`/`sha256-…` of the (decompressed) contents; strongly advised for http. */
  readonly hash?: string;
  /** `gzip` when the fetched bytes are gzip. */
  readonly compression?: 'gzip';
  /** Request headers (spec 3.1.0+; http and https only). */
  readonly httpHeaders?: readonly IgnitionHttpHeader[];
}

/** A resource Ignition fetches from a URL (http, https, tftp, s3, gs, arn). */
export function remoteResource(source: string, options: RemoteResourceOptions = {}): IgnitionResource {
  const resource: IgnitionResource = {};
  if (options.compression) resource.compression = options.compression;
  if (options.httpHeaders && options.httpHeaders.length > 0)
    resource.httpHeaders = options.httpHeaders.map((h) =>
      'value' in h ? { name: h.name, value: h.value } : { name: h.name },
    );
  resource.source = source;
  if (options.hash) resource.verification = { hash: options.hash };
  return resource;
}

/** A file fetched from a URL at first boot. */
export function remoteFile(
  path: string,
  source: string,
  options: RemoteResourceOptions & Omit<IgnitionFileOptions, 'encoding' | 'encoder'> = {},
): IgnitionFile {
  const file = nodeFields<IgnitionFile>(path, options, true);
  file.contents = remoteResource(source, options);
  file.mode = options.mode ?? 0o644;
  return file;
}

/** A directory (mode default 0o755). */
export function ignitionDirectory(
  path: string,
  options: { mode?: number; overwrite?: boolean; user?: Owner; group?: Owner } = {},
): IgnitionDirectory {
  const directory = nodeFields<IgnitionDirectory>(path, options);
  directory.mode = options.mode ?? 0o755;
  return directory;
}

/** A symbolic link (or a hard link with `hard: true`). */
export function ignitionLink(
  path: string,
  target: string,
  options: { hard?: boolean; overwrite?: boolean; user?: Owner; group?: Owner } = {},
): IgnitionLink {
  const link = nodeFields<IgnitionLink>(path, options);
  link.hard = options.hard ?? false;
  link.target = target;
  return link;
}

/** A systemd drop-in (`name` must end in `.conf`). */
export function ignitionDropin(name: string, contents: string): IgnitionDropin {
  return { contents, name };
}

/** A systemd unit: contents, enablement, mask, drop-ins (sorted by name, as systemd applies them). */
export function ignitionUnit(
  name: string,
  options: { contents?: string; enabled?: boolean; mask?: boolean; dropins?: readonly IgnitionDropin[] } = {},
): IgnitionUnit {
  const unit = {} as IgnitionUnit;
  if (options.contents !== undefined) unit.contents = options.contents;
  if (options.dropins && options.dropins.length > 0) {
    unit.dropins = sortedByKey(options.dropins, (dropin) => dropin.name).map((dropin) =>
      'contents' in dropin ? { contents: dropin.contents, name: dropin.name } : { name: dropin.name },
    );
  }
  if (options.enabled !== undefined) unit.enabled = options.enabled;
  if (options.mask !== undefined) unit.mask = options.mask;
  unit.name = name;
  return unit;
}

/** A user account. */
export function ignitionUser(name: string, options: Omit<IgnitionUser, 'name'> = {}): IgnitionUser {
  return inFieldOrder<IgnitionUser>('user', { ...options, name });
}

/** A group. */
export function ignitionGroup(name: string, options: Omit<IgnitionGroup, 'name'> = {}): IgnitionGroup {
  return inFieldOrder<IgnitionGroup>('group', { ...options, name });
}

/** The `kernelArguments` section (spec 3.3.0+), argument order kept. */
export function ignitionKernelArguments(options: {
  shouldExist?: readonly string[];
  shouldNotExist?: readonly string[];
}): IgnitionKernelArguments {
  const args: IgnitionKernelArguments = {};
  if (options.shouldExist && options.shouldExist.length > 0) args.shouldExist = [...options.shouldExist];
  if (options.shouldNotExist && options.shouldNotExist.length > 0)
    args.shouldNotExist = [...options.shouldNotExist];
  return args;
}

/** A merge/replace reference to a config fetched from a URL, pinned by a verification hash. */
export function configReference(source: string, options: RemoteResourceOptions = {}): IgnitionResource {
  return remoteResource(source, options);
}

/**
 * A merge/replace reference that embeds another config as a `data:` URL (gzip when shorter),
 * with its `verification.hash` over the serialised (uncompressed) config.
 */
export function inlineConfigReference(
  config: IgnitionConfig,
  options: { hashFunction?: VerificationHashFunction; encoding?: DataUrlEncoding } = {},
): IgnitionResource {
  const text = serializeIgnitionConfig(config);
  const { source, compression } = encodeDataUrl(text, options.encoding ?? 'auto');
  return {
    compression,
    source,
    verification: { hash: verificationHash(text, options.hashFunction ?? 'sha512') },
  };
}

/** Everything {@link buildIgnitionConfig} assembles. */
export interface IgnitionConfigParts {
  /** Spec version; 3.3.0 by default. */
  readonly version?: IgnitionSpecVersion;
  readonly files?: readonly IgnitionFile[];
  readonly directories?: readonly IgnitionDirectory[];
  readonly links?: readonly IgnitionLink[];
  readonly units?: readonly IgnitionUnit[];
  readonly users?: readonly IgnitionUser[];
  readonly groups?: readonly IgnitionGroup[];
  readonly kernelArguments?: IgnitionKernelArguments;
  readonly merge?: readonly IgnitionResource[];
  readonly replace?: IgnitionResource;
  /** CAs for Ignition's own HTTPS fetches (not the system trust store). */
  readonly certificateAuthorities?: readonly IgnitionResource[];
  readonly proxy?: IgnitionMeta['proxy'];
  readonly timeouts?: IgnitionMeta['timeouts'];
}

function byKey<T>(items: readonly T[] | undefined, key: (item: T) => string): T[] | undefined {
  if (!items || items.length === 0) return undefined;
  return sortedByKey(items, key);
}

/**
 * Assembles a config from parts in a deterministic order: files, directories and links by path,
 * units, users and groups by name (order carries no meaning in Ignition, so the same parts in
 * any order give the same bytes). Merge references and kernel arguments keep their order.
 * Empty sections are left out. Does not validate: use `validateIgnitionConfig`.
 */
export function buildIgnitionConfig(parts: IgnitionConfigParts): IgnitionConfig {
  const ignition = {} as IgnitionMeta;
  if ((parts.merge && parts.merge.length > 0) || parts.replace) {
    ignition.config = {};
    if (parts.merge && parts.merge.length > 0) ignition.config.merge = [...parts.merge];
    if (parts.replace) ignition.config.replace = parts.replace;
  }
  if (parts.proxy) ignition.proxy = parts.proxy;
  if (parts.certificateAuthorities && parts.certificateAuthorities.length > 0) {
    ignition.security = { tls: { certificateAuthorities: [...parts.certificateAuthorities] } };
  }
  if (parts.timeouts) ignition.timeouts = parts.timeouts;
  ignition.version = parts.version ?? DEFAULT_IGNITION_SPEC_VERSION;
  const config: IgnitionConfig = { ignition };
  if (
    parts.kernelArguments &&
    (parts.kernelArguments.shouldExist?.length || parts.kernelArguments.shouldNotExist?.length)
  ) {
    config.kernelArguments = parts.kernelArguments;
  }
  const users = byKey(parts.users, (u) => u.name);
  const groups = byKey(parts.groups, (g) => g.name);
  if (users || groups) config.passwd = { ...(groups ? { groups } : {}), ...(users ? { users } : {}) };
  const files = byKey(parts.files, (f) => f.path);
  const directories = byKey(parts.directories, (d) => d.path);
  const links = byKey(parts.links, (l) => l.path);
  if (files || directories || links) {
    config.storage = {
      ...(directories ? { directories } : {}),
      ...(files ? { files } : {}),
      ...(links ? { links } : {}),
    };
  }
  const units = byKey(parts.units, (u) => u.name);
  if (units) config.systemd = { units };
  return config;
}
