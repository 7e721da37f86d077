import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { pyYamlLoad } from '../../test/support/cloud-init-tool.js';
import { HOSTILE_PIECES, hostileString, seededRandom } from '../../test/support/seeded-random.js';
import { toCloudYaml } from './to-cloud-yaml.js';
import { isAmbiguousPlainScalar, isYamlSafeText } from './yaml-scalars.js';

/** CI budget; raise with KUBENODE_FUZZ_RUNS for a longer run. */
const RUNS = Number(process.env.KUBENODE_FUZZ_RUNS ?? 400);

function document(random: () => number) {
  const value = hostileString(random);
  const key = hostileString(random, 3);
  return { value: value, list: [value, hostileString(random)], nested: { [`k${key}`]: value } };
}

describe('toCloudYaml', () => {
  it('writes every piece alone so that PyYAML, YAML 1.1 and YAML 1.2 read it back exactly', () => {
    const docs = HOSTILE_PIECES.map((piece) => ({ [piece]: piece, list: [piece] }));
    const texts = docs.map(toCloudYaml);
    const loaded = pyYamlLoad(texts);
    docs.forEach((doc, index) => {
      expect(loaded[index], texts[index]).toEqual(doc);
      expect(parse(texts[index]!, { version: '1.1' })).toEqual(doc);
      expect(parse(texts[index]!, { version: '1.2' })).toEqual(doc);
    });
  });

  it(
    `writes ${RUNS} random hostile documents that PyYAML, YAML 1.1 and YAML 1.2 read back exactly (seed 20251124)`,
    () => {
      const random = seededRandom(20251124);
      const docs = Array.from({ length: RUNS }, () => document(random));
      const texts = docs.map(toCloudYaml);
      const loaded = pyYamlLoad(texts);
      docs.forEach((doc, index) => {
        expect(loaded[index], JSON.stringify(texts[index])).toEqual(doc);
        expect(parse(texts[index]!, { version: '1.1' })).toEqual(doc);
        expect(parse(texts[index]!, { version: '1.2' })).toEqual(doc);
      });
    },
    20_000 + RUNS * 10,
  );

  it('quotes what YAML 1.1 or 1.2 would read as another type, and leaves ordinary words plain', () => {
    expect(
      toCloudYaml({
        a: 'yes',
        b: 'No',
        c: '0644',
        d: '0o644',
        e: '1e3',
        f: '12:30',
        g: '2024-01-31',
        h: '=',
        i: '<<',
        j: '~',
        k: '',
      }),
    ).toBe(
      "a: 'yes'\nb: 'No'\nc: '0644'\nd: '0o644'\ne: '1e3'\nf: '12:30'\ng: '2024-01-31'\nh: '='\ni: '<<'\nj: '~'\nk: ''\n",
    );
    expect(
      toCloudYaml({
        word: 'kubelet',
        path: '/etc/motd',
        url: 'https://pkgs.k8s.io/core:/stable:/v1.32/deb/',
      }),
    ).toBe('word: kubelet\npath: /etc/motd\nurl: https://pkgs.k8s.io/core:/stable:/v1.32/deb/\n');
    expect(isAmbiguousPlainScalar('1.32.4')).toBe(true);
    expect(isAmbiguousPlainScalar('v1.32.4')).toBe(false);
  });

  it('writes multi-line text (a PEM) as a literal block and bytes as !!binary', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(toCloudYaml({ pem, bytes: new Uint8Array([0, 1, 254, 255]) })).toBe(
      'pem: |\n  -----BEGIN CERTIFICATE-----\n  MIIB\n  -----END CERTIFICATE-----\nbytes: !!binary |-\n  AAH+/w==\n',
    );
  });

  it('says which text needs escapes (and so base64 in write_files)', () => {
    expect(isYamlSafeText('plain\ttext\n  with spaces  \n')).toBe(true);
    expect(isYamlSafeText('crlf\r\n')).toBe(false);
    expect(isYamlSafeText('nel\u0085')).toBe(false);
    expect(isYamlSafeText('bell\u0007')).toBe(false);
    expect(isYamlSafeText('emoji 🚀')).toBe(true);
  });
});
