import { gzipSync } from 'node:zlib';
import { UserDataTooLargeError } from '../errors/user-data-too-large-error.js';
import type { UserDataLimit } from './user-data-limits.js';

/** Options of {@link encodeUserData}. */
export interface EncodeUserDataOptions {
  /** The platform's limit; none means no size check. */
  readonly limit?: UserDataLimit;
  /** `auto` (default) gzips only when the plain text does not fit; `always`; `never`. */
  readonly compression?: 'auto' | 'always' | 'never';
}

/** User data ready for a platform API. */
export interface EncodedUserData {
  /** True when the bytes are gzip (cloud-init detects and decompresses it). */
  readonly compressed: boolean;
  /** The bytes to deliver. */
  readonly bytes: Buffer;
  /** The same bytes as base64, the form EC2, Azure, OpenStack and GCE (`user-data-encoding: base64`) take. */
  readonly base64: string;
  /** The size measured as the limit measures it (raw bytes when there is no limit). */
  readonly measuredBytes: number;
}

/** gzip with a fixed header (mtime 0, maximum compression), so the same text gives the same bytes. */
export function gzipUserData(text: string | Uint8Array): Buffer {
  return gzipSync(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, { level: 9 });
}

function measured(bytes: Buffer, compressed: boolean, limit: UserDataLimit | undefined): number {
  if (!limit || limit.measure === 'raw') return bytes.length;
  const base64Length = 4 * Math.ceil(bytes.length / 3);
  if (limit.measure === 'base64') return base64Length;
  return compressed ? base64Length : bytes.length;
}

/**
 * Fits user data (a cloud-config, MIME multi-part, or a script) into a platform's limit: as it
 * is when it fits, gzip-compressed when it does not (cloud-init decompresses gzip user data on
 * every datasource), or an error naming both sizes when even gzip does not fit.
 *
 * @throws {UserDataTooLargeError}
 */
export function encodeUserData(
  userData: string | Uint8Array,
  options: EncodeUserDataOptions = {},
): EncodedUserData {
  const compression = options.compression ?? 'auto';
  const limit = options.limit;
  const plain = typeof userData === 'string' ? Buffer.from(userData, 'utf8') : Buffer.from(userData);
  const plainSize = measured(plain, false, limit);
  const result = (bytes: Buffer, compressed: boolean): EncodedUserData => ({
    compressed,
    bytes,
    base64: bytes.toString('base64'),
    measuredBytes: measured(bytes, compressed, limit),
  });
  if (compression === 'never' || (compression === 'auto' && (!limit || plainSize <= limit.limitBytes))) {
    if (limit && plainSize > limit.limitBytes) {
      throw new UserDataTooLargeError({
        platform: limit.platform,
        limitBytes: limit.limitBytes,
        measure: limit.measure,
        sizeBytes: plainSize,
        compressedBytes: undefined,
      });
    }
    return result(plain, false);
  }
  const gzipped = gzipUserData(plain);
  const encoded = result(gzipped, true);
  if (limit && encoded.measuredBytes > limit.limitBytes) {
    throw new UserDataTooLargeError({
      platform: limit.platform,
      limitBytes: limit.limitBytes,
      measure: limit.measure,
      sizeBytes: plainSize,
      compressedBytes: encoded.measuredBytes,
    });
  }
  return encoded;
}
