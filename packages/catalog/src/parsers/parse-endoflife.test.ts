import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readVector, vectorContext } from '../test-support/vectors.js';
import type { EndOfLifeProduct, EndOfLifeValue } from './endoflife-product.js';
import { parseEndOfLifeApiProduct } from './parse-endoflife-api-product.js';
import { parseEndOfLifeProductYaml } from './parse-endoflife-product-yaml.js';

const yaml = (product: string) => {
  const file = `endoflife-date/${product}.products.trimmed.yaml`;
  return parseEndOfLifeProductYaml(readVector(file), vectorContext(`endoflife/${product}`, file));
};
const cycle = (product: EndOfLifeProduct, name: string) =>
  product.cycles.find((entry) => entry.cycle === name)!;

/** Converts a parsed product to the documented API v1 response shape (for testing the API parser). */
function toApiResponse(product: EndOfLifeProduct): string {
  const pair = (value: EndOfLifeValue | undefined) =>
    value === undefined
      ? {}
      : typeof value === 'string'
        ? { is: value <= '2026-08-22', from: value }
        : { is: value, from: null };
  return JSON.stringify({
    schema_version: '1.2.1',
    generated_at: '2026-08-22T00:00:00+00:00',
    result: {
      name: product.product,
      label: product.title,
      labels: {
        eoas: product.labels.eoas ?? null,
        eol: product.labels.eol ?? null,
        eoes: product.labels.eoes ?? null,
        discontinued: null,
      },
      releases: product.cycles.map((entry) => {
        const eoas = pair(entry.eoas);
        const eol = pair(entry.eol);
        const eoes = pair(entry.eoes);
        return {
          name: entry.cycle,
          codename: entry.codename ?? null,
          label: entry.cycle,
          releaseDate: entry.releaseDate,
          isLts: entry.lts !== false,
          ltsFrom: typeof entry.lts === 'string' ? entry.lts : null,
          ...('is' in eoas ? { isEoas: eoas.is, eoasFrom: eoas.from } : {}),
          isEol: eol.is,
          eolFrom: eol.from,
          ...('is' in eoes ? { isEoes: eoes.is, eoesFrom: eoes.from } : {}),
          isMaintained: true,
          latest: entry.latest
            ? { name: entry.latest, date: entry.latestReleaseDate ?? null, link: null }
            : null,
          custom: null,
        };
      }),
    },
  });
}

describe('parseEndOfLifeProductYaml', () => {
  it('reads Ubuntu: LTS flags, eoas/eol/eoes and the column labels', () => {
    const ubuntu = yaml('ubuntu');
    expect(ubuntu).toMatchObject({
      product: 'ubuntu',
      title: 'Ubuntu',
      labels: {
        eoas: 'Hardware & Maintenance',
        eol: 'Maintenance & Security Support',
        eoes: 'Expanded Security Maintenance',
      },
    });
    expect(ubuntu.cycles.map((entry) => entry.cycle)).toEqual([
      '26.04',
      '25.10',
      '24.04',
      '22.04',
      '20.04',
      '18.04',
      '16.04',
    ]);
    expect(cycle(ubuntu, '24.04')).toMatchObject({
      codename: 'Noble Numbat',
      lts: true,
      releaseDate: '2024-04-25',
      eoas: '2029-05-31',
      eol: '2029-05-31',
      eoes: '2036-05-31',
      latest: '24.04.4',
      latestReleaseDate: '2026-02-12',
    });
    expect(cycle(ubuntu, '22.04')).toMatchObject({
      eoas: '2024-09-30',
      eol: '2027-04-01',
      eoes: '2032-04-09',
    });
    expect(cycle(ubuntu, '25.10')).toMatchObject({ lts: false, eol: '2026-07-01', eoes: undefined });
    expect(cycle(ubuntu, '24.04').source).toMatchObject({ feed: 'endoflife/ubuntu', field: 'releases[2]' });
  });

  it('reads Debian, Kubernetes and Amazon EKS', () => {
    const debian = yaml('debian');
    expect(debian.labels).toEqual({
      eol: 'Debian Security Support',
      eoes: 'Debian <abbr title="Long Term Support">LTS</abbr>',
    });
    expect(cycle(debian, '12')).toMatchObject({
      codename: 'Bookworm',
      releaseDate: '2023-06-10',
      eol: '2026-07-11',
      eoes: '2028-06-30',
      latest: '12.15',
    });
    expect(cycle(debian, '13')).toMatchObject({
      eol: '2028-08-09',
      eoes: '2030-06-30',
      latest: '13.6',
      latestReleaseDate: '2026-07-11',
    });
    const kubernetes = yaml('kubernetes');
    expect(kubernetes.cycles).toHaveLength(9);
    expect(cycle(kubernetes, '1.33')).toMatchObject({
      releaseDate: '2025-04-23',
      eoas: '2026-04-28',
      eol: '2026-06-28',
      latest: '1.33.13',
    });
    const eks = yaml('amazon-eks');
    expect(eks.cycles.map((entry) => entry.cycle)).toEqual([
      '1.36',
      '1.35',
      '1.34',
      '1.33',
      '1.32',
      '1.31',
      '1.30',
      '1.29',
      '1.28',
      '1.24',
    ]);
    expect(cycle(eks, '1.33')).toMatchObject({
      releaseDate: '2025-05-28',
      eol: '2026-07-29',
      eoes: '2027-07-29',
    });
    expect(eks.labels).toEqual({ eol: 'End of Support' });
  });

  it('reads the same data wrapped as Markdown front matter, and boolean lifecycle fields', () => {
    const text = `---\n${readVector('endoflife-date/debian.products.trimmed.yaml')}---\n\n> Debian is a free operating system.\n`;
    expect(
      parseEndOfLifeProductYaml(text, vectorContext('endoflife/debian', 'debian.md')).cycles,
    ).toHaveLength(4);
    const flags = parseEndOfLifeProductYaml(
      'title: X\npermalink: /x\nreleases:\n  - releaseCycle: "2"\n    releaseDate: 2020-01-01\n    eol: true\n    lts: 2021-01-01\n  - releaseCycle: 3\n    releaseDate: 2021-01-01\n    eol: false\n',
      vectorContext('endoflife/x', 'inline'),
    );
    expect(flags.cycles.map((entry) => [entry.cycle, entry.eol, entry.lts])).toEqual([
      ['2', true, '2021-01-01'],
      ['3', false, false],
    ]);
    expect(() =>
      parseEndOfLifeProductYaml(
        'title: X\npermalink: /x\nreleases:\n  - releaseCycle: "1"\n    releaseDate: 2020-02-30\n    eol: false\n',
        vectorContext('endoflife/x', 'inline'),
      ),
    ).toThrow(/releases\[0\]\.releaseDate: expected a date YYYY-MM-DD/);
  });
});

