import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { libraryToYaml } from './library-to-yaml.js';
import { plainDataYaml } from './plain-data-yaml.js';
import { toYaml } from './to-yaml.js';

// Property budget: KUBENODE_PROPERTY_RUNS=200000 npx vitest run src/renderers/plain-data-yaml.test.ts
// runs a long campaign; CI runs the default below (a few seconds).
const RUNS = Number(process.env.KUBENODE_PROPERTY_RUNS ?? 4000);
const TIMEOUT = Math.max(60_000, RUNS * 20);

/** Fragments that YAML readers treat specially, to be glued into hostile strings. */
const HOSTILE_FRAGMENTS = [
  ' ',
  '  ',
  '\t',
  ':',
  ': ',
  ' :',
  '#',
  ' #',
  '# ',
  '"',
  "'",
  '\\',
  '\\u0000',
  '\\n',
  'yes',
  'no',
  'on',
  'off',
  'Yes',
  'NO',
  'On',
  'OFF',
  'y',
  'n',
  'Y',
  'N',
  'true',
  'False',
  'TRUE',
  'null',
  'Null',
  'NULL',
  '~',
  '',
  '0',
  '00',
  '0644',
  '0o644',
  '0x1F',
  '0b101',
  '1_000',
  '1.10',
  '.5',
  '1e3',
  '-1E-3',
  '+12',
  '.inf',
  '-.Inf',
  '.nan',
  '.NaN',
  '1:20',
  '190:20:30',
  '1:20.5',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  '<<',
  '=',
  '---',
  '...',
  '--- x',
  '%YAML',
  '%',
  '-',
  '- ',
  '?',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a',
  '*a',
  '!tag',
  '!!str',
  '|',
  '>',
  '@',
  '`',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  ' \n',
  '\n ',
  '\n\t',
  '\t\n',
  'é',
  'ß',
  '日本語',
  '😀',
  '\u0000',
  '\u0007',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ud800',
  '\udfff',
  'a',
  'key',
  'value with spaces',
  'http://x.example:80/p?q=1#frag',
  'C:\\path',
  'a=b,c=d',
];

const hostileString = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_FRAGMENTS), { maxLength: 6 })
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(' ', '\n', '\t', 'a', ':', '#', '-'), maxLength: 10 }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
);

/** Multi-line text as files carry it: lines, blank lines, indentation, with and without a final newline. */
const multiLineText = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.constant(''),
        fc.constantFrom(
          '  indented',
          '\tTabbed',
          ' one space',
          '#!/bin/sh',
          'key: value',
          '---',
          '...',
          '%x',
        ),
        fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !/[\n\r]/.test(s)),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.constantFrom('', '\n', '\n\n', '\n\n\n', ' ', '\n \n', '  \n'),
    fc.constantFrom('', '\n', '\n\n', ' ', '  \n', '\n  x'),
  )
  .map(([lines, tail, head]) => `${head}${lines.join('\n')}${tail}`);

const scalar = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 2, arbitrary: multiLineText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, -0, 1e21, 1e-7, 2 ** 53, -(2 ** 31), 0.1, NaN, Infinity, -Infinity),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('apiVersion', 'kind', 'name', 'cpu', 'node.example.com/tier', 'x'),
  },
  { weight: 3, arbitrary: hostileString },
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.dictionary(key, tie('value'), { maxKeys: 5 }) },
  ),
}));
const document = fc.oneof(fc.dictionary(key, value, { maxKeys: 6 }), fc.array(value, { maxLength: 5 }));

