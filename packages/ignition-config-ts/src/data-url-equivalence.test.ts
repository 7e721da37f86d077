import { constants, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDataUrl, percentEncodeData, type DataUrlEncoding } from './data-url.js';
import { deterministicGzip } from './deterministic-gzip.js';

// The encoder takes native shortcuts (encodeURIComponent for UTF-8, no Buffer for strings that
// stay percent-encoded); these properties compare it with the plain byte-by-byte definition.
// KUBENODE_PROPERTY_RUNS=100000 npx vitest run src/data-url-equivalence.test.ts for a long run.
const RUNS = Number(process.env.KUBENODE_PROPERTY_RUNS ?? 2000);
const TIMEOUT = Math.max(60_000, RUNS * 20);

const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

/** RFC 2396 escaping, one byte at a time. */
function referencePercent(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    out += UNRESERVED.includes(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Butane's rule: the shortest of percent, base64 and gzip + base64 (+4 for `compression`). */
function referenceEncode(contents: string | Uint8Array, encoding: DataUrlEncoding, gzipMinBytes: number) {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : Buffer.from(contents);
  const percent = `,${referencePercent(bytes)}`;
  const base64 = `;base64,${bytes.toString('base64')}`;
  const gzip = () => `;base64,${deterministicGzip(bytes).toString('base64')}`;
  if (encoding === 'percent') return { source: `data:${percent}`, compression: '' };
  if (encoding === 'base64') return { source: `data:${base64}`, compression: '' };
  if (encoding === 'gzip') return { source: `data:${gzip()}`, compression: 'gzip' };
  const opaque = base64.length < percent.length ? base64 : percent;
  if (bytes.length >= gzipMinBytes) {
    const gz = gzip();
    if (gz.length + 4 < opaque.length) return { source: `data:${gz}`, compression: 'gzip' };
  }
  return { source: `data:${opaque}`, compression: '' };
}

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  // Lone surrogates, which UTF-8 writes as U+FFFD.
  fc.string({ unit: fc.constantFrom('a', ' ', '%', '\n', '\ud800', '\udc00', 'é', '😀'), maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('line of text ', 'key = value\n', '[Section]\n'), maxLength: 80 }),
);
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  text.map((t) => new Uint8Array(Buffer.from(t, 'utf8'))),
  // Overlong, surrogate and truncated UTF-8 sequences.
  fc
    .array(
      fc.constantFrom(
        [0xc0, 0x80],
        [0xed, 0xa0, 0x80],
        [0xe2, 0x82],
        [0xf4, 0x90, 0x80, 0x80],
        [0x61],
        [0xff],
      ),
      {
        maxLength: 20,
      },
    )
    .map((parts) => Uint8Array.from(parts.flat())),
);

describe('data URL encoding equals its byte-by-byte definition', () => {
  it(
    'percent-encodes any bytes, UTF-8 or not',
    () => {
      fc.assert(
        fc.property(bytes, (data) => {
          expect(percentEncodeData(data)).toBe(referencePercent(data));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'chooses and writes the same data URL for strings and bytes, in every encoding and threshold',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(text, bytes),
          fc.constantFrom<DataUrlEncoding>('auto', 'percent', 'base64', 'gzip'),
          fc.constantFrom(0, 64, 512),
          (contents, encoding, gzipMinBytes) => {
            expect(encodeDataUrl(contents, encoding, { gzipMinBytes })).toEqual(
              referenceEncode(contents, encoding, gzipMinBytes),
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it('reads only the visible bytes of a view into a larger buffer', () => {
    const backing = Buffer.from('xxhello world\u00e9yy', 'utf8');
    const view = backing.subarray(2, backing.length - 2);
    expect(percentEncodeData(view)).toBe('hello%20world%C3%A9');
    expect(encodeDataUrl(view, 'base64').source).toBe(`data:;base64,${Buffer.from(view).toString('base64')}`);
  });
});

describe('deterministicGzip', () => {
  it(
    'writes what zlib writes with its default output chunks, whatever the input size',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 40_000 }),
            fc.string({ maxLength: 20_000 }).map((t) => new Uint8Array(Buffer.from(t))),
          ),
          (data) => {
            const expected = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
            expected.writeUInt32LE(0, 4);
            expected[9] = 255;
            expect(Buffer.compare(deterministicGzip(data), expected)).toBe(0);
          },
        ),
        { numRuns: Math.max(50, Math.floor(RUNS / 20)) },
      );
    },
    TIMEOUT,
  );
});
