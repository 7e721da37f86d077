import { encodeDataUrl, type DataUrlEncoding, type EncodedDataUrl } from './data-url.js';

/** Something that encodes contents as a `data:` URL: {@link encodeDataUrl} or a memoising one. */
export type DataUrlEncoder = (
  contents: string | Uint8Array,
  encoding?: DataUrlEncoding,
  options?: { readonly gzipMinBytes?: number },
) => EncodedDataUrl;

/** Limits of {@link createMemoizedDataUrlEncoder}. */
export interface MemoizedDataUrlEncoderLimits {
  /** At most this many remembered results (default 256). */
  readonly maxEntries?: number;
  /** At most this many remembered contents and URLs, counted in UTF-16 code units (default 8 Mi). */
  readonly maxBytes?: number;
  /**
   * Contents shorter than this (in bytes or UTF-16 code units) are encoded every time (default
   * 256), as are `percent` and `base64` encodings and contents below the `gzipMinBytes` threshold
   * of the call: those encode faster than a lookup of large contents.
   */
  readonly minBytes?: number;
}

/**
 * An {@link encodeDataUrl} that remembers its most recent results, keyed by the exact contents,
 * encoding and gzip threshold. Worth it where the same large contents are embedded in many
 * configs (a CA bundle, a shared script) and gzip, which `auto` tries for them, dominates the
 * encoding. Results are the same as {@link encodeDataUrl}'s (remembered ones frozen); the memory is bounded by entries
 * and bytes, least recently used first out. Do not pass secrets you would not keep in memory:
 * remembered contents stay referenced until evicted.
 */
export function createMemoizedDataUrlEncoder(limits: MemoizedDataUrlEncoderLimits = {}): DataUrlEncoder {
  const maxEntries = limits.maxEntries ?? 256;
  const maxBytes = limits.maxBytes ?? 8 * 1024 * 1024;
  const minBytes = limits.minBytes ?? 256;
  // One table per kind of contents, encoding and threshold, keyed by the contents as a string:
  // V8 keeps a string's hash in the string, so looking the same (large) string up again is
  // cheap, where a composite key would be rebuilt and rehashed on every call.
  const tables = new Map<string, Map<string, EncodedDataUrl>>();
  // Every remembered result with where it is kept, least recently used first.
  const recency = new Map<
    EncodedDataUrl,
    { readonly table: Map<string, EncodedDataUrl>; readonly key: string }
  >();
  let bytes = 0;
  const size = (key: string, value: EncodedDataUrl) => key.length + value.source.length;
  return (contents, encoding = 'auto', options = {}) => {
    // Only gzip is worth remembering: percent and base64 encode faster than a lookup hashes.
    if (
      encoding === 'percent' ||
      encoding === 'base64' ||
      contents.length < minBytes ||
      (encoding === 'auto' && contents.length < (options.gzipMinBytes ?? 0))
    ) {
      return encodeDataUrl(contents, encoding, options);
    }
    const tableKey = `${typeof contents === 'string' ? 's' : 'b'}:${encoding}:${options.gzipMinBytes ?? 0}`;
    const key =
      typeof contents === 'string'
        ? contents
        : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).toString('latin1');
    let table = tables.get(tableKey);
    const remembered = table?.get(key);
    if (remembered !== undefined) {
      const place = recency.get(remembered)!;
      recency.delete(remembered);
      recency.set(remembered, place);
      return remembered;
    }
    const encoded = Object.freeze(encodeDataUrl(contents, encoding, options));
    const cost = size(key, encoded);
    if (cost > maxBytes) return encoded;
    for (const [value, place] of recency) {
      if (recency.size < maxEntries && bytes + cost <= maxBytes) break;
      recency.delete(value);
      place.table.delete(place.key);
      bytes -= size(place.key, value);
    }
    if (table === undefined) tables.set(tableKey, (table = new Map()));
    table.set(key, encoded);
    recency.set(encoded, { table, key });
    bytes += cost;
    return encoded;
  };
}
