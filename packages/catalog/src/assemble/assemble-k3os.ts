import { DISTRO_ARCHITECTURE_FACTS } from '../data/distro-architecture-facts.js';
import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import { sourced } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { DistroContribution } from './catalog-data.js';
import { lifecycleDateOf } from './lifecycle-date-of.js';

/**
 * Assembles k3OS from its end-of-life record: one stream (the last line, v0.22 with Kubernetes
 * 1.22), end of life at the deprecation notice (there is no formal EOL date), the last release and
 * the successor. k3OS publishes no feed; the record is never refreshed.
 */
export function assembleK3os(documents: readonly ParsedFeedDocument[]): DistroContribution {
  const record = documents.find((document) => document.kind === 'k3os');
  if (!record || record.kind !== 'k3os') return { streams: [], releases: [], issues: [] };
  const status = record.data;
  const tag = status.lastRelease.value.tag;
  const line = /^v(\d+\.\d+)/.exec(tag)![0];
  const cite = (source: typeof status.lastRelease.source, cites: string) => ({
    ...source,
    note: `cites ${cites}`,
  });
  const facts = DISTRO_ARCHITECTURE_FACTS.k3os;
  const release: CatalogRelease = {
    distro: 'k3os',
    stream: line,
    version: tag,
    releaseDates: [
      sourced(status.lastRelease.value.date, cite(status.lastRelease.source, status.lastRelease.cites)),
    ],
    architectures: facts.architectures,
    components: {
      k3s: [tag.replace(/^v\d+\.\d+\.\d+-/, '')],
      kubernetes: [status.lastKubernetesMinor.value],
    },
    cloudImages: [],
    artifacts: [],
    sources: [status.lastRelease.source],
  };
  const stream: CatalogStream = {
    distro: 'k3os',
    id: line,
    kind: 'minor',
    title: `k3OS ${line}`,
    aliases: ['latest', 'stable'],
    architectures: sourced(facts.architectures, facts.source),
    lifecycle: {
      dates: [
        lifecycleDateOf(
          'last-release',
          status.lastRelease.value.date,
          'observed',
          cite(status.lastRelease.source, status.lastRelease.cites),
        ),
        lifecycleDateOf('end-of-life', status.deprecationNotice.value.date, 'documentation', {
          ...status.deprecationNotice.source,
          note: `deprecation notice, ${status.deprecationNotice.cites}; no formal end-of-life date`,
        }),
      ],
      endOfLifeStatus: sourced(
        'end of life: the project is deprecated upstream',
        cite(status.deprecationNotice.source, status.deprecationNotice.cites),
      ),
      successor: sourced(status.successor.value, cite(status.successor.source, status.successor.cites)),
      notes: [
        sourced(
          status.deprecationNotice.value.summary,
          cite(status.deprecationNotice.source, status.deprecationNotice.cites),
        ),
      ],
    },
    kubernetes: {
      kubeletMinor: sourced(status.lastKubernetesMinor.value, {
        ...status.lastKubernetesMinor.source,
        evidence: 'inferred',
      }),
    },
    attributes: {
      maintainer: sourced(status.maintainer, { ...status.deprecationNotice.source, field: 'maintainer' }),
    },
  };
  return { streams: [stream], releases: [release], issues: [] };
}
