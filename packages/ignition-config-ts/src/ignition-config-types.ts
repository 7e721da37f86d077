/**
 * The Ignition config model, spec 3.0.0 to 3.5.0, as TypeScript types. Field names and shapes
 * follow the upstream JSON Schemas; `null` is accepted wherever upstream accepts it. Fields added
 * after 3.0.0 say since when; the version-specific zod schemas ({@link ignitionConfigSchema})
 * reject them in older versions.
 */

/** An HTTP header sent when fetching a resource (since 3.1.0). */
export interface IgnitionHttpHeader {
  name: string;
  /** Header value; `null` removes a header inherited from a parent config when merging. */
  value?: string | null;
}

/** Integrity check of a fetched resource. */
export interface IgnitionVerification {
  /** `sha512-<128 hex>` or (since 3.1.0) `sha256-<64 hex>` of the decompressed contents. */
  hash?: string | null;
}

/** A resource Ignition fetches: file contents, a merged config, a CA bundle, a key file. */
export interface IgnitionResource {
  /** URL: `http`, `https`, `tftp`, `s3`, `data`, `gs` (3.2.0) or an `arn:` (3.4.0). */
  source?: string | null;
  /** `gzip` when the fetched (decoded) bytes are gzip-compressed; `''` or null for none. */
  compression?: string | null;
  /** Extra request headers (since 3.1.0; http and https sources only). */
  httpHeaders?: IgnitionHttpHeader[];
  verification?: IgnitionVerification;
}

/** Owner or group of a node: by numeric id or by name, not both. */
export interface IgnitionNodeOwner {
  id?: number | null;
  name?: string | null;
}

/** Fields shared by files, directories and links. */
export interface IgnitionNode {
  /** Absolute, clean path. */
  path: string;
  /** Replace what exists at the path (files: needs `contents.source`). Default false. */
  overwrite?: boolean | null;
  user?: IgnitionNodeOwner;
  group?: IgnitionNodeOwner;
}

/** A regular file. */
export interface IgnitionFile extends IgnitionNode {
  contents?: IgnitionResource;
  append?: IgnitionResource[];
  /** Permission bits as a decimal integer (0o644 = 420). */
  mode?: number | null;
}

/** A directory. */
export interface IgnitionDirectory extends IgnitionNode {
  /** Permission bits as a decimal integer (0o755 = 493). */
  mode?: number | null;
}

/** A symbolic or hard link. */
export interface IgnitionLink extends IgnitionNode {
  target?: string | null;
  hard?: boolean | null;
}

/** A GPT partition. */
export interface IgnitionPartition {
  label?: string | null;
  number?: number;
  sizeMiB?: number | null;
  startMiB?: number | null;
  typeGuid?: string | null;
  guid?: string | null;
  wipePartitionEntry?: boolean | null;
  shouldExist?: boolean | null;
  /** Since 3.2.0. */
  resize?: boolean | null;
}

/** A disk and its partition table. */
export interface IgnitionDisk {
  device: string;
  wipeTable?: boolean | null;
  partitions?: IgnitionPartition[];
}

/** A software RAID array. */
export interface IgnitionRaid {
  name: string;
  level?: string | null;
  devices?: string[];
  spares?: number | null;
  options?: string[];
}

/** A filesystem. */
export interface IgnitionFilesystem {
  device: string;
  /** ext4, btrfs, xfs, vfat, swap or (since 3.3.0) none. */
  format?: string | null;
  path?: string | null;
  wipeFilesystem?: boolean | null;
  label?: string | null;
  uuid?: string | null;
  options?: string[];
  /** Since 3.1.0. */
  mountOptions?: string[];
}

/** A Tang server for Clevis (since 3.2.0). */
export interface IgnitionTang {
  url: string;
  thumbprint?: string | null;
  /** Offline provisioning advertisement JSON (since 3.4.0). */
  advertisement?: string | null;
}

/** A custom Clevis pin (since 3.2.0). */
export interface IgnitionClevisCustom {
  pin?: string | null;
  config?: string | null;
  needsNetwork?: boolean | null;
}

