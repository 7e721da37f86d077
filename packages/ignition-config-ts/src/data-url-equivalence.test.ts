import { constants, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDataUrl, percentEncodeData, type DataUrlEncoding } from './data-url.js';
import { deterministicGzip } from './deterministic-gzip.js';

/** `length` bytes from a xorshift32 generator seeded with `seed`, each its state mapped by `byte`. */
function xorshiftBytes(length: number, seed: number, byte: (state: number) => number): Uint8Array {
  const data = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    data[i] = byte(state >>> 0);
  }
  return data;
}

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
    'counts UTF-8 bytes, not string length, against every gzip threshold (the bounds shortcut)',
    () => {
      // Repetitive multi-byte text, so gzip can win, with thresholds on both sides of its length.
      const multiByte = fc
        .tuple(
          fc.string({
            unit: fc.constantFrom('a', 'é', '€', '😀', '\ud800', ' ', '\n', '%'),
            minLength: 1,
            maxLength: 12,
          }),
          fc.integer({ min: 1, max: 60 }),
        )
        .map(([chunk, times]) => chunk.repeat(times));
      fc.assert(
        fc.property(multiByte, fc.integer({ min: 0, max: 700 }), (contents, gzipMinBytes) => {
          expect(encodeDataUrl(contents, 'auto', { gzipMinBytes })).toEqual(
            referenceEncode(contents, 'auto', gzipMinBytes),
          );
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'picks gzip exactly when it is shortest, also where it beats base64 but not one character per byte',
    () => {
      // Bytes that all need %XX, drawn from 2^k values: with 5-7 bits of entropy per byte gzip
      // lands on both sides of base64 and of the contents' own length (one character per byte),
      // the bound below which the encoder takes gzip without percent-encoding.
      const escaped = fc
        .tuple(fc.integer({ min: 5, max: 7 }), fc.integer({ min: 40, max: 700 }), fc.integer())
        .map(([bits, length, seed]) => {
          return xorshiftBytes(length, seed, (state) => 0x80 | (state % (1 << bits)));
        });
      const winners = new Set<string>();
      fc.assert(
        fc.property(escaped, fc.constantFrom(0, 64, 512), (contents, gzipMinBytes) => {
          const encoded = encodeDataUrl(contents, 'auto', { gzipMinBytes });
          expect(encoded).toEqual(referenceEncode(contents, 'auto', gzipMinBytes));
          const gzipOverBound = encoded.source.length - 'data:'.length + 4 >= contents.length + 1;
          winners.add(encoded.compression === 'gzip' ? `gzip${gzipOverBound ? ' over' : ''}` : 'base64');
        }),
        { numRuns: Math.min(RUNS, 500) },
      );
      // Every outcome was reached: gzip under the bound, gzip over it (shorter than base64 and
      // the percent-encoding only), and base64 where gzip lost.
      expect([...winners].sort()).toEqual(['base64', 'gzip', 'gzip over']);
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

  // deterministicGzip compresses small inputs with a window just large enough for them
  // (2^bits - 262 bytes back): a match from the end of the input back to its start is the one a
  // window chosen too small would lose. Up to 1 KiB it also lowers memLevel: a symbol buffer one
  // symbol too small for an input without matches splits it into two blocks. Either way the output
  // would differ from zlib's with its defaults.
  const edges = [
    ...[9, 10, 11, 12, 13, 14, 15].flatMap((bits) => [(1 << bits) - 263, (1 << bits) - 262]),
    ...[1, 2, 3, 4].flatMap((level) => [(1 << (level + 6)) - 2, (1 << (level + 6)) - 1]),
    1024,
    1025,
  ];
  /** `length` pseudo-random bytes over `alphabet` symbols, the first `repeat` copied to the end. */
  const sample = (length: number, repeat: number, alphabet: number, seed: number) => {
    const data = xorshiftBytes(length, seed, (state) => state % alphabet);
    const copied = Math.min(repeat, length >> 1);
    data.copyWithin(length - copied, 0, copied);
    return data;
  };
  const expectDefaultZlibOutput = (data: Uint8Array) => {
    const expected = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
    expected.writeUInt32LE(0, 4);
    expected[9] = 255;
    expect(Buffer.compare(deterministicGzip(data), expected)).toBe(0);
  };

  it('writes what zlib writes with its default window and memLevel at the edges of the smaller tables', () => {
    for (const length of edges)
      for (const alphabet of [2, 26, 256])
        for (const repeat of [0, 3, 64]) expectDefaultZlibOutput(sample(length, repeat, alphabet, length));
  });

  it(
    'writes what zlib writes with its default window and memLevel, for inputs of any size and redundancy',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 4, max: 34_000 })),
          fc.integer({ min: 0, max: 64 }),
          fc.constantFrom(2, 4, 26, 256),
          fc.integer(),
          (length, repeat, alphabet, seed) => expectDefaultZlibOutput(sample(length, repeat, alphabet, seed)),
        ),
        { numRuns: Math.max(60, Math.floor(RUNS / 30)) },
      );
    },
    TIMEOUT,
  );
});
