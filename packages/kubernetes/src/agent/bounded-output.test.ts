import { describe, expect, it } from 'vitest';
import { BoundedOutput } from './bounded-output.js';

function collect(maxBytes: number, chunks: readonly (string | Buffer)[]): BoundedOutput {
  const output = new BoundedOutput(maxBytes);
  for (const chunk of chunks) output.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return output;
}

/** A deterministic ASCII text of `length` bytes in which every position is recognisable. */
function text(length: number): string {
  let result = '';
  for (let i = 0; i < length; i++) result += String.fromCharCode(97 + ((i * 7 + Math.floor(i / 26)) % 26));
  return result;
}

describe('BoundedOutput', () => {
  it('returns everything, untruncated, up to the limit', () => {
    const all = text(100);
    const output = collect(100, [all.slice(0, 10), all.slice(10, 60), all.slice(60)]);
    expect(output.text()).toBe(all);
    expect(output.truncated).toBe(false);
    expect(collect(100, []).text()).toBe('');
    expect(collect(100, []).truncated).toBe(false);
  });

  it('keeps the first quarter and the last three quarters beyond the limit, with the exact count left out', () => {
    const all = text(1000);
    const output = collect(100, [all]);
    expect(output.truncated).toBe(true);
    expect(output.text()).toBe(`${all.slice(0, 25)}\n[… 900 bytes left out …]\n${all.slice(925)}`);
  });

  it('counts a single byte over the limit', () => {
    const all = text(101);
    const output = collect(100, [all]);
    expect(output.truncated).toBe(true);
    expect(output.text()).toBe(`${all.slice(0, 25)}\n[… 1 bytes left out …]\n${all.slice(26)}`);
  });

  it('gives the same result whatever the chunk boundaries (every split point, two and three chunks)', () => {
    const all = Buffer.from(text(57));
    for (const max of [8, 20, 57, 60]) {
      const expected = collect(max, [all]);
      const want = { text: expected.text(), truncated: expected.truncated };
      for (let i = 0; i <= all.length; i++) {
        const two = collect(max, [all.subarray(0, i), all.subarray(i)]);
        expect({ text: two.text(), truncated: two.truncated }, `max ${max}, split ${i}`).toEqual(want);
        for (let j = i; j <= all.length; j += 5) {
          const three = collect(max, [all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
          expect({ text: three.text(), truncated: three.truncated }, `max ${max}, ${i}/${j}`).toEqual(want);
        }
      }
    }
  });

  it('gives the same result byte by byte as in one chunk, across the compaction threshold', () => {
    const all = Buffer.from(text(5000));
    const output = new BoundedOutput(64);
    for (let i = 0; i < all.length; i++) output.push(all.subarray(i, i + 1));
    expect(output.text()).toBe(
      `${all.subarray(0, 16).toString()}\n[… 4936 bytes left out …]\n${all.subarray(4952).toString()}`,
    );
  });

  it('keeps a multi-byte character intact when nothing is left out, wherever the head ends', () => {
    // "€" is three bytes; the head (a quarter of 16 = 4 bytes) ends inside it.
    const all = 'aaa€bbb';
    for (let i = 0; i <= Buffer.byteLength(all); i++) {
      const bytes = Buffer.from(all);
      const output = collect(16, [bytes.subarray(0, i), bytes.subarray(i)]);
      expect(output.text(), `split ${i}`).toBe(all);
      expect(output.truncated).toBe(false);
    }
  });

  it('reads the same after more output arrives (text and truncated can be read at any time)', () => {
    const output = new BoundedOutput(8);
    output.push(Buffer.from('abcdefgh'));
    expect(output.text()).toBe('abcdefgh');
    output.push(Buffer.from('ijkl'));
    expect(output.truncated).toBe(true);
    expect(output.text()).toBe('ab\n[… 4 bytes left out …]\nghijkl');
    output.push(Buffer.from('mn'));
    expect(output.text()).toBe('ab\n[… 6 bytes left out …]\nijklmn');
  });
});
