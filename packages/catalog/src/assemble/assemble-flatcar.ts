import type { Architecture } from '@kubenode/core';
import {
  FLATCAR_EOL_OVERRIDES,
  FLATCAR_IMAGE_FACTS,
  FLATCAR_LTS_STREAMS,
  FLATCAR_MAJOR_STARTS,
  FLATCAR_MAJOR_STARTS_COMPLETE_FROM,
  FLATCAR_MAJOR_STARTS_SOURCE,
  FLATCAR_RULES,
} from '../data/flatcar-lifecycle-data.js';
import type { ParsedFeedDocument } from '../feeds/parse-feed-document.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import { sourced, type CatalogSource } from '../model/catalog-source.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { DatePrecision, LifecycleDate } from '../model/lifecycle-date.js';
import type { FlatcarPointer, FlatcarRelease } from '../parsers/parse-flatcar-releases.js';
import type { FeedIssue } from '../parsers/feed-issue.js';
import { compareVersions } from '../util/compare-versions.js';
import { addMonths } from '../util/iso-date.js';
import type { DistroContribution } from './catalog-data.js';
import { lifecycleDateOf } from './lifecycle-date-of.js';
import { mergeReleases } from './merge-releases.js';

/** The channels whose support is defined per major version. */
export const FLATCAR_MAJOR_CHANNELS = ['stable', 'beta', 'alpha'] as const;
type MajorChannel = (typeof FLATCAR_MAJOR_CHANNELS)[number];
const CHANNEL_MINOR: Readonly<Record<MajorChannel, number>> = { alpha: 0, beta: 1, stable: 2 };

/** When a channel's major first shipped, and how sure that is. */
export interface FlatcarMajorStartKnown {
  readonly major: number;
  readonly version: string;
  readonly date: string;
  readonly precision: DatePrecision;
  readonly source: CatalogSource;
}

/** What the assembled data knows about Flatcar majors and LTS streams, for on-demand lookups. */
export interface FlatcarKnowledge {
  /** Known major starts per channel, sorted by major. */
  readonly majorStarts: Readonly<Record<MajorChannel, readonly FlatcarMajorStartKnown[]>>;
  /** Whether the starts of a channel are known without gaps from this major on (Infinity: never). */
  readonly completeFrom: Readonly<Record<MajorChannel, number>>;
  /** LTS major → stream id. */
  readonly ltsMajors: ReadonlyMap<number, string>;
}

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

function isTrimmed(document: ParsedFeedDocument): boolean {
  return /trimmed/.test(document.document.note ?? '');
}

/**
 * The lifecycle stream of one major of a Flatcar channel (`stable-4459`): released with the
 * major's first release, end of life when the channel's next major ships ("Any Stable major
 * version remains supported until a new major Stable version is released").
 */
export function flatcarChannelMajorStream(
  channel: MajorChannel,
  major: number,
  knowledge: FlatcarKnowledge,
): CatalogStream {
  const starts = knowledge.majorStarts[channel];
  const own = starts.find((start) => start.major === major);
  const next = starts.find((start) => start.major > major);
  const dates: LifecycleDate[] = [];
  if (own) dates.push(lifecycleDateOf('released', own.date, 'feed', own.source, own.precision));
  if (next) {
    const exact = major >= knowledge.completeFrom[channel] && next.precision === 'exact';
    dates.push(
      lifecycleDateOf(
        'end-of-life',
        next.date,
        'rule',
        {
          ...FLATCAR_RULES.channelMajor.source,
          note: `${channel} ${next.version} (${next.date}) is the next ${channel} major in the data`,
        },
        exact ? 'exact' : 'at-the-latest',
      ),
    );
  }
  return {
    distro: 'flatcar',
    id: `${channel}-${major}`,
    kind: 'channel-major',
    title: `Flatcar ${channel[0]!.toUpperCase()}${channel.slice(1)} ${major}`,
    aliases: [],
    architectures: undefined,
    lifecycle: {
      dates,
      ...(next ? { successor: sourced(`${channel}-${next.major}`, next.source) } : {}),
      notes: [sourced(FLATCAR_RULES.channelMajor.text, FLATCAR_RULES.channelMajor.source)],
    },
    attributes: {},
  };
}

