import { describe, expect, it } from 'vitest';
import { encodeDataUrl } from './data-url.js';
import { ignitionFile } from './ignition-builders.js';
import { createMemoizedDataUrlEncoder } from './memoized-data-url-encoder.js';

const pem = (n: number) =>
  `-----BEGIN CERTIFICATE-----\n${`MIIBgDCCASWgAwIBAgIUbyWAnY9Ml4r9KbFMt3Cmnm6HB4YwCgYIKoZIzj0EAwIw${n}\n`.repeat(12)}-----END CERTIFICATE-----\n`;

describe('createMemoizedDataUrlEncoder', () => {
  it('returns what encodeDataUrl returns, for strings and bytes, in every encoding', () => {
    const encode = createMemoizedDataUrlEncoder();
    for (const contents of [pem(1), Buffer.from(pem(2)), 'short', new Uint8Array(300).fill(7)]) {
      for (const encoding of ['auto', 'percent', 'base64', 'gzip'] as const) {
        for (const gzipMinBytes of [0, 512, 4096]) {
          const expected = encodeDataUrl(contents, encoding, { gzipMinBytes });
          expect(encode(contents, encoding, { gzipMinBytes })).toEqual(expected);
          expect(encode(contents, encoding, { gzipMinBytes })).toEqual(expected);
        }
      }
    }
  });

  it('remembers large contents by exact value, not identity, and keeps strings and bytes apart', () => {
    const encode = createMemoizedDataUrlEncoder();
    const first = encode(pem(1));
    expect(encode(`${pem(1)}`.slice(0))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(encode(pem(3))).not.toBe(first);
    // The same characters as bytes (latin1 key) are a different entry.
    const latin1 = Buffer.from(pem(1), 'latin1');
    expect(encode(latin1)).not.toBe(first);
    expect(encode(latin1)).toEqual(encodeDataUrl(latin1));
    // Small contents, contents below the gzip threshold and percent/base64 are not remembered.
    expect(encode('x'.repeat(10))).not.toBe(encode('x'.repeat(10)));
    expect(encode(pem(1), 'auto', { gzipMinBytes: 4096 })).not.toBe(
      encode(pem(1), 'auto', { gzipMinBytes: 4096 }),
    );
    expect(encode(pem(1), 'base64')).not.toBe(encode(pem(1), 'base64'));
    expect(encode(pem(1), 'gzip')).toBe(encode(pem(1), 'gzip'));
  });

  it('forgets the least recently used entries beyond its entry and byte limits', () => {
    const encode = createMemoizedDataUrlEncoder({ maxEntries: 2 });
    const a = encode(pem(1));
    const b = encode(pem(2));
    expect(encode(pem(1))).toBe(a); // a is now the most recent
    encode(pem(3)); // evicts b
    expect(encode(pem(1))).toBe(a);
    expect(encode(pem(2))).not.toBe(b);

    // Each entry costs its contents and its URL: a budget one short of two entries keeps one.
    const cost = (contents: string) => contents.length + encodeDataUrl(contents).source.length;
    const small = createMemoizedDataUrlEncoder({ maxBytes: cost(pem(1)) + cost(pem(2)) - 1 });
    const c = small(pem(1));
    small(pem(2));
    expect(small(pem(1))).not.toBe(c);
    const roomy = createMemoizedDataUrlEncoder({ maxBytes: cost(pem(1)) + cost(pem(2)) });
    const d = roomy(pem(1));
    roomy(pem(2));
    expect(roomy(pem(1))).toBe(d);
    const none = createMemoizedDataUrlEncoder({ maxBytes: 10 });
    expect(none(pem(1))).not.toBe(none(pem(1)));
  });

  it('is what ignitionFile encodes with when given one', () => {
    const calls: number[] = [];
    const encode = createMemoizedDataUrlEncoder();
    const file = ignitionFile('/etc/ssl/certs/ca.pem', pem(1), {
      encoder: (contents, encoding, options) => {
        calls.push(contents.length);
        return encode(contents, encoding, options);
      },
    });
    expect(calls).toEqual([pem(1).length]);
    expect(file).toEqual(ignitionFile('/etc/ssl/certs/ca.pem', pem(1)));
  });
});
