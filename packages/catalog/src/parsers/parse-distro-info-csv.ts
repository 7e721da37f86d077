import { CatalogFeedError, type CatalogFeedProblem } from '../errors/catalog-feed-error.js';
import type { CatalogSource } from '../model/catalog-source.js';
import { isIsoDate } from '../util/iso-date.js';
import { fieldSource, type FeedContext } from './feed-context.js';

/** The date columns distro-info-data has had (older files have fewer). */
export const DISTRO_INFO_DATE_COLUMNS = [
  'created',
  'release',
  'eol',
  'eol-server',
  'eol-esm',
  'eol-lts',
  'eol-elts',
  'eol-legacy',
] as const;

/** One of {@link DISTRO_INFO_DATE_COLUMNS}. */
export type DistroInfoDateColumn = (typeof DISTRO_INFO_DATE_COLUMNS)[number];

/** One row of a distro-info-data CSV (`debian.csv`, `ubuntu.csv`). */
export interface DistroInfoRelease {
  /** `12`, `22.04`, `6.0`; empty for sid and experimental. */
  readonly version: string;
  /** Whether the version column carried ` LTS` (Ubuntu). */
  readonly lts: boolean;
  /** `Bookworm`, `Jammy Jellyfish`. */
  readonly codename: string;
  /** `bookworm`, `jammy`. */
  readonly series: string;
  /** Dates present in the row, by column. */
  readonly dates: Readonly<Partial<Record<DistroInfoDateColumn, string>>>;
  /** Source of the row; `field` is `line N`. */
  readonly source: CatalogSource;
}

/** A parsed distro-info-data CSV. */
export interface DistroInfoTable {
  /** The header's columns, in file order. */
  readonly columns: readonly string[];
  readonly releases: readonly DistroInfoRelease[];
}

/**
 * Parses a distro-info-data CSV. Columns are read by header name, so older files (no `eol-esm`,
 * `eol-lts` or `eol-elts`) and newer ones (with `eol-legacy`) both work; rows may end early
 * (unreleased versions have no dates). Unknown columns are ignored; a malformed date throws
 * {@link CatalogFeedError} naming the line and column.
 */
export function parseDistroInfoCsv(text: string, context: FeedContext): DistroInfoTable {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
  const problems: CatalogFeedProblem[] = [];
  for (const required of ['version', 'codename', 'series', 'created'])
    if (!header.includes(required))
      problems.push({ path: 'line 1', message: `header has no '${required}' column` });
  if (problems.length > 0)
    throw new CatalogFeedError({ feed: context.feed, location: context.location, problems });
  const releases: DistroInfoRelease[] = [];
  lines.slice(1).forEach((line, index) => {
    const lineNumber = index + 2;
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = line.split(',');
    if (cells.length > header.length) {
      problems.push({
        path: `line ${lineNumber}`,
        message: `${cells.length} cells for ${header.length} columns`,
      });
      return;
    }
    const cell = (column: string) => {
      const at = header.indexOf(column);
      return at === -1 ? '' : (cells[at] ?? '').trim();
    };
    const dates: Partial<Record<DistroInfoDateColumn, string>> = {};
    for (const column of DISTRO_INFO_DATE_COLUMNS) {
      const value = cell(column);
      if (value === '') continue;
      if (!isIsoDate(value))
        problems.push({
          path: `line ${lineNumber} ${column}`,
          message: `expected a date YYYY-MM-DD; got '${value}'`,
        });
      else dates[column] = value;
    }
    const rawVersion = cell('version');
    const series = cell('series');
    if (!/^[a-z][a-z0-9-]*$/.test(series))
      problems.push({
        path: `line ${lineNumber} series`,
        message: `expected a series name; got '${series}'`,
      });
    releases.push({
      version: rawVersion.replace(/\s+LTS$/, ''),
      lts: /\sLTS$/.test(rawVersion),
      codename: cell('codename'),
      series,
      dates,
      source: fieldSource(context, `line ${lineNumber}`),
    });
  });
  if (problems.length > 0)
    throw new CatalogFeedError({ feed: context.feed, location: context.location, problems });
  return { columns: header, releases };
}
