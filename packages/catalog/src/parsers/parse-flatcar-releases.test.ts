import { describe, expect, it } from 'vitest';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { parseFlatcarDate } from './flatcar-date.js';
import { parseFlatcarReleases } from './parse-flatcar-releases.js';

const parse = (file: string, feed = `flatcar/${file}`) =>
  parseFlatcarReleases(readVector(`flatcar/${file}`), vectorContext(feed, `flatcar/${file}`));

describe('parseFlatcarDate', () => {
  it('converts the feed format to ISO 8601 UTC', () => {
    expect(parseFlatcarDate('2026-08-13 15:48:35 +0000')).toBe('2026-08-13T15:48:35Z');
    expect(parseFlatcarDate('2026-08-13 15:48:35 +0200')).toBe('2026-08-13T13:48:35Z');
    expect(parseFlatcarDate('2026-08-13T15:48:35Z')).toBeUndefined();
    expect(parseFlatcarDate('2026-02-30 10:00:00 +0000')).toBe('2026-03-02T10:00:00Z');
  });
});

describe('parseFlatcarReleases', () => {
  it('reads the stable feed: versions sorted numerically, dates converted, components kept', () => {
    const feed = parse('releases-stable.trimmed.json');
    expect(feed.releases.map((release) => release.version)).toEqual(['1688.5.3', '4593.2.4', '4593.2.5']);
    const latest = feed.releases[2]!;
    expect(latest).toMatchObject({
      channel: 'stable',
      architectures: ['amd64', 'arm64'],
      releaseDate: '2026-08-13T15:48:35Z',
      components: {
        containerd: ['2.1.5'],
        docker: ['28.0.4'],
        ignition: ['2.24.0'],
        kernel: ['6.12.102'],
        systemd: ['257'],
      },
    });
    expect(latest.source).toMatchObject({
      feed: 'flatcar/releases-stable.trimmed.json',
      field: '["4593.2.5"]',
      evidence: 'captured',
    });
    // The first Flatcar release: docker + rkt era, amd64 only.
    expect(feed.releases[0]).toMatchObject({
      releaseDate: '2018-04-25T14:36:41Z',
      architectures: ['amd64'],
      components: { rkt: ['1.29.0'], kernel: ['4.14.32'] },
    });
    expect(feed.pointers).toEqual([
      expect.objectContaining({ key: 'current', ltsYear: undefined, resolvedVersion: '4593.2.5' }),
    ]);
    expect(feed.issues).toEqual([]);
  });

  it('sorts string-ordered keys numerically (4081.3.10 after 4081.3.9) and resolves current-2024', () => {
    const feed = parse('releases-lts-2024.trimmed.json');
    expect(feed.releases.map((release) => release.version)).toEqual(['4081.3.0', '4081.3.9', '4081.3.10']);
    expect(feed.releases.map((release) => release.components.kernel)).toEqual([
      ['6.6.74'],
      ['6.6.144'],
      ['6.6.150'],
    ]);
    expect(feed.pointers).toEqual([
      expect.objectContaining({ key: 'current-2024', ltsYear: 2024, resolvedVersion: '4081.3.10' }),
    ]);
  });

  it('keeps current-YYYY pointers whose release the trimmed lts feed lacks, with their date', () => {
    const feed = parse('releases-lts.trimmed.json');
    expect(feed.releases.map((release) => release.version)).toEqual([
      '2605.12.1',
      '3033.3.9',
      '3510.3.8',
      '4081.3.0',
      '4081.3.10',
    ]);
    const pointers = Object.fromEntries(
      feed.pointers.map((pointer) => [pointer.key, [pointer.resolvedVersion, pointer.releaseDate]]),
    );
    expect(pointers).toEqual({
      'current-2021': [null, '2022-10-17T15:09:11Z'],
      'current-2022': [null, '2023-10-25T08:40:29Z'],
      'current-2023': ['3510.3.8', '2025-08-19T13:11:03Z'],
      'current-2024': ['4081.3.10', '2026-08-13T15:49:19Z'],
      current: ['4081.3.10', '2026-08-13T15:49:19Z'],
    });
    expect(feed.issues.map((issue) => issue.path)).toEqual(['["current-2021"]', '["current-2022"]']);
  });

  it('reads beta, alpha and the discontinued edge channel', () => {
    expect(parse('releases-beta.trimmed.json').releases.at(-1)).toMatchObject({
      version: '4757.1.0',
      components: { containerd: ['2.2.5'], systemd: ['260'] },
    });
    expect(parse('releases-alpha.trimmed.json').releases.at(-1)).toMatchObject({
      version: '4790.0.0',
      components: { docker: ['29.1.3'] },
    });
    const edge = parse('releases-edge.trimmed.json');
    expect(edge.releases.map((release) => [release.version, release.channel, release.releaseDate])).toEqual([
      ['2051.99.1', 'edge', '2019-04-26T13:59:39Z'],
      ['2466.99.0', 'edge', '2020-04-15T15:24:41Z'],
    ]);
    expect(edge.pointers[0]!.resolvedVersion).toBe('2466.99.0');
  });

  it('reads the all-channels feed, where current is the newest stable', () => {
    const feed = parse('releases-all.trimmed.json');
    expect(feed.releases.map((release) => `${release.version}:${release.channel}`)).toEqual([
      '1745.0.0:alpha',
      '2605.12.1:lts',
      '4081.3.10:lts',
      '4593.2.5:stable',
      '4757.1.0:beta',
      '4790.0.0:alpha',
    ]);
    expect(feed.pointers.map((pointer) => [pointer.key, pointer.resolvedVersion])).toEqual([
      ['current', '4593.2.5'],
      ['current-2024', '4081.3.10'],
    ]);
  });

  it('ignores unknown fields and keys but rejects a malformed field it uses, naming it', () => {
    const context = vectorContext('flatcar/test', 'inline');
    const ok = parseFlatcarReleases(
      JSON.stringify({
        '1.2.3': {
          channel: 'stable',
          architectures: ['amd64', 'riscv64'],
          release_date: '2026-01-01 00:00:00 +0000',
          extra: { x: 1 },
        },
        notes: 'hello',
      }),
      context,
    );
    expect(ok.releases[0]).toMatchObject({ version: '1.2.3', architectures: ['amd64'], components: {} });
    expect(ok.issues.map((issue) => `${issue.path}: ${issue.message}`)).toEqual([
      `["1.2.3"].architectures: unknown architecture 'riscv64'; ignored`,
      '"notes": key is neither a version nor a current pointer; ignored',
    ]);
    const bad = () =>
      parseFlatcarReleases(
        JSON.stringify({
          '4593.2.5': { channel: 'stable', architectures: ['amd64'], release_date: '2026-08-13T15:48:35Z' },
        }),
        context,
      );
    expect(bad).toThrow(CatalogFeedError);
    try {
      bad();
    } catch (error) {
      expect(CatalogFeedError.isInstance(error)).toBe(true);
      expect((error as CatalogFeedError).problems).toEqual([
        { path: '["4593.2.5"].release_date', message: 'expected a date such as "2026-08-13 15:48:35 +0000"' },
      ]);
    }
    expect(() => parseFlatcarReleases('{"a":', context)).toThrow(/not JSON/);
  });
});