/** Clevis binding of a LUKS volume (since 3.2.0). */
export interface IgnitionClevis {
  custom?: IgnitionClevisCustom;
  tpm2?: boolean | null;
  tang?: IgnitionTang[];
  threshold?: number | null;
}

/** IBM Crypto Express binding (since 3.5.0). */
export interface IgnitionCex {
  enabled?: boolean | null;
}

/** A LUKS volume (since 3.2.0). */
export interface IgnitionLuks {
  name: string;
  label?: string | null;
  uuid?: string | null;
  device?: string | null;
  keyFile?: IgnitionResource;
  wipeVolume?: boolean | null;
  clevis?: IgnitionClevis;
  options?: string[];
  /** Since 3.4.0. */
  discard?: boolean | null;
  /** Since 3.4.0. */
  openOptions?: string[];
  /** Since 3.5.0. */
  cex?: IgnitionCex;
}

/** The `storage` section. */
export interface IgnitionStorage {
  disks?: IgnitionDisk[];
  raid?: IgnitionRaid[];
  /** Since 3.2.0. */
  luks?: IgnitionLuks[];
  filesystems?: IgnitionFilesystem[];
  files?: IgnitionFile[];
  directories?: IgnitionDirectory[];
  links?: IgnitionLink[];
}

/** A systemd drop-in. */
export interface IgnitionDropin {
  /** File name ending in `.conf`. */
  name: string;
  contents?: string | null;
}

/** A systemd unit. */
export interface IgnitionUnit {
  /** Unit name with a type suffix, e.g. `kubeadm.service`. */
  name: string;
  /** true: enable; false: disable; omitted: leave as is. */
  enabled?: boolean | null;
  mask?: boolean | null;
  contents?: string | null;
  dropins?: IgnitionDropin[];
}

/** The `systemd` section. */
export interface IgnitionSystemd {
  units?: IgnitionUnit[];
}

/** A user account. */
export interface IgnitionUser {
  name: string;
  passwordHash?: string | null;
  sshAuthorizedKeys?: string[];
  uid?: number | null;
  gecos?: string | null;
  homeDir?: string | null;
  noCreateHome?: boolean | null;
  primaryGroup?: string | null;
  groups?: string[];
  noUserGroup?: boolean | null;
  noLogInit?: boolean | null;
  shell?: string | null;
  system?: boolean | null;
  /** Since 3.2.0. */
  shouldExist?: boolean | null;
}

/** A group. */
export interface IgnitionGroup {
  name: string;
  gid?: number | null;
  passwordHash?: string | null;
  system?: boolean | null;
  /** Since 3.2.0. */
  shouldExist?: boolean | null;
}

/** The `passwd` section. */
export interface IgnitionPasswd {
  users?: IgnitionUser[];
  groups?: IgnitionGroup[];
}

/** The `kernelArguments` section (since 3.3.0). */
export interface IgnitionKernelArguments {
  shouldExist?: string[];
  shouldNotExist?: string[];
}

/** Proxy for Ignition's own fetches (since 3.1.0). */
export interface IgnitionProxy {
  httpProxy?: string | null;
  httpsProxy?: string | null;
  noProxy?: (string | null)[];
}

/** HTTP timeouts for Ignition's own fetches. */
export interface IgnitionTimeouts {
  httpResponseHeaders?: number | null;
  httpTotal?: number | null;
}

/** The `ignition` section: the version and how to fetch things. */
export interface IgnitionMeta {
  /** The spec version, e.g. `3.3.0`. */
  version: string;
  config?: {
    merge?: IgnitionResource[];
    replace?: IgnitionResource;
  };
  timeouts?: IgnitionTimeouts;
  security?: {
    tls?: {
      certificateAuthorities?: IgnitionResource[];
    };
  };
  /** Since 3.1.0. */
  proxy?: IgnitionProxy;
}

/** A whole Ignition config (spec 3.x). */
export interface IgnitionConfig {
  ignition: IgnitionMeta;
  /** Since 3.3.0. */
  kernelArguments?: IgnitionKernelArguments;
  passwd?: IgnitionPasswd;
  storage?: IgnitionStorage;
  systemd?: IgnitionSystemd;
}
