import { gzipSync, constants } from 'node:zlib';

/**
 * gzip with a fixed header, so the same bytes always compress to the same output: maximum
 * compression, MTIME 0 and OS byte 255 ("unknown", as Go's compress/gzip writes), independent of
 * the platform Node runs on.
 */
export function deterministicGzip(data: Uint8Array): Buffer {
  // An output chunk about the size of the input (not zlib's 16 KiB default) spares small inputs
  // a large allocation; the compressed bytes do not depend on how output space is handed out.
  const chunkSize = Math.min(16 * 1024, Math.max(64, data.length + 64));
  const out = gzipSync(data, { level: constants.Z_BEST_COMPRESSION, chunkSize });
  // RFC 1952 header: ID1 ID2 CM FLG MTIME(4) XFL OS. zlib writes MTIME 0 already.
  out.writeUInt32LE(0, 4);
  out[9] = 255;
  return out;
}
