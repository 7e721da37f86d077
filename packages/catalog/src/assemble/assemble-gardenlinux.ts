import type { Architecture } from '@kubenode/core';
import { curatedSource } from '../data/curated-source.js';
import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import { sourced } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { LifecycleDate } from '../model/lifecycle-date.js';
import type { FeedIssue } from '../parsers/feed-issue.js';
import type { GardenLinuxBuild } from '../parsers/parse-gardenlinux-s3-metadata.js';
import type { GlrdRelease } from '../parsers/parse-glrd-releases.js';
import type { DistroContribution } from './catalog-data.js';
import { lifecycleDateOf } from './lifecycle-date-of.js';
import { mergeReleases } from './merge-releases.js';

const RELEASE_DOC = curatedSource(
  'gardenlinux-rules',
  'gardenlinux/gardenlinux:docs/00_introduction/release.md',
  'documented',
);
const MINOR_RULE = curatedSource(
  'gardenlinux-rules',
  'gardenlinux/glrd:docs/explanation/release-lifecycle.md',
  'documented',
);

function flavorAttributes(builds: readonly GardenLinuxBuild[]): CatalogStream['attributes'] {
  const first = builds[0];
  if (!first) return {};
  const flavors = [...new Set(builds.map((build) => build.cname))].sort();
  const features = [...new Set(builds.flatMap((build) => build.modifiers))].sort();
  return {
    flavors: sourced(flavors, { ...first.source, field: 's3_key' }),
    features: sourced(features, {
      ...first.source,
      field: 'modifiers',
      note: `union over ${flavors.join(', ')}`,
    }),
  };
}

/**
 * Assembles Garden Linux: one stream per major from the Release Database (majors and the
 * lifecycle input file; disagreeing values are both kept), releases from GLRD minors and from the
 * S3 release metadata (with AMIs per region, GCP images and artifact digests). Majors that only
 * appear in S3 metadata have no lifecycle data.
 */
export function assembleGardenLinux(documents: readonly ParsedFeedDocument[]): DistroContribution {
  const issues: FeedIssue[] = [];
  const glrd: GlrdRelease[] = documents.flatMap((document) =>
    document.kind === 'glrd' ? document.data.releases : [],
  );
  const builds = documents.flatMap((document) =>
    document.kind === 'gardenlinux-s3' ? [document.data.build] : [],
  );

  const majors = new Set<number>();
  for (const release of glrd)
    if (release.type === 'major' || release.type === 'minor') majors.add(release.major);
  for (const build of builds) majors.add(build.major);

  const releases: CatalogRelease[] = [];
  for (const release of glrd.filter((entry) => entry.type === 'minor'))
    releases.push({
      distro: 'gardenlinux',
      stream: String(release.major),
      version: release.version,
      releaseDates: [
        sourced(release.released, {
          ...release.source,
          field: `${release.source.field}.lifecycle.released.isodate`,
        }),
      ],
      architectures: [],
      components: {},
      cloudImages: [],
      artifacts: [],
      sources: [release.source],
    });
  for (const build of builds)
    releases.push({
      distro: 'gardenlinux',
      stream: String(build.major),
      version: build.version,
      releaseDates: [
        sourced(build.buildTimestamp.slice(0, 19), {
          ...build.source,
          field: 'build_timestamp',
          note: 'build time of the flavor, not a release date',
        }),
      ],
      architectures: [build.architecture],
      components: {},
      cloudImages: build.cloudImages,
      artifacts: build.artifacts,
      sources: [{ ...build.source, field: `flavor ${build.cname}` }],
    });
  const merged = mergeReleases(releases);

  const sortedMajors = [...majors].sort((a, b) => a - b);
  const streams = sortedMajors.map((major, index): CatalogStream => {
    const records = glrd.filter((entry) => entry.type === 'major' && entry.major === major);
    const dates: LifecycleDate[] = [];
    for (const record of records) {
      const at = (field: string) => ({
        ...record.source,
        field: `${record.source.field}.lifecycle.${field}.isodate`,
      });
      dates.push(lifecycleDateOf('released', record.released, 'feed', at('released')));
      if (record.extended)
        dates.push(lifecycleDateOf('end-of-active-support', record.extended, 'feed', at('extended')));
      if (record.eol) dates.push(lifecycleDateOf('end-of-life', record.eol, 'feed', at('eol')));
    }
    const streamReleases = merged.filter((release) => release.stream === String(major));
    const architectures = [
      ...new Set(streamReleases.flatMap((release) => release.architectures)),
    ].sort() as Architecture[];
    const archSource = streamReleases.find((release) => release.architectures.length > 0)?.sources[0];
    const next = sortedMajors[index + 1];
    return {
      distro: 'gardenlinux',
      id: String(major),
      kind: 'major',
      title: `Garden Linux ${major}`,
      aliases: [],
      architectures:
        architectures.length > 0 && archSource
          ? sourced(architectures, {
              ...archSource,
              note: 'architectures of the flavors in the data, not all published ones',
            })
          : undefined,
      lifecycle: {
        dates,
        ...(next !== undefined
          ? { successor: sourced(String(next), records[0]?.source ?? RELEASE_DOC) }
          : {}),
        notes: [
          sourced(
            '6 months standard maintenance plus 6 months extended maintenance (CVSS >= 7.0 fixes only), extendable by up to 6 months.',
            RELEASE_DOC,
          ),
          sourced(
            'An intermediate minor ends when the next minor is released; the last minor inherits the major\u2019s end of life.',
            MINOR_RULE,
          ),
          ...(records.length === 0
            ? [sourced(`No Release Database entry for ${major} in the data; lifecycle unknown.`, RELEASE_DOC)]
            : []),
        ],
      },
      attributes: flavorAttributes(builds.filter((build) => build.major === major)),
    };
  });
  return { streams, releases: merged, issues };
}
