import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('reproduces the RFC 8785 section 3.2.3 example', () => {
    const input: unknown = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys at every depth by UTF-16 code units and drops undefined properties', () => {
    expect(
      canonicalJson({
        b: 1,
        a: { d: [3, { z: 0, y: null }], c: undefined },
        A: true,
        é: 'x',
        '10': 0,
        '9': 0,
      }),
    ).toBe('{"10":0,"9":0,"A":true,"a":{"d":[3,{"y":null,"z":0}]},"b":1,"é":"x"}');
  });

  it('refuses what JSON cannot represent without loss', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('$.a: NaN has no JSON representation');
    expect(() => canonicalJson([1, undefined])).toThrow('$[1]: undefined');
    expect(() => canonicalJson({ when: new Date(0) })).toThrow('$.when: only plain objects');
    expect(() => canonicalJson(10n)).toThrow('bigint');
  });
});
