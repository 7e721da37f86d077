import type { Architecture } from '@kubenode/core';
import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import { sourced } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { LifecycleDate } from '../model/lifecycle-date.js';
import type { FeedIssue } from '../parsers/feed-issue.js';
import { compareVersions } from '../util/compare-versions.js';
import type { DistroContribution } from './catalog-data.js';
import { lifecycleDateOf } from './lifecycle-date-of.js';

/**
 * Assembles Talos from its support matrix: one stream per minor with its release date, end of
 * community support (when the next minor ships; "TBD" dates are projections), Kubernetes minors
 * and architectures. A minor whose release date is given as a `.0` release yields that release.
 */
export function assembleTalos(documents: readonly ParsedFeedDocument[]): DistroContribution {
  const issues: FeedIssue[] = [];
  const minors = documents.flatMap((document) => (document.kind === 'talos' ? document.data : []));
  const releases: CatalogRelease[] = [];
  const streams = new Map<string, CatalogStream>();
  for (const minor of minors.sort((a, b) => compareVersions(b.minor, a.minor))) {
    if (streams.has(minor.minor)) continue;
    const row = (label: string) => ({
      ...minor.source,
      field: minor.source.field.replace(/^line \d+/, `row "${label}"`),
    });
    const dates: LifecycleDate[] = [
      lifecycleDateOf(
        'released',
        minor.releaseDate.date,
        'documentation',
        row('Release Date'),
        minor.releaseDate.projected ? 'projected' : 'exact',
      ),
      lifecycleDateOf(
        'end-of-life',
        minor.endOfCommunitySupport.date,
        'documentation',
        {
          ...row('End of Community Support'),
          note: `community support ends with the ${minor.endOfCommunitySupport.untilRelease} release`,
        },
        minor.endOfCommunitySupport.projected ? 'projected' : 'exact',
      ),
    ];
    const architectures = minor.architectures.filter(
      (arch): arch is Architecture => arch === 'amd64' || arch === 'arm64',
    );
    if (minor.releaseDate.detail && /^\d+\.\d+\.\d+$/.test(minor.releaseDate.detail))
      releases.push({
        distro: 'talos',
        stream: minor.minor,
        version: minor.releaseDate.detail,
        releaseDates: [sourced(minor.releaseDate.date, row('Release Date'))],
        architectures,
        components: {},
        cloudImages: [],
        artifacts: [],
        sources: [row('Release Date')],
      });
    streams.set(minor.minor, {
      distro: 'talos',
      id: minor.minor,
      kind: 'minor',
      title: `Talos ${minor.minor}`,
      aliases: [],
      architectures: sourced(architectures, row('Architecture')),
      lifecycle: {
        dates,
        successor: sourced(minor.endOfCommunitySupport.untilRelease, row('End of Community Support')),
        notes: minor.enterpriseSupport
          ? [sourced(`Enterprise support ${minor.enterpriseSupport}`, row('Enterprise Support'))]
          : [],
      },
      kubernetes: { supportedMinors: sourced(minor.kubernetes, row('Kubernetes')) },
      attributes: Object.fromEntries(
        Object.entries(minor.platforms).map(([label, value]) => [
          `platforms-${label.replace(/\s+/g, '-')}`,
          sourced(value, row(`- ${label}`)),
        ]),
      ),
    });
  }
  return { streams: [...streams.values()], releases, issues };
}
