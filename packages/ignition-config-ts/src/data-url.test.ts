import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DataUrlSyntaxError,
  decodeDataUrl,
  encodeDataUrl,
  parseDataUrl,
  percentEncodeData,
} from './data-url.js';
import { deterministicGzip } from './deterministic-gzip.js';
import { formatOctalMode, octalMode } from './file-mode.js';
import { parseVerificationHash, verificationHash } from './verification-hash.js';

const HOSTILE = [
  '',
  'plain',
  'REBOOT_STRATEGY=etcd-lock\n',
  'percent %h %% 100%\n',
  'quotes " \' ` and backslashes \\ \\n',
  "heredoc <<'EOF'\n$HOME ${X} $(id)\nEOF\n",
  'unicode: héllo wörld ✓ 日本語 🚀\n',
  '\ttab\r\nCRLF\u0000NUL\u007fDEL',
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
];

describe('data URLs', () => {
  it('percent-encodes like Butane: RFC 2396 unreserved characters stay, the rest as upper-case %XX', () => {
    expect(percentEncodeData(Buffer.from('REBOOT_STRATEGY=etcd-lock\n'))).toBe(
      'REBOOT_STRATEGY%3Detcd-lock%0A',
    );
    expect(percentEncodeData(Buffer.from("a-_.!~*'()b c/é"))).toBe("a-_.!~*'()b%20c%2F%C3%A9");
  });

  it.each(HOSTILE)('round-trips %j byte for byte in every encoding', (text) => {
    for (const encoding of ['auto', 'percent', 'base64', 'gzip'] as const) {
      const { source, compression } = encodeDataUrl(text, encoding);
      expect(decodeDataUrl(source, compression).toString('utf8')).toBe(text);
    }
  });

  it('round-trips binary data', () => {
    const bytes = Uint8Array.from({ length: 1024 }, (_, i) => (i * 131) % 256);
    const { source, compression } = encodeDataUrl(bytes);
    expect(Buffer.compare(decodeDataUrl(source, compression), Buffer.from(bytes))).toBe(0);
  });

  it('picks the shortest encoding: percent for short text, gzip+base64 for large compressible text', () => {
    expect(encodeDataUrl('hello\n')).toEqual({ source: 'data:,hello%0A', compression: '' });
    const large = encodeDataUrl('line of repetitive configuration text\n'.repeat(200));
    expect(large.compression).toBe('gzip');
    expect(large.source.startsWith('data:;base64,H4sI')).toBe(true);
    expect(large.source.length).toBeLessThan(600);
    const random = Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 251);
    expect(encodeDataUrl(random).source.startsWith('data:;base64,')).toBe(true);
  });

  it('gzips deterministically: MTIME 0 and OS byte 255, same bytes every time', () => {
    const a = deterministicGzip(Buffer.from('x'.repeat(1000)));
    const b = deterministicGzip(Buffer.from('x'.repeat(1000)));
    expect(Buffer.compare(a, b)).toBe(0);
    expect([...a.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    expect(gunzipSync(a).toString()).toBe('x'.repeat(1000));
  });

  it('parses media types and parameters, and rejects what Ignition rejects, saying why', () => {
    expect(parseDataUrl('data:text/plain;charset=utf-8,a%20b')).toMatchObject({
      mediaType: 'text/plain',
      base64: false,
    });
    expect(parseDataUrl('data:;base64,aGk=').data.toString()).toBe('hi');
    for (const [url, message] of [
      ['data,x', /missing data prefix/],
      ['data:x', /missing comma/],
      ['data:,a b', /invalid data character/],
      ['data:,%G0', /invalid escape/],
      ['data:;base64,a b', /invalid data character/],
      ['data:;base64,YQ', /padded/],
      ['data:bogus/type,x', /invalid media type/],
    ] as const) {
      expect(() => parseDataUrl(url)).toThrow(message);
      expect(() => parseDataUrl(url)).toThrow(DataUrlSyntaxError);
    }
    expect(() => decodeDataUrl('data:,abc', 'gzip')).toThrow(/not gzip/);
  });
});

describe('modes and hashes', () => {
  it('converts octal text to decimal modes and back', () => {
    expect(octalMode('0644')).toBe(420);
    expect(octalMode('755')).toBe(493);
    expect(octalMode('0o600')).toBe(384);
    expect(formatOctalMode(420)).toBe('0644');
    expect(() => octalMode('0999')).toThrow(RangeError);
  });

  it('hashes contents as Ignition verifies them', () => {
    expect(verificationHash('', 'sha256')).toBe(
      'sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(verificationHash('abc')).toMatch(/^sha512-ddaf35a193617aba/);
    expect(parseVerificationHash('sha512-ab')).toEqual({ function: 'sha512', sum: 'ab' });
    expect(parseVerificationHash('nodash')).toEqual({ error: 'malformed hash specifier' });
  });
});
