import { createHash } from 'node:crypto';

/** Hash functions Ignition verifies: sha512 in every 3.x spec, sha256 since 3.1.0. */
export type VerificationHashFunction = 'sha512' | 'sha256';

/** Hex digest lengths per hash function. */
export const VERIFICATION_HASH_LENGTHS: Readonly<Record<VerificationHashFunction, number>> = {
  sha512: 128,
  sha256: 64,
};

/**
 * The `verification.hash` value of some (decompressed) contents: `sha512-<hex>` by default.
 * Ignition compares it with the bytes after decompression.
 */
export function verificationHash(
  contents: string | Uint8Array,
  hashFunction: VerificationHashFunction = 'sha512',
): string {
  return `${hashFunction}-${createHash(hashFunction).update(contents).digest('hex')}`;
}

/** A parsed `verification.hash`, or the reason it does not parse (Ignition's wording). */
export function parseVerificationHash(
  hash: string,
): { function: string; sum: string } | { error: 'malformed hash specifier' } {
  const dash = hash.indexOf('-');
  if (dash < 0) return { error: 'malformed hash specifier' };
  return { function: hash.slice(0, dash), sum: hash.slice(dash + 1) };
}
