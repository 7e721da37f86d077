import type { CatalogSource } from '../model/catalog-source.js';
import { curatedSource } from './curated-source.js';

const FULL_FEEDS_COMMIT = '68478ddc1308039da0c2ca7b5ec21cb35a419a72';
const fullFeed = (name: string) =>
  `flatcar/flatcar-website:static/releases-json/${name}@${FULL_FEEDS_COMMIT}`;
const SWITCHING_CHANNELS =
  'flatcar/flatcar-website:content/docs/latest/updates-releases/releases/switching-channels.md';

/** An LTS stream of Flatcar: its major, first and last release. */
export interface FlatcarLtsStream {
  /** `lts-2024`. */
  readonly stream: string;
  readonly year: number;
  readonly major: number;
  readonly firstRelease: { readonly version: string; readonly date: string };
  /** The newest release known when the data was read (the stream may continue). */
  readonly lastRelease: { readonly version: string; readonly date: string };
  readonly source: CatalogSource;
}

/**
 * Flatcar's LTS streams, read from the full per-stream feeds (`releases-lts-YYYY.json`) at the
 * feed commit of 2026-08-13. The trimmed snapshot holds only some of these releases, so the
 * stream table is kept here.
 */
export const FLATCAR_LTS_STREAMS: readonly FlatcarLtsStream[] = [
  {
    stream: 'lts-2021',
    year: 2021,
    major: 2605,
    firstRelease: { version: '2605.10.1', date: '2020-12-16' },
    lastRelease: { version: '2605.32.1', date: '2022-10-17' },
  },
  {
    stream: 'lts-2022',
    year: 2022,
    major: 3033,
    firstRelease: { version: '3033.3.0', date: '2022-05-05' },
    lastRelease: { version: '3033.3.18', date: '2023-10-25' },
  },
  {
    stream: 'lts-2023',
    year: 2023,
    major: 3510,
    firstRelease: { version: '3510.3.0', date: '2023-10-05' },
    lastRelease: { version: '3510.3.8', date: '2025-08-19' },
  },
  {
    stream: 'lts-2024',
    year: 2024,
    major: 4081,
    firstRelease: { version: '4081.3.0', date: '2025-01-30' },
    lastRelease: { version: '4081.3.10', date: '2026-08-13' },
  },
].map((entry) => ({
  ...entry,
  source: curatedSource(
    'flatcar-lts-streams',
    fullFeed(`releases-${entry.stream}.json`),
    'captured',
    'first and last release',
    'read from the full feed; the snapshot is trimmed',
  ),
}));

/** The first release of a channel's major version. */
export interface FlatcarMajorStart {
  readonly channel: 'stable' | 'beta' | 'alpha';
  readonly major: number;
  readonly version: string;
  readonly date: string;
}

/**
 * First releases of recent majors per channel, read from the full channel feeds at the feed commit
 * of 2026-08-13. For the stable channel the list is complete from 4230 on; for alpha from 4628 on.
 */
export const FLATCAR_MAJOR_STARTS: readonly FlatcarMajorStart[] = [
  { channel: 'stable', major: 4230, version: '4230.2.0', date: '2025-06-24' },
  { channel: 'stable', major: 4459, version: '4459.2.0', date: '2025-11-12' },
  { channel: 'stable', major: 4593, version: '4593.2.0', date: '2026-04-27' },
  { channel: 'alpha', major: 4628, version: '4628.0.0', date: '2026-03-09' },
  { channel: 'alpha', major: 4669, version: '4669.0.0', date: '2026-04-27' },
  { channel: 'alpha', major: 4694, version: '4694.0.0', date: '2026-05-11' },
  { channel: 'alpha', major: 4722, version: '4722.0.0', date: '2026-06-16' },
  { channel: 'alpha', major: 4757, version: '4757.0.0', date: '2026-07-13' },
  { channel: 'alpha', major: 4790, version: '4790.0.0', date: '2026-08-13' },
];

/** The channel majors {@link FLATCAR_MAJOR_STARTS} lists without gaps from this major on. */
export const FLATCAR_MAJOR_STARTS_COMPLETE_FROM: Readonly<
  Record<'stable' | 'beta' | 'alpha', number | undefined>
> = {
  stable: 4230,
  beta: undefined,
  alpha: 4628,
};

/** Source of {@link FLATCAR_MAJOR_STARTS}. */
export const FLATCAR_MAJOR_STARTS_SOURCE = (channel: string): CatalogSource =>
  curatedSource(
    'flatcar-majors',
    fullFeed(`releases-${channel}.json`),
    'captured',
    'first release of each major',
    'read from the full feed; the snapshot is trimmed',
  );

/** Documented lifecycle rules of Flatcar. */
export const FLATCAR_RULES = {
  channelMajor: {
    text: 'Any Stable major version remains supported until a new major Stable version is released.',
    source: curatedSource('flatcar-rules', SWITCHING_CHANNELS, 'documented'),
  },
  ltsSupportMonths: 18,
  lts: {
    text: 'LTS streams have an 18 month support cycle; a new stream starts about yearly, with 6 months of overlap.',
    source: curatedSource('flatcar-rules', SWITCHING_CHANNELS, 'documented'),
  },
  edge: {
    text: 'The edge channel was discontinued in 2020.',
    source: curatedSource(
      'flatcar-rules',
      'flatcar/flatcar-website:static/releases-json/releases-edge.json (last release 2020-04-15)',
      'captured',
    ),
  },
} as const;

/**
 * End-of-life statements the Flatcar website makes in prose; the feeds carry no EOL dates. "mid-2026"
 * is taken as 2026-06-30 (approximate).
 */
export const FLATCAR_EOL_OVERRIDES: readonly {
  readonly stream: string;
  readonly date: string;
  readonly text: string;
  readonly source: CatalogSource;
}[] = [
  {
    stream: 'lts-2024',
    date: '2026-06-30',
    text: 'LTS-2024 will hit EOL in mid-2026',
    source: curatedSource(
      'flatcar-eol',
      'https://www.flatcar.org (website text, as of 2026-08-21)',
      'documented',
      '',
      '"mid-2026", taken as 2026-06-30',
    ),
  },
];

/** Where Flatcar images live and how they are signed (notes-for-distributors, verify-images docs). */
export const FLATCAR_IMAGE_FACTS = {
  location: 'https://<channel>.release.flatcar-linux.net/<arch>-usr/<version>/',
  signature:
    'detached GPG signature <file>.sig; key "Flatcar Buildbot (Official Builds)", primary key E25D9AED0593B34A (rotated annually)',
  source: curatedSource(
    'flatcar-images',
    'flatcar/flatcar-website:content/docs/latest (notes-for-distributors, verify-images)',
    'documented',
  ),
} as const;
