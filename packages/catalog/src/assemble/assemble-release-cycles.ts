import { DISTRO_ARCHITECTURE_FACTS } from '../data/distro-architecture-facts.js';
import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import { sourced, type Sourced } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { LifecycleDate, LifecycleMilestone } from '../model/lifecycle-date.js';
import type { DistroInfoDateColumn, DistroInfoRelease } from '../parsers/parse-distro-info-csv.js';
import type { EndOfLifeCycle, EndOfLifeProduct } from '../parsers/endoflife-product.js';
import type { FeedIssue } from '../parsers/feed-issue.js';
import { compareVersions } from '../util/compare-versions.js';
import type { DistroContribution } from './catalog-data.js';
import { lifecycleDateOf } from './lifecycle-date-of.js';

const DISTRO_INFO_MILESTONES: Readonly<
  Record<'debian' | 'ubuntu', Partial<Record<DistroInfoDateColumn, LifecycleMilestone>>>
> = {
  debian: {
    release: 'released',
    eol: 'end-of-life',
    'eol-lts': 'end-of-extended-support',
    'eol-elts': 'end-of-commercial-support',
  },
  ubuntu: {
    release: 'released',
    'eol-server': 'end-of-life',
    'eol-esm': 'end-of-extended-support',
    'eol-legacy': 'end-of-commercial-support',
  },
};

const ENDOFLIFE_MILESTONES = [
  ['releaseDate', 'released'],
  ['eoas', 'end-of-active-support'],
  ['eol', 'end-of-life'],
  ['eoes', 'end-of-extended-support'],
] as const;

function seriesOf(codename: string | undefined): string | undefined {
  return codename?.split(/\s+/)[0]?.toLowerCase();
}

function distroInfoDates(distro: 'debian' | 'ubuntu', row: DistroInfoRelease): LifecycleDate[] {
  const dates: LifecycleDate[] = [];
  const mapping = DISTRO_INFO_MILESTONES[distro];
  for (const [column, milestone] of Object.entries(mapping) as [DistroInfoDateColumn, LifecycleMilestone][]) {
    const date = row.dates[column];
    if (date)
      dates.push(
        lifecycleDateOf(milestone, date, 'feed', { ...row.source, field: `${row.source.field} ${column}` }),
      );
  }
  // Ubuntu: `eol` is the desktop/standard end; server LTS images use `eol-server` where present.
  if (distro === 'ubuntu' && !row.dates['eol-server'] && row.dates.eol)
    dates.push(
      lifecycleDateOf('end-of-life', row.dates.eol, 'feed', {
        ...row.source,
        field: `${row.source.field} eol`,
      }),
    );
  return dates;
}

function endOfLifeDates(
  product: EndOfLifeProduct,
  cycle: EndOfLifeCycle,
): { dates: LifecycleDate[]; ended?: Sourced<string> } {
  const dates: LifecycleDate[] = [];
  let ended: Sourced<string> | undefined;
  for (const [field, milestone] of ENDOFLIFE_MILESTONES) {
    const value = cycle[field];
    const label = field === 'releaseDate' ? undefined : product.labels[field];
    const source = {
      ...cycle.source,
      field: `${cycle.source.field}.${field}`,
      ...(label ? { note: `column "${label}"` } : {}),
    };
    if (typeof value === 'string') dates.push(lifecycleDateOf(milestone, value, 'endoflife.date', source));
    else if (value === true && field === 'eol') ended = sourced('end of life (no date given)', source);
  }
  return { dates, ...(ended ? { ended } : {}) };
}

/**
 * Assembles a distro whose lifecycle is published per release cycle (Debian, Ubuntu): one stream
 * per cycle, from endoflife.date and distro-info-data, matched by series name. Both sources' dates
 * are kept, so stale or disagreeing values stay visible. The cycle's `latest` point release is its
 * newest release.
 */
