import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { deterministicGzip } from './deterministic-gzip.js';

const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";
const HEX = '0123456789ABCDEF';
/** Each byte as it appears in a percent-encoded `data:` URL. */
const ENCODED_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  UNRESERVED.includes(String.fromCharCode(byte))
    ? String.fromCharCode(byte)
    : `%${HEX[byte >> 4]}${HEX[byte & 15]}`,
);

/**
 * Percent-encodes bytes for a `data:` URL the way Butane does (RFC 2396 escaping): letters,
 * digits and `-_.!~*'()` stay, every other byte becomes `%XX` (upper-case hex).
 */
export function percentEncodeData(data: Uint8Array): string {
  // encodeURIComponent keeps exactly the same characters and writes the UTF-8 bytes of the rest
  // as upper-case %XX, natively: valid UTF-8 decodes to a string whose encoding is these bytes.
  if (isUtf8(data)) {
    return encodeURIComponent(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  }
  let out = '';
  for (let i = 0; i < data.length; i++) out += ENCODED_BYTE[data[i]!];
  return out;
}

/** {@link percentEncodeData} of the UTF-8 bytes of a string. */
function percentEncodeText(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate (URIError): Buffer.from writes it as U+FFFD, as for every other encoding.
    return percentEncodeData(Buffer.from(text, 'utf8'));
  }
}

/** How {@link encodeDataUrl} may encode contents. */
export type DataUrlEncoding = 'auto' | 'percent' | 'base64' | 'gzip';

/** A data URL and the `compression` value that goes with it. */
export interface EncodedDataUrl {
  /** `data:,<percent-encoded>` or `data:;base64,<base64>`. */
  readonly source: string;
  /** `gzip` when the base64 payload is gzip-compressed, otherwise `''` (explicitly none). */
  readonly compression: '' | 'gzip';
}

const BASE64_MARKER = ';base64,';

// The smallest possible gzip member is 20 bytes (10 header, 2 deflate, 8 trailer): as base64
// plus ';base64,' and the 'gzip' compression value it never beats a shorter candidate.
const MIN_GZIP_CANDIDATE = Math.ceil(20 / 3) * 4 + BASE64_MARKER.length + 'gzip'.length;

/**
 * Encodes file contents as an Ignition `data:` URL. `auto` (default) does what Butane does: the
 * shortest of percent-encoding (readable, best for short text), base64, and gzip + base64 (with
 * `compression: gzip`, counted with the four bytes the compression value costs). The gzip
 * stream is deterministic (fixed MTIME and OS byte), so output is byte-identical run to run.
 * `gzipMinBytes` skips the gzip attempt for smaller contents (it rarely wins there and costs a
 * zlib call); the default 0 always tries, exactly as Butane does.
 */
export function encodeDataUrl(
  contents: string | Uint8Array,
  encoding: DataUrlEncoding = 'auto',
  options: { readonly gzipMinBytes?: number } = {},
): EncodedDataUrl {
  if (encoding === 'percent') return { compression: '', source: `data:,${percentEncode(contents)}` };
  if (encoding === 'base64') return { compression: '', source: `data:${base64Payload(toBytes(contents))}` };
  if (encoding === 'gzip') return { compression: 'gzip', source: `data:${gzipPayload(toBytes(contents))}` };
  const length = typeof contents === 'string' ? Buffer.byteLength(contents, 'utf8') : contents.length;
  const base64Length = BASE64_MARKER.length + 4 * Math.ceil(length / 3);
  const gzipAllowed = length >= (options.gzipMinBytes ?? 0);
  let bytes: Uint8Array | undefined;
  let gz: string | undefined;
  // Percent-encoding takes at least one character per byte after its comma, and base64 more: gzip
  // that beats that bound is the shortest candidate, and the percent-encoding (as long as the
  // contents or up to three times longer) is never built. That is the usual outcome for larger
  // text, the JoinConfiguration among it.
  if (gzipAllowed && length + 1 > MIN_GZIP_CANDIDATE) {
    gz = gzipPayload((bytes = toBytes(contents)));
    if (gz.length + 4 < length + 1) return { compression: 'gzip', source: `data:${gz}` };
  }
  let opaque = `,${percentEncode(contents)}`;
  if (base64Length < opaque.length) opaque = base64Payload((bytes ??= toBytes(contents)));
  if (gzipAllowed && opaque.length > MIN_GZIP_CANDIDATE) {
    gz ??= gzipPayload(bytes ?? toBytes(contents));
    if (gz.length + 4 < opaque.length) return { compression: 'gzip', source: `data:${gz}` };
  }
  return { compression: '', source: `data:${opaque}` };
}

function toBytes(contents: string | Uint8Array): Uint8Array {
  return typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
}

function percentEncode(contents: string | Uint8Array): string {
  return typeof contents === 'string' ? percentEncodeText(contents) : percentEncodeData(contents);
}