function majorStarts(
  documents: readonly ParsedFeedDocument[],
  releases: readonly FlatcarRelease[],
): FlatcarKnowledge['majorStarts'] {
  const result = { stable: [], beta: [], alpha: [] } as Record<MajorChannel, FlatcarMajorStartKnown[]>;
  for (const start of FLATCAR_MAJOR_STARTS)
    result[start.channel].push({
      major: start.major,
      version: start.version,
      date: start.date,
      precision: 'exact',
      source: FLATCAR_MAJOR_STARTS_SOURCE(start.channel),
    });
  for (const channel of FLATCAR_MAJOR_CHANNELS) {
    const complete = documents.some(
      (document) => document.document.feed === `flatcar/releases-${channel}` && !isTrimmed(document),
    );
    const inChannel = releases
      .filter((release) => release.channel === channel)
      .sort((a, b) => compareVersions(a.version, b.version));
    for (const release of inChannel) {
      const major = majorOf(release.version);
      if (result[channel].some((start) => start.major === major)) continue;
      const first = release.version === `${major}.${CHANNEL_MINOR[channel]}.0`;
      result[channel].push({
        major,
        version: release.version,
        date: release.releaseDate.slice(0, 10),
        precision: first || complete ? 'exact' : 'at-the-latest',
        source: release.source,
      });
    }
    result[channel].sort((a, b) => a.major - b.major);
  }
  return result;
}

/**
 * Assembles Flatcar: the moving channels (stable, beta, alpha, lts; edge as discontinued), one
 * stream per channel major (support ends when the next major ships), the LTS streams (18-month
 * rule, last release, the website's EOL statements), and every release of every feed.
 */
