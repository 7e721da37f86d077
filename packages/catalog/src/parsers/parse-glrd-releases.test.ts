import { describe, expect, it } from 'vitest';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import { readVector, vectorContext } from '../test-support/vectors.js';
import { parseGlrdReleases } from './parse-glrd-releases.js';

describe('parseGlrdReleases', () => {
  it('reads the older releases-stable.json capture, normalising type stable to major', () => {
    const file = 'gardenlinux/glrd-releases-stable.readme-capture.json';
    const feed = parseGlrdReleases(readVector(file), vectorContext('gardenlinux/glrd-major', file));
    expect(feed.releases.map((release) => release.version)).toEqual([
      '27',
      '184',
      '318',
      '576',
      '934',
      '1312',
      '1443',
      '1592',
    ]);
    expect(new Set(feed.releases.map((release) => `${release.type}/${release.rawType}`))).toEqual(
      new Set(['major/stable']),
    );
    expect(feed.releases.find((release) => release.major === 1592)).toMatchObject({
      name: 'stable-1592',
      released: '2024-08-12',
      extended: '2025-05-12',
      eol: '2025-08-12',
    });
    expect(feed.releases.find((release) => release.major === 1443)).toMatchObject({
      extended: '2024-09-13',
      eol: '2025-01-13',
    });
    // Upstream data error: stable-184's extended date is before its release. Reported, not fatal.
    expect(feed.issues).toEqual([
      {
        feed: 'gardenlinux/glrd-major',
        path: 'releases[1].lifecycle.extended',
        message: 'stable-184: extended (2020-04-29) is before released (2020-10-29)',
      },
    ]);
  });

  it('reads the latest patch capture as a minor with its commit and GitHub release', () => {
    const file = 'gardenlinux/glrd-latest-patch.readme-capture.json';
    const feed = parseGlrdReleases(readVector(file), vectorContext('gardenlinux/glrd-minor', file));
    expect(feed.releases).toEqual([
      expect.objectContaining({
        name: 'patch-1592.1',
        type: 'minor',
        rawType: 'patch',
        version: '1592.1',
        major: 1592,
        released: '2024-08-22',
        extended: undefined,
        eol: '2025-08-12',
        commit: 'ec945aa995d0f08d64303ff6045b313b40b665fb',
        githubRelease: 'https://github.com/gardenlinux/gardenlinux/releases/tag/1592.1',
      }),
    ]);
    expect(feed.issues).toEqual([]);
  });

  it('reads the YAML lifecycle input (releases-input.yaml), which agrees with the S3 feed', () => {
    const file = 'gardenlinux/releases-input.yaml';
    const input = parseGlrdReleases(readVector(file), vectorContext('gardenlinux/glrd-input', file), {
      format: 'yaml',
    });
    const feed = parseGlrdReleases(
      readVector('gardenlinux/glrd-releases-stable.readme-capture.json'),
      vectorContext('gardenlinux/glrd-major', 'x'),
    );
    expect(input.releases).toHaveLength(8);
    expect(input.releases[0]).toMatchObject({
      name: 'major-27',
      type: 'major',
      rawType: 'major',
      released: '2020-06-09',
      extended: '2020-12-09',
      eol: '2021-03-09',
    });
    const dates = (releases: typeof input.releases) =>
      releases.map((release) => [release.major, release.released, release.extended, release.eol]);
    expect(dates(input.releases)).toEqual(dates(feed.releases));
    expect(input.issues.map((issue) => issue.message)).toEqual([
      'major-184: extended (2020-04-29) is before released (2020-10-29)',
    ]);
  });

  it('accepts the newer major/minor names and v2 versions, and rejects unknown types and bad dates', () => {
    const context = vectorContext('gardenlinux/test', 'inline');
    const v2 = parseGlrdReleases(
      JSON.stringify({
        releases: [
          {
            name: 'minor-2017.0.0',
            type: 'minor',
            version: { major: 2017, minor: 0, patch: 0 },
            lifecycle: { released: { isodate: '2025-11-01' } },
            oci: 'x',
          },
        ],
      }),
      context,
    );
    expect(v2.releases[0]).toMatchObject({ version: '2017.0.0', type: 'minor', major: 2017 });
    const error = (() => {
      try {
        parseGlrdReleases(
          JSON.stringify({
            releases: [
              {
                name: 'x',
                type: 'weekly',
                version: { major: 1 },
                lifecycle: { released: { isodate: '2025-13-01' } },
              },
            ],
          }),
          context,
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(CatalogFeedError.isInstance(error)).toBe(true);
    expect((error as CatalogFeedError).problems).toEqual([
      { path: 'releases[0].lifecycle.released.isodate', message: 'expected a date YYYY-MM-DD' },
    ]);
    expect(() =>
      parseGlrdReleases(
        JSON.stringify({
          releases: [
            {
              name: 'x',
              type: 'weekly',
              version: { major: 1 },
              lifecycle: { released: { isodate: '2025-01-01' } },
            },
          ],
        }),
        context,
      ),
    ).toThrow(/releases\[0\]\.type: expected one of/);
  });
});
