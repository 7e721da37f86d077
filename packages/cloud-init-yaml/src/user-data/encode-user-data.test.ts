import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserDataTooLargeError } from '../errors/user-data-too-large-error.js';
import { seededRandom } from '../../test/support/seeded-random.js';
import { encodeUserData, gzipUserData } from './encode-user-data.js';
import { USER_DATA_LIMITS, userDataLimit } from './user-data-limits.js';

/** Text that compresses well (repetitive YAML). */
function repetitive(bytes: number): string {
  return (
    '#cloud-config\nruncmd:\n' + '  - echo "the same line again and again"\n'.repeat(Math.ceil(bytes / 42))
  );
}

/** Text that barely compresses (random base64). */
function incompressible(bytes: number): string {
  const random = seededRandom(7);
  return Buffer.from(Array.from({ length: bytes }, () => Math.floor(random() * 256))).toString('base64');
}

describe('USER_DATA_LIMITS', () => {
  it('holds the documented limits', () => {
    expect(userDataLimit('aws')).toMatchObject({ limitBytes: 16_384, measure: 'raw' });
    expect(userDataLimit('azure')).toMatchObject({ limitBytes: 65_535, measure: 'raw' });
    expect(userDataLimit('openstack')).toMatchObject({ limitBytes: 65_535, measure: 'base64' });
    expect(userDataLimit('gcp')).toMatchObject({ limitBytes: 262_144, measure: 'text-or-base64' });
    expect(userDataLimit('metal')).toBeUndefined();
    expect(userDataLimit('constructor')).toBeUndefined();
  });
});

describe('encodeUserData', () => {
  it('leaves user data that fits as it is', () => {
    const text = repetitive(10_000);
    const encoded = encodeUserData(text, { limit: USER_DATA_LIMITS.aws });
    expect(encoded.compressed).toBe(false);
    expect(encoded.bytes.toString('utf8')).toBe(text);
    expect(encoded.measuredBytes).toBe(Buffer.byteLength(text));
  });

  it('gzips deterministically when the plain text exceeds the limit, and the gzip decodes to the text', () => {
    const text = repetitive(40_000);
    const encoded = encodeUserData(text, { limit: USER_DATA_LIMITS.aws });
    expect(encoded.compressed).toBe(true);
    expect(encoded.measuredBytes).toBeLessThanOrEqual(16_384);
    expect(gunzipSync(encoded.bytes).toString('utf8')).toBe(text);
    expect(encoded.bytes.subarray(4, 8)).toEqual(Buffer.alloc(4)); // mtime 0
    expect(encodeUserData(text, { limit: USER_DATA_LIMITS.aws }).base64).toBe(encoded.base64);
    expect(gzipUserData(text)).toEqual(encoded.bytes);
  });

  it('measures OpenStack on base64 and GCE gzip as base64', () => {
    const text = repetitive(55_000); // fits 65535 raw, but not as base64
    expect(Buffer.byteLength(text)).toBeLessThan(65_535);
    expect(Buffer.from(text).toString('base64').length).toBeGreaterThan(65_535);
    expect(encodeUserData(text, { limit: USER_DATA_LIMITS.azure }).compressed).toBe(false);
    const openstack = encodeUserData(text, { limit: USER_DATA_LIMITS.openstack });
    expect(openstack.compressed).toBe(true);
    expect(openstack.measuredBytes).toBe(openstack.base64.length);
    const gcp = encodeUserData(text, { limit: USER_DATA_LIMITS.gcp, compression: 'always' });
    expect(gcp.measuredBytes).toBe(gcp.base64.length);
  });

  it('throws a clear error when even gzip does not fit', () => {
    const text = incompressible(30_000);
    let error: unknown;
    try {
      encodeUserData(text, { limit: USER_DATA_LIMITS.aws });
    } catch (caught) {
      error = caught;
    }
    expect(UserDataTooLargeError.isInstance(error)).toBe(true);
    const tooLarge = error as UserDataTooLargeError;
    expect(tooLarge.platform).toBe('aws');
    expect(tooLarge.sizeBytes).toBe(Buffer.byteLength(text));
    expect(tooLarge.compressedBytes).toBeGreaterThan(16_384);
    expect(tooLarge.message).toMatch(
      /^user data for aws is 40000 raw bytes \(\d+ raw bytes after gzip\); the limit is 16384 raw bytes\. Move large content out of user data/,
    );
  });

  it('throws without compressing when compression is turned off', () => {
    expect(() =>
      encodeUserData(repetitive(20_000), { limit: USER_DATA_LIMITS.aws, compression: 'never' }),
    ).toThrow(/compression was turned off/);
  });
});