export function assembleFlatcar(
  documents: readonly ParsedFeedDocument[],
): DistroContribution & { knowledge: FlatcarKnowledge } {
  const feeds = documents.filter((document) => document.kind === 'flatcar');
  if (feeds.length === 0)
    return {
      streams: [],
      releases: [],
      issues: [],
      knowledge: {
        majorStarts: { stable: [], beta: [], alpha: [] },
        completeFrom: {
          stable: Number.POSITIVE_INFINITY,
          beta: Number.POSITIVE_INFINITY,
          alpha: Number.POSITIVE_INFINITY,
        },
        ltsMajors: new Map(),
      },
    };
  const issues: FeedIssue[] = [];
  const rawReleases = feeds.flatMap((document) => document.data.releases);
  const pointers: FlatcarPointer[] = feeds.flatMap((document) => document.data.pointers);

  // LTS streams: the curated table, extended by any current-YYYY pointer or per-stream feed.
  const ltsYears = new Set<number>(FLATCAR_LTS_STREAMS.map((stream) => stream.year));
  for (const pointer of pointers) if (pointer.ltsYear !== undefined) ltsYears.add(pointer.ltsYear);
  const ltsMajors = new Map<number, string>();
  for (const stream of FLATCAR_LTS_STREAMS) ltsMajors.set(stream.major, stream.stream);
  for (const pointer of pointers)
    if (pointer.ltsYear !== undefined && pointer.resolvedVersion)
      ltsMajors.set(majorOf(pointer.resolvedVersion), `lts-${pointer.ltsYear}`);

  const starts = majorStarts(feeds, rawReleases);
  const knowledge: FlatcarKnowledge = {
    majorStarts: starts,
    completeFrom: {
      stable: FLATCAR_MAJOR_STARTS_COMPLETE_FROM.stable ?? Number.POSITIVE_INFINITY,
      beta: FLATCAR_MAJOR_STARTS_COMPLETE_FROM.beta ?? Number.POSITIVE_INFINITY,
      alpha: FLATCAR_MAJOR_STARTS_COMPLETE_FROM.alpha ?? Number.POSITIVE_INFINITY,
    },
    ltsMajors,
  };

  const streamOfRelease = (release: FlatcarRelease): string => {
    if (release.channel !== 'lts') return release.channel;
    const stream = ltsMajors.get(majorOf(release.version));
    if (!stream)
      issues.push({
        feed: release.source.feed,
        path: release.source.field,
        message: `LTS release ${release.version}: major belongs to no known LTS stream`,
      });
    return stream ?? 'lts';
  };
  const releases: CatalogRelease[] = mergeReleases(
    rawReleases.map((release) => ({
      distro: 'flatcar',
      stream: streamOfRelease(release),
      version: release.version,
      releaseDates: [
        sourced(release.releaseDate, { ...release.source, field: `${release.source.field}.release_date` }),
      ],
      architectures: release.architectures,
      components: release.components,
      cloudImages: [],
      artifacts: [],
      sources: [release.source],
    })),
  );

  const streams: CatalogStream[] = [];
  const newest = (filter: (release: CatalogRelease) => boolean) =>
    releases.filter(filter).sort((a, b) => compareVersions(b.version, a.version))[0];
  const archOf = (release: CatalogRelease | undefined) =>
    release
      ? sourced<readonly Architecture[]>(release.architectures, {
          ...release.sources[0]!,
          field: `${release.sources[0]!.field}.architectures`,
        })
      : undefined;
  const imageAttributes = {
    'image-location': sourced(FLATCAR_IMAGE_FACTS.location, FLATCAR_IMAGE_FACTS.source),
    signature: sourced(FLATCAR_IMAGE_FACTS.signature, FLATCAR_IMAGE_FACTS.source),
  };

  // LTS streams, oldest first.
  const years = [...ltsYears].sort((a, b) => a - b);
  const ltsStreams = years.map((year, index): CatalogStream => {
    const id = `lts-${year}`;
    const table = FLATCAR_LTS_STREAMS.find((stream) => stream.year === year);
    const successor = years[index + 1];
    const dates: LifecycleDate[] = [];
    if (table) {
      dates.push(
        lifecycleDateOf('released', table.firstRelease.date, 'feed', {
          ...table.source,
          field: `["${table.firstRelease.version}"].release_date`,
        }),
      );
      dates.push(
        lifecycleDateOf('last-release', table.lastRelease.date, 'observed', {
          ...table.source,
          field: `["${table.lastRelease.version}"].release_date`,
        }),
      );
    }
    for (const pointer of pointers.filter((entry) => entry.ltsYear === year))
      dates.push(
        lifecycleDateOf('last-release', pointer.releaseDate, 'observed', {
          ...pointer.source,
          field: `${pointer.source.field}.release_date`,
        }),
      );
    const firstInFeed = releases.find((release) => release.stream === id && release.version.endsWith('.3.0'));
    if (firstInFeed)
      dates.push(
        lifecycleDateOf(
          'released',
          firstInFeed.releaseDates[0]!.value,
          'feed',
          firstInFeed.releaseDates[0]!.source,
        ),
      );
    for (const override of FLATCAR_EOL_OVERRIDES.filter((entry) => entry.stream === id))
      dates.push(
        lifecycleDateOf('end-of-life', override.date, 'documentation', override.source, 'approximate'),
      );
    const released = dates.find((date) => date.milestone === 'released');
    if (released)
      dates.push(
        lifecycleDateOf('end-of-life', addMonths(released.date, FLATCAR_RULES.ltsSupportMonths), 'rule', {
          ...FLATCAR_RULES.lts.source,
          note: `first release ${released.date} + ${FLATCAR_RULES.ltsSupportMonths} months`,
        }),
      );
    if (successor !== undefined) {
      const last = dates
        .filter((date) => date.milestone === 'last-release')
        .sort((a, b) => b.date.localeCompare(a.date))[0];
      if (last)
        dates.push(
          lifecycleDateOf('end-of-life', last.date, 'observed', {
            ...last.source,
            note: `last release of the stream; lts-${successor} succeeded it`,
          }),
        );
    }
    const major = [...ltsMajors.entries()].find(([, stream]) => stream === id)?.[0];
    return {
      distro: 'flatcar',
      id,
      kind: 'lts-stream',
      title: `Flatcar LTS-${year}${major === undefined ? '' : ` (${major})`}`,
      aliases: [`lts${year}`],
      architectures: archOf(newest((release) => release.stream === id)),
      lifecycle: {
        dates,
        ...(successor !== undefined
          ? { successor: sourced(`lts-${successor}`, table?.source ?? FLATCAR_RULES.lts.source) }
          : {}),
        notes: [
          sourced(FLATCAR_RULES.lts.text, FLATCAR_RULES.lts.source),
          ...FLATCAR_EOL_OVERRIDES.filter((entry) => entry.stream === id).map((entry) =>
            sourced(entry.text, entry.source),
          ),
        ],
      },
      attributes: {
        ...(major === undefined ? {} : { major: sourced(major, table?.source ?? FLATCAR_RULES.lts.source) }),
        ...imageAttributes,
      },
    };
  });

  // Moving channels.
  for (const channel of FLATCAR_MAJOR_CHANNELS) {
    streams.push({
      distro: 'flatcar',
      id: channel,
      kind: 'channel',
      title: `Flatcar ${channel[0]!.toUpperCase()}${channel.slice(1)}`,
      aliases: [],
      architectures: archOf(newest((release) => release.stream === channel)),
      lifecycle: {
        dates: [],
        notes: [sourced(FLATCAR_RULES.channelMajor.text, FLATCAR_RULES.channelMajor.source)],
      },
      attributes: imageAttributes,
    });
  }
  const newestLts = ltsStreams[ltsStreams.length - 1];
  streams.push({
    distro: 'flatcar',
    id: 'lts',
    kind: 'channel',
    title: 'Flatcar LTS (follows the newest LTS stream)',
    aliases: [],
    architectures: newestLts?.architectures,
    lifecycle: {
      dates: newestLts ? newestLts.lifecycle.dates : [],
      notes: [
        ...(newestLts
          ? [
              sourced(
                `The lts channel follows the newest LTS stream, ${newestLts.id}.`,
                FLATCAR_RULES.lts.source,
              ),
            ]
          : []),
        ...(newestLts ? newestLts.lifecycle.notes : []),
      ],
    },
    attributes: imageAttributes,
  });
  const edgeLast = pointers
    .filter((pointer) => pointer.channel === 'edge')
    .sort((a, b) => b.releaseDate.localeCompare(a.releaseDate))[0];
  const edgeNewest = newest((release) => release.stream === 'edge');
  const edgeLastDate = edgeLast?.releaseDate ?? edgeNewest?.releaseDates[0]?.value;
  const edgeLastSource = edgeLast?.source ?? edgeNewest?.releaseDates[0]?.source;
  streams.push({
    distro: 'flatcar',
    id: 'edge',
    kind: 'channel',
    title: 'Flatcar Edge (discontinued)',
    aliases: [],
    architectures: archOf(edgeNewest),
    lifecycle: {
      dates:
        edgeLastDate && edgeLastSource
          ? [
              lifecycleDateOf('last-release', edgeLastDate, 'observed', edgeLastSource),
              lifecycleDateOf('end-of-life', edgeLastDate, 'observed', {
                ...edgeLastSource,
                note: 'last release of the discontinued channel; no formal end date',
              }),
            ]
          : [],
      endOfLifeStatus: sourced('discontinued', FLATCAR_RULES.edge.source),
      notes: [sourced(FLATCAR_RULES.edge.text, FLATCAR_RULES.edge.source)],
    },
    attributes: {},
  });
  streams.push(...ltsStreams);

  // One stream per known channel major.
  for (const channel of FLATCAR_MAJOR_CHANNELS)
    for (const start of starts[channel])
      streams.push(flatcarChannelMajorStream(channel, start.major, knowledge));

  return { streams, releases, issues, knowledge };
}