function base64Payload(bytes: Uint8Array): string {
  return `${BASE64_MARKER}${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`;
}

function gzipPayload(bytes: Uint8Array): string {
  return `${BASE64_MARKER}${deterministicGzip(bytes).toString('base64')}`;
}

/** A parsed `data:` URL. */
export interface ParsedDataUrl {
  /** The media type as written, e.g. `text/plain;charset=utf-8`; empty when omitted. */
  readonly mediaType: string;
  /** Whether the payload is base64. */
  readonly base64: boolean;
  /** The decoded payload (still compressed when the resource says `compression: gzip`). */
  readonly data: Buffer;
}

/** Why a data URL does not parse; the message says where. */
export class DataUrlSyntaxError extends SyntaxError {
  override readonly name = 'DataUrlSyntaxError';
}

const TSPECIALS = new Set('()<>@,;:\\"/[]?=');
function isToken(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.has(c);
}
const URL_EXCLUDED = new Set(' <>#"{}|\\^[]`');
function isUrlChar(code: number): boolean {
  return code > 0x1f && code < 0x7f && !URL_EXCLUDED.has(String.fromCharCode(code));
}

/**
 * Parses a `data:` URL with the grammar Ignition's parser applies (RFC 2397 over RFC 2396):
 * an optional `type/subtype` whose type is text, image, audio, video, application, message,
 * multipart or `x-…`, `;attribute=value` parameters, `;base64`, then the data: unreserved,
 * reserved or `%XX` characters, or strict (padded) base64.
 *
 * @throws {DataUrlSyntaxError} naming what is wrong.
 */
export function parseDataUrl(url: string): ParsedDataUrl {
  if (!url.startsWith('data:')) throw new DataUrlSyntaxError('missing data prefix');
  const comma = url.indexOf(',', 5);
  if (comma < 0) throw new DataUrlSyntaxError('missing comma before data');
  const header = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  const parts = header.split(';');
  const mediaType = parts[0]!;
  if (mediaType !== '') {
    const slash = mediaType.indexOf('/');
    if (slash < 0) throw new DataUrlSyntaxError('missing media type slash');
    const type = mediaType.slice(0, slash);
    const subtype = mediaType.slice(slash + 1);
    if (![...type].every(isToken) || type === '')
      throw new DataUrlSyntaxError('invalid character for media type');
    if (!/^(x-|X-|text|image|audio|video|application|message|multipart)/.test(type)) {
      throw new DataUrlSyntaxError('invalid media type');
    }
    if (subtype === '' || ![...subtype].every(isToken)) {
      throw new DataUrlSyntaxError('invalid character for media subtype');
    }
  }
  let base64 = false;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === parts.length - 1 && part === 'base64') {
      base64 = true;
      break;
    }
    const eq = part.indexOf('=');
    if (eq <= 0) throw new DataUrlSyntaxError(`unterminated parameter sequence in '${part}'`);
    const attribute = part.slice(0, eq);
    let value = part.slice(eq + 1);
    if (![...attribute].every(isToken))
      throw new DataUrlSyntaxError('invalid character for parameter attribute');
    if (value.startsWith('"')) {
      if (!value.endsWith('"') || value.length < 2) throw new DataUrlSyntaxError('unclosed quoted string');
      value = value.slice(1, -1);
    } else if (value === '' || ![...value].every(isToken)) {
      throw new DataUrlSyntaxError('invalid character for parameter value');
    }
  }
  if (base64) {
    if (!/^[A-Za-z0-9+/=]*$/.test(payload)) throw new DataUrlSyntaxError('invalid data character');
    if (payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(={0,2})$/.test(payload)) {
      throw new DataUrlSyntaxError('illegal base64 data: expected padded standard base64');
    }
    return { mediaType, base64, data: Buffer.from(payload, 'base64') };
  }
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const code = payload.charCodeAt(i);
    if (!isUrlChar(code)) throw new DataUrlSyntaxError('invalid data character');
    if (code === 0x25) {
      const hex = payload.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw new DataUrlSyntaxError('invalid escape sequence: expected % followed by two hex digits');
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(code);
  }
  return { mediaType, base64, data: Buffer.from(bytes) };
}

/**
 * The bytes a resource with a `data:` source puts on disk: the URL payload, gunzipped when the
 * resource's compression is `gzip`.
 *
 * @throws {DataUrlSyntaxError} for a malformed URL or a payload that is not gzip.
 */
export function decodeDataUrl(url: string, compression?: string | null): Buffer {
  const { data } = parseDataUrl(url);
  if (compression === 'gzip') {
    try {
      return gunzipSync(data);
    } catch (error) {
      throw new DataUrlSyntaxError(`compression is gzip but the payload is not gzip data: ${String(error)}`);
    }
  }
  return data;
}
