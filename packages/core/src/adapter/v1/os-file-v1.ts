/**
 * A file an adapter places on the node, in a distro-neutral form that each adapter serialises
 * into its native format (an Ignition `storage.files` entry, a cloud-init `write_files` item, ...).
 */
export interface OsFileV1 {
  /** Absolute path on the node. */
  readonly path: string;
  /** Contents: text, or base64 when `encoding` is `base64`. */
  readonly contents: string;
  /** How `contents` is encoded. */
  readonly encoding: 'utf-8' | 'base64';
  /** Mode as an integer (0o644 = 420). */
  readonly mode: number;
  /** Owning user name. */
  readonly owner: string;
  /** Owning group name. */
  readonly group: string;
  /** True when the contents hold a secret (bootstrap token, key): written 0600, never logged. */
  readonly containsSecret: boolean;
}

/** Builds an {@link OsFileV1} with the usual defaults (utf-8, 0644, root:root, no secret). */
export function osFile(
  path: string,
  contents: string,
  options: Partial<Omit<OsFileV1, 'path' | 'contents'>> = {},
): OsFileV1 {
  return {
    path,
    contents,
    encoding: options.encoding ?? 'utf-8',
    mode: options.mode ?? (options.containsSecret ? 0o600 : 0o644),
    owner: options.owner ?? 'root',
    group: options.group ?? 'root',
    containsSecret: options.containsSecret ?? false,
  };
}