export function assembleReleaseCycles(
  distro: 'debian' | 'ubuntu',
  documents: readonly ParsedFeedDocument[],
): DistroContribution {
  const issues: FeedIssue[] = [];
  const products = documents.flatMap((document) =>
    document.kind === 'endoflife' && document.document.feed === `endoflife/${distro}` ? [document.data] : [],
  );
  const rows = documents.flatMap((document) =>
    document.kind === 'distro-info' && document.document.feed === `distro-info/${distro}`
      ? document.data.releases
      : [],
  );
  type Entry = {
    id: string;
    series: string | undefined;
    codename: string | undefined;
    lts: boolean;
    cycles: { product: EndOfLifeProduct; cycle: EndOfLifeCycle }[];
    rows: DistroInfoRelease[];
  };
  const entries: Entry[] = [];
  const find = (series: string | undefined, version: string) =>
    entries.find((entry) => (series !== undefined && entry.series === series) || entry.id === version);
  for (const product of products)
    for (const cycle of product.cycles) {
      const series = seriesOf(cycle.codename);
      const entry = find(series, cycle.cycle);
      if (entry) entry.cycles.push({ product, cycle });
      else
        entries.push({
          id: cycle.cycle,
          series,
          codename: cycle.codename,
          lts: cycle.lts !== false,
          cycles: [{ product, cycle }],
          rows: [],
        });
    }
  for (const row of rows) {
    if (row.version === '') continue; // sid, experimental: not releases
    const entry = find(row.series, row.version);
    if (entry) {
      entry.rows.push(row);
      entry.series ??= row.series;
      entry.lts ||= row.lts;
    } else
      entries.push({
        id: row.version,
        series: row.series,
        codename: row.codename,
        lts: row.lts,
        cycles: [],
        rows: [row],
      });
  }
  const facts = DISTRO_ARCHITECTURE_FACTS[distro];
  const releases: CatalogRelease[] = [];
  const streams = entries
    .sort((a, b) => compareVersions(b.id, a.id))
    .map((entry): CatalogStream => {
      const dates: LifecycleDate[] = [];
      let ended: Sourced<string> | undefined;
      for (const { product, cycle } of entry.cycles) {
        const result = endOfLifeDates(product, cycle);
        dates.push(...result.dates);
        ended ??= result.ended;
        if (cycle.latest)
          releases.push({
            distro,
            stream: entry.id,
            version: cycle.latest,
            releaseDates: cycle.latestReleaseDate
              ? [
                  sourced(cycle.latestReleaseDate, {
                    ...cycle.source,
                    field: `${cycle.source.field}.latestReleaseDate`,
                  }),
                ]
              : [],
            architectures: facts.architectures,
            components: {},
            cloudImages: [],
            artifacts: [],
            sources: [{ ...cycle.source, field: `${cycle.source.field}.latest` }],
          });
      }
      for (const row of entry.rows) dates.push(...distroInfoDates(distro, row));
      const codename = entry.codename ?? entry.rows[0]?.codename;
      const title =
        distro === 'debian'
          ? `Debian ${entry.id}${codename ? ` (${codename})` : ''}`
          : `Ubuntu ${entry.id}${entry.lts ? ' LTS' : ''}${codename ? ` (${codename})` : ''}`;
      const aliases = [
        ...new Set(
          [entry.series, ...entry.rows.map((row) => row.version)].filter(
            (alias): alias is string => Boolean(alias) && alias !== entry.id,
          ),
        ),
      ];
      return {
        distro,
        id: entry.id,
        kind: 'release-cycle',
        title,
        aliases,
        architectures: sourced(facts.architectures, facts.source),
        lifecycle: { dates, ...(ended ? { endOfLifeStatus: ended } : {}), notes: [] },
        attributes: entry.lts
          ? { lts: sourced(true, entry.cycles[0]?.cycle.source ?? entry.rows[0]!.source) }
          : {},
      };
    });
  return { streams, releases, issues };
}
