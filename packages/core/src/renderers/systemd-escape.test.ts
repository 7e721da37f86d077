import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { systemdQuote } from './systemd-escape.js';

/** systemdQuote as it was before its fast path: the refusal, then the three escapes. */
function reference(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new RangeError('control character');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

describe('systemdQuote', () => {
  it('quotes exactly as the escape-everything formula, and refuses the same values', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', '\\', '"', '%', '=', '\n', '\t', '\u007f', '\u0000', 'é', '😀'),
      maxLength: 12,
    });
    fc.assert(
      fc.property(text, (value) => {
        let expected: string | RangeError;
        try {
          expected = reference(value);
        } catch (error) {
          expected = error as RangeError;
        }
        if (expected instanceof RangeError) expect(() => systemdQuote(value)).toThrow(RangeError);
        else expect(systemdQuote(value)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves plain values as they are, inside quotes', () => {
    expect(systemdQuote('HTTP_PROXY=http://proxy.example:3128')).toBe(
      '"HTTP_PROXY=http://proxy.example:3128"',
    );
    expect(systemdQuote('')).toBe('""');
  });
});
