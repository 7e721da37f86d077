import { describe, expect, it } from 'vitest';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { parseDistroInfoCsv } from './parse-distro-info-csv.js';

describe('parseDistroInfoCsv', () => {
  it('reads the old debian.csv: short rows, LTS and ELTS columns, unreleased versions', () => {
    const file = 'debian/distro-info-debian.csv';
    const table = parseDistroInfoCsv(readVector(file), vectorContext('distro-info/debian', file));
    expect(table.columns).toEqual([
      'version',
      'codename',
      'series',
      'created',
      'release',
      'eol',
      'eol-lts',
      'eol-elts',
    ]);
    expect(table.releases).toHaveLength(20);
    const row = (series: string) => table.releases.find((release) => release.series === series)!;
    expect(row('buster')).toMatchObject({
      version: '10',
      codename: 'Buster',
      dates: { release: '2019-07-06', eol: '2022-07-31', 'eol-lts': '2024-06-30', 'eol-elts': '2026-06-30' },
    });
    // Stale projections (the real dates are 2021-08-14 and 2024-08-14).
    expect(row('bullseye').dates).toEqual({
      created: '2019-07-06',
      release: '2021-07-31',
      eol: '2024-07-31',
    });
    expect(row('bookworm').dates).toEqual({ created: '2021-07-31' });
    expect(row('sid')).toMatchObject({ version: '', dates: { created: '1993-08-16' } });
    expect(row('squeeze')).toMatchObject({ version: '6.0', dates: { 'eol-lts': '2016-02-29' } });
    expect(row('bookworm').source).toMatchObject({ feed: 'distro-info/debian', field: 'line 18' });
  });

  it('reads the old ubuntu.csv: LTS suffix, eol-server', () => {
    const file = 'ubuntu/distro-info-ubuntu.csv';
    const table = parseDistroInfoCsv(readVector(file), vectorContext('distro-info/ubuntu', file));
    expect(table.columns).toEqual([
      'version',
      'codename',
      'series',
      'created',
      'release',
      'eol',
      'eol-server',
    ]);
    expect(table.releases).toHaveLength(38);
    const row = (series: string) => table.releases.find((release) => release.series === series)!;
    expect(row('jammy')).toMatchObject({
      version: '22.04',
      lts: true,
      codename: 'Jammy Jellyfish',
      dates: { release: '2022-04-21', eol: '2027-04-21' },
    });
    expect(row('lucid')).toMatchObject({
      version: '10.04',
      lts: true,
      dates: { eol: '2013-05-09', 'eol-server': '2015-04-29' },
    });
    expect(row('lunar')).toMatchObject({ version: '23.04', lts: false, dates: { eol: '2024-01-25' } });
  });

  it('reads newer columns by name and rejects malformed dates and rows', () => {
    const context = vectorContext('distro-info/ubuntu', 'inline');
    const newer = parseDistroInfoCsv(
      'version,codename,series,created,release,eol,eol-server,eol-esm,eol-legacy\n26.04 LTS,Resolute Raccoon,resolute,2025-10-09,2026-04-23,2031-05-29,2031-05-29,2036-04-23,2041-04-23\n',
      context,
    );
    expect(newer.releases[0]).toMatchObject({
      version: '26.04',
      lts: true,
      dates: { 'eol-esm': '2036-04-23', 'eol-legacy': '2041-04-23' },
    });
    expect(() => parseDistroInfoCsv('version,codename,series,created\n1,A,a,2020-1-1\n', context)).toThrow(
      /line 2 created: expected a date YYYY-MM-DD; got '2020-1-1'/,
    );
    expect(() =>
      parseDistroInfoCsv('version,codename,series,created\n1,A,a,2020-01-01,x\n', context),
    ).toThrow(/line 2: 5 cells for 4 columns/);
    expect(() => parseDistroInfoCsv('version,name\n', context)).toThrow(/header has no 'codename' column/);
  });
});
