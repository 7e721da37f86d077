import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { libraryToYaml } from './library-to-yaml.js';
import { plainDataYaml } from './plain-data-yaml.js';
import { toYaml } from './to-yaml.js';

/** PyYAML's pure-Python and libyaml (C) loaders, as kubeadm-adjacent YAML 1.1 readers: each document read back as JSON. */
function pyYamlLoad(documents: readonly string[]): { python: unknown; libyaml: unknown }[] {
  const script = [
    'import json, sys, yaml',
    'out = []',
    'for doc in json.load(sys.stdin):',
    '    row = {}',
    '    for name, loader in (("python", yaml.SafeLoader), ("libyaml", yaml.CSafeLoader)):',
    '        try: row[name] = yaml.load(doc, Loader=loader)',
    '        except yaml.YAMLError as error: row[name] = {"error": str(error)}',
    '    out.append(row)',
    'json.dump(out, sys.stdout)',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(documents), encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(
      `PyYAML is needed (Debian packages 'python3' and 'python3-yaml'): ${run.error?.message ?? run.stderr}`,
    );
  }
  return JSON.parse(run.stdout) as { python: unknown; libyaml: unknown }[];
}

// Strings the hostile-input property tests (@kubenode/fuzz) found toYaml writing in a form YAML
// 1.1 readers (kubeadm's Go reader, k3OS, PyYAML) read differently or refuse.
const HOSTILE = [
  'a\u0085b',
  'line\u2028separator',
  'para\u2029graph',
  'c1\u009bcontrol',
  'del\u007f',
  '\ufffe',
  '\uffff',
  'bom\ufeff',
  '=',
  '<<',
  '\t\n10Mi',
  ' \nx',
  'a\n \nb',
  'a\n\t\nb',
  '\n\t\nx\n',
  'a\r\nb',
  '\tx\ny',
  ' \tx\ny',
  '\t \nx',
  '\t\tx\n',
  'a\n\tb',
  ' a\n\tb\n',
];

describe('toYaml: strings YAML 1.1 readers read back identically', () => {
  it('as map values, sequence items and keys, on the fast path and the library path', () => {
    const docs = HOSTILE.flatMap((text) => [{ value: text }, { list: [text] }, { [text]: 'key' }]);
    const texts = docs.flatMap((doc) => [toYaml(doc), libraryToYaml(doc)]);
    const read = pyYamlLoad(texts);
    docs.forEach((doc, index) => {
      for (const which of [0, 1]) {
        const text = texts[index * 2 + which]!;
        expect(read[index * 2 + which]!.python, text).toEqual(doc);
        expect(read[index * 2 + which]!.libyaml, text).toEqual(doc);
      }
      // The fast path writes them itself (multi-line keys aside), byte-identical to the library.
      expect(texts[index * 2]).toBe(texts[index * 2 + 1]);
      if (!Object.keys(doc)[0]!.includes('\n')) expect(plainDataYaml(doc)).toBe(texts[index * 2]);
    });
  });

  it('for random strings over an alphabet of YAML specials (fast-check sample, one PyYAML run)', () => {
    const alphabet = [
      ' ',
      '\t',
      '\n',
      '\r',
      'a',
      '1',
      ':',
      '#',
      '-',
      '|',
      '>',
      '"',
      "'",
      '=',
      '<',
      '%',
      '&',
      '*',
    ];
    const hostile = ['\u0085', '\u2028', '\u2029', '\u0001', '\u009b', '\ufeff', '\uffff', 'é'];
    const strings = fc.sample(
      fc.array(fc.constantFrom(...alphabet, ...hostile), { maxLength: 8 }).map((chars) => chars.join('')),
      { numRuns: 400, seed: 13 },
    );
    const docs = strings.map((text) => ({ value: text, list: [text], [`k${text}`]: 1 }));
    const texts = docs.map((doc) => toYaml(doc));
    const read = pyYamlLoad(texts);
    docs.forEach((doc, index) => {
      expect(read[index]!.python, texts[index]).toEqual(doc);
      expect(read[index]!.libyaml, texts[index]).toEqual(doc);
      expect(texts[index]).toBe(libraryToYaml(doc));
    });
  });

  it('keeps ordinary strings as they were (plain, quoted only where YAML readers need it, literal blocks)', () => {
    const doc = {
      name: 'workers',
      yes: 'yes',
      mode: '0644',
      colon: 'a: b',
      script: '#!/bin/sh\necho hi\n',
      indented: '  a\n  b\n',
      unicode: 'grüße ✓',
    };
    expect(plainDataYaml(doc)).toBe(
      [
        'name: workers',
        '"yes": "yes"',
        'mode: "0644"',
        'colon: "a: b"',
        'script: |',
        '  #!/bin/sh',
        '  echo hi',
        'indented: |2',
        '    a',
        '    b',
        'unicode: grüße ✓',
        '',
      ].join('\n'),
    );
    expect(toYaml(doc)).toBe(libraryToYaml(doc));
  });
});