describe('plainDataYaml', () => {
  it(
    'is byte-identical to the yaml library wherever it does not decline',
    () => {
      fc.assert(
        fc.property(document, (doc) => {
          const fast = plainDataYaml(doc);
          if (fast !== undefined) expect(fast).toBe(libraryToYaml(doc));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'is byte-identical for hostile strings as keys, map values and sequence items at every depth',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(hostileString, multiLineText),
          fc.oneof(hostileString, multiLineText),
          (a, b) => {
            for (const doc of [
              { [a]: b },
              { outer: { [a]: b, [b]: [a] } },
              [a, [b], { [a]: [{ [b]: a }] }],
              { list: [{ k: a }, b, [a, b]] },
            ]) {
              const fast = plainDataYaml(doc);
              if (fast !== undefined) expect(fast).toBe(libraryToYaml(doc));
              expect(toYaml(doc)).toBe(libraryToYaml(doc));
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    'handles the values adapters produce without falling back',
    () => {
      // Strings without control characters in multi-line text, no trailing blanks after the last
      // line break, no multi-line keys: the shapes of kubeadm, kubelet, k3OS and Gardener documents.
      const declines = (s: string) =>
        s === '<<' ||
        /\n[\t ]+$/.test(s) ||
        // eslint-disable-next-line no-control-regex -- control characters are what is tested
        (s.includes('\n') && /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]/.test(s));
      const adapterString = fc.oneof(hostileString, multiLineText).filter((s) => !declines(s));
      const adapterKey = hostileString.filter((s) => !s.includes('\n') && s !== '<<' && s.length < 200);
      const { adapterValue } = fc.letrec((tie) => ({
        adapterValue: fc.oneof(
          { depthSize: 'small' },
          adapterString,
          fc.integer(),
          fc.double({ noNaN: true }),
          fc.boolean(),
          fc.constant(null),
          fc.array(tie('adapterValue'), { maxLength: 4 }),
          fc.dictionary(adapterKey, tie('adapterValue'), { maxKeys: 5 }),
        ),
      }));
      fc.assert(
        fc.property(fc.dictionary(adapterKey, adapterValue, { maxKeys: 6 }), (doc) => {
          const fast = plainDataYaml(doc);
          expect(fast).toBeDefined();
          expect(fast).toBe(libraryToYaml(doc));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it('writes the documented forms', () => {
    const doc = {
      quoted: [
        'yes',
        'off',
        'y',
        '~',
        '',
        '0644',
        '1.10',
        '1e3',
        '1:20',
        '2001-12-14',
        'x: y',
        '# c',
        ' lead',
        'trail ',
      ],
      plain: ['plain', 'a:b', 'a#b', 'http://x:1/#f', 'é 日本 😀'],
      numbers: [0, -0, 1.5, 1e21, NaN, -Infinity],
      text: 'line 1\n  line 2\n',
      stripped: 'no final newline\nhere',
      kept: 'two\n\n',
      leadingSpace: '  indented first\nsecond\n',
      control: 'tab\there, bell\u0007, escape\u001b, nul\u0000',
      empty: { list: [], map: {} },
      skipped: undefined,
      nested: [{ a: 1, b: [true, null] }, [['deep']]],
    };
    const expected = [
      'quoted:',
      '  - "yes"',
      '  - "off"',
      '  - "y"',
      '  - "~"',
      '  - ""',
      '  - "0644"',
      '  - "1.10"',
      '  - "1e3"',
      '  - "1:20"',
      '  - "2001-12-14"',
      '  - "x: y"',
      '  - "# c"',
      '  - " lead"',
      '  - "trail "',
      'plain:',
      '  - plain',
      '  - a:b',
      '  - a#b',
      '  - http://x:1/#f',
      '  - é 日本 😀',
      'numbers:',
      '  - 0',
      '  - -0',
      '  - 1.5',
      '  - 1e+21',
      '  - .nan',
      '  - -.inf',
      'text: |',
      '  line 1',
      '    line 2',
      'stripped: |-',
      '  no final newline',
      '  here',
      'kept: |+',
      '  two',
      '',
      'leadingSpace: |2',
      '    indented first',
      '  second',
      'control: "tab\\there, bell\\a, escape\\e, nul\\0"',
      'empty:',
      '  list: []',
      '  map: {}',
      'nested:',
      '  - a: 1',
      '    b:',
      '      - true',
      '      - null',
      '  - - - deep',
      '',
    ].join('\n');
    expect(plainDataYaml(doc)).toBe(expected);
    expect(libraryToYaml(doc)).toBe(expected);
  });

  it('declines what it does not reproduce, and toYaml then uses the library', () => {
    const declined: unknown[] = [
      'top-level scalar',
      42,
      null,
      undefined,
      { date: new Date(0) },
      { big: 10n },
      { map: new Map([['a', 1]]) },
      { withToJSON: { toJSON: () => 'x' } },
      { 'multi\nline key': 1 },
      { ['k'.repeat(1100)]: 1 },
    ];
    for (const doc of declined) {
      expect(plainDataYaml(doc)).toBeUndefined();
      expect(toYaml(doc)).toBe(libraryToYaml(doc));
    }
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 150; i++) deep = { d: deep };
    expect(plainDataYaml(deep)).toBeUndefined();
    expect(toYaml(deep)).toBe(libraryToYaml(deep));
  });
});
