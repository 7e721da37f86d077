import { gzipSync, constants } from 'node:zlib';

/**
 * zlib never looks further back than its window less MIN_LOOKAHEAD (262 bytes): the longest
 * distance a match can have (`MAX_DIST` in deflate.h).
 */
const MIN_LOOKAHEAD = 262;

/**
 * At level 9 zlib follows a hash chain for at most 4096 candidates, 1024 once it holds a match
 * of 32 bytes: inputs up to this size never reach that limit, whatever the hash table size.
 */
const SHORT_CHAIN_INPUT = 1024;

/**
 * zlib settings for `length` bytes that compress them to exactly the bytes the defaults (32 KiB
 * window, memLevel 8) would, with far less memory set up per call (the defaults allocate and
 * clear about 256 KiB before compressing a single byte):
 * - the smallest window (9–15 bits) that still reaches back to the first byte of the input, so
 *   every match the 32 KiB window finds is found;
 * - for inputs of at most {@link SHORT_CHAIN_INPUT} bytes, the smallest memLevel whose symbol
 *   buffer holds one symbol per input byte, so the input stays one deflate block as it does with
 *   the defaults. memLevel also sizes the hash table; a smaller one puts more candidates on each
 *   chain, but a candidate with other leading bytes never matches, and these chains are too short
 *   to reach the chain limit, so the same matches are chosen.
 */
function zlibSizing(length: number): { windowBits: number; memLevel: number } {
  let windowBits = 9;
  while (windowBits < 15 && (1 << windowBits) - MIN_LOOKAHEAD < length) windowBits++;
  let memLevel = 8;
  if (length <= SHORT_CHAIN_INPUT) {
    memLevel = 1;
    while (1 << (memLevel + 6) <= length + 1) memLevel++;
  }
  return { windowBits, memLevel };
}

/**
 * gzip with a fixed header, so the same bytes always compress to the same output: maximum
 * compression, MTIME 0 and OS byte 255 ("unknown", as Go's compress/gzip writes), independent of
 * the platform Node runs on. The output equals zlib's `gzipSync(data, { level: 9 })` with that
 * header; small inputs are compressed with tables just large enough for them (a zlib
 * window and memLevel sized to the input), which writes the same bytes at a fraction of the setup cost.
 */
export function deterministicGzip(data: Uint8Array): Buffer {
  // An output chunk about the size of the input (not zlib's 16 KiB default) spares small inputs
  // a large allocation; the compressed bytes do not depend on how output space is handed out.
  const chunkSize = Math.min(16 * 1024, Math.max(64, data.length + 64));
  const out = gzipSync(data, { level: constants.Z_BEST_COMPRESSION, chunkSize, ...zlibSizing(data.length) });
  // RFC 1952 header: ID1 ID2 CM FLG MTIME(4) XFL OS. zlib writes MTIME 0 already.
  out.writeUInt32LE(0, 4);
  out[9] = 255;
  return out;
}