describe('parseEndOfLifeApiProduct', () => {
  it('reads a real API v1 product response (Go, schema 1.2.0)', () => {
    const text = readFileSync(
      new URL('../__fixtures__/endoflife-api-v1/go-product.trimmed.json', import.meta.url),
      'utf8',
    );
    const go = parseEndOfLifeApiProduct(text, vectorContext('endoflife/go', 'go-product.trimmed.json'));
    expect(go).toMatchObject({ product: 'go', title: 'Go', labels: { eol: 'Supported' } });
    expect(go.cycles.map((entry) => [entry.cycle, entry.eol, entry.eoas, entry.eoes, entry.latest])).toEqual([
      ['1.25', false, undefined, undefined, '1.25.0'],
      ['1.24', false, undefined, undefined, '1.24.6'],
      ['1.23', '2025-08-12', undefined, undefined, '1.23.12'],
    ]);
  });

  it('gives the same cycles as the YAML source for Ubuntu, Debian, Kubernetes and EKS', () => {
    for (const product of ['ubuntu', 'debian', 'kubernetes', 'amazon-eks']) {
      const fromYaml = yaml(product);
      const fromApi = parseEndOfLifeApiProduct(
        toApiResponse(fromYaml),
        vectorContext(`endoflife/${product}`, 'api'),
      );
      const strip = (value: EndOfLifeProduct) => value.cycles.map(({ source: _source, ...rest }) => rest);
      expect(strip(fromApi)).toEqual(strip(fromYaml));
      expect(fromApi.labels).toEqual(fromYaml.labels);
    }
  });

  it('rejects other schema versions and malformed dates', () => {
    const ubuntu = JSON.parse(toApiResponse(yaml('ubuntu'))) as {
      schema_version: string;
      result: { releases: { eolFrom: string }[] };
    };
    expect(() =>
      parseEndOfLifeApiProduct(
        JSON.stringify({ ...ubuntu, schema_version: '2.0.0' }),
        vectorContext('endoflife/ubuntu', 'api'),
      ),
    ).toThrow(/schema_version: expected API schema 1.x; got 2.0.0/);
    ubuntu.result.releases[0]!.eolFrom = '31.04.2031';
    expect(() =>
      parseEndOfLifeApiProduct(JSON.stringify(ubuntu), vectorContext('endoflife/ubuntu', 'api')),
    ).toThrow(/result\.releases\[0\]\.eolFrom: expected a date YYYY-MM-DD/);
  });
});
