import type { WriteFile } from '../schema/write-files-schema.js';
import { gzipUserData } from '../user-data/encode-user-data.js';
import { isYamlSafeText } from '../yaml/yaml-scalars.js';
import { octalPermissions } from './octal-permissions.js';

/** What {@link writeFile} builds a `write_files` item from. */
export interface WriteFileOptions {
  /** Absolute path on the machine. */
  readonly path: string;
  /** Text (written as UTF-8) or bytes. */
  readonly content: string | Uint8Array;
  /** Mode as a number (0o644 by default). */
  readonly mode?: number;
  /** Owning user (root by default). */
  readonly owner?: string;
  /** Owning group (root by default). */
  readonly group?: string;
  /** Write in the final stage, after packages and users exist. */
  readonly defer?: boolean;
  /** Append instead of replacing. */
  readonly append?: boolean;
  /** gzip the content (`gz+b64`), for large files under a user-data limit. */
  readonly gzip?: boolean;
}

/**
 * A `write_files` item whose content reaches the file byte for byte: text that YAML carries
 * safely is written as it is (a literal block when multi-line); bytes, invalid UTF-8 and text
 * with carriage returns or characters YAML would escape are written as `encoding: b64`;
 * `gzip: true` writes `gz+b64`. Permissions become a quoted octal string.
 */
export function writeFile(options: WriteFileOptions): WriteFile {
  const item: { -readonly [K in keyof WriteFile]: WriteFile[K] } = { path: options.path };
  const owner = options.owner ?? 'root';
  const group = options.group ?? 'root';
  if (owner !== 'root' || group !== 'root') item.owner = `${owner}:${group}`;
  item.permissions = octalPermissions(options.mode ?? 0o644);
  const bytes =
    typeof options.content === 'string' ? Buffer.from(options.content, 'utf8') : Buffer.from(options.content);
  const text = typeof options.content === 'string' ? options.content : decodeUtf8(bytes);
  if (options.gzip) {
    item.encoding = 'gz+b64';
  } else if (text === undefined || !isYamlSafeText(text)) {
    item.encoding = 'b64';
  }
  if (options.append) item.append = true;
  if (options.defer) item.defer = true;
  if (item.encoding === 'gz+b64') item.content = gzipUserData(bytes).toString('base64');
  else if (item.encoding === 'b64') item.content = bytes.toString('base64');
  else item.content = text;
  return item;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
