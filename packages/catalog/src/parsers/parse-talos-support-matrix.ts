import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import type { CatalogSource } from '../model/catalog-source.js';
import { isIsoDate } from '../util/iso-date.js';
import { fieldSource, type FeedContext } from './feed-context.js';

/** A date from the support matrix, which marks announced dates "TBD". */
export interface TalosMatrixDate {
  readonly date: string;
  /** True for "(…, TBD)" / "(TBD)": an announced, not yet reached, date. */
  readonly projected: boolean;
  /** The text in parentheses that is not a date, e.g. the `.0` release `1.10.0`. */
  readonly detail: string | undefined;
}

/** One Talos minor's column of the support matrix. */
export interface TalosMinorSupport {
  /** `1.11`. */
  readonly minor: string;
  readonly releaseDate: TalosMatrixDate;
  /** End of community support: when the named release ships. */
  readonly endOfCommunitySupport: TalosMatrixDate & { readonly untilRelease: string };
  /** "offered by Sidero Labs Inc." and the link, as written. */
  readonly enterpriseSupport: string | undefined;
  /** Kubernetes minors supported, as listed (newest first). */
  readonly kubernetes: readonly string[];
  readonly architectures: readonly string[];
  /** Platform rows (`cloud`, `bare metal`, `virtualized`, `local`) → text. */
  readonly platforms: Readonly<Record<string, string>>;
  /** `Release Date` row cell; other fields are the rows named like them. */
  readonly source: CatalogSource;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

const DATE_CELL = /^(\d{4}-\d{2}-\d{2})\s*\(([^)]*)\)$/;
const EOCS_CELL = /^(\S+)\s+release\s+\((\d{4}-\d{2}-\d{2})(?:,\s*(TBD))?\)$/;

/**
 * Parses the main table of a Talos support matrix page
 * (`website/content/v<minor>/introduction/support-matrix.md`): one column per Talos minor with the
 * release date, end of community support, Kubernetes minors, architectures and platforms. Front
 * matter and other tables on the page are ignored.
 */
export function parseTalosSupportMatrix(text: string, context: FeedContext): readonly TalosMinorSupport[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\|\s*Talos Version\s*\|/.test(line));
  const fail = (path: string, message: string): never => {
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [{ path, message }],
    });
  };
  if (start === -1) fail('(document)', 'no table with a "Talos Version" header row');
  const minors = cells(lines[start]!).slice(1);
  if (minors.length === 0 || minors.some((minor) => !/^\d+\.\d+$/.test(minor)))
    fail(`line ${start + 1}`, `expected Talos minors in the header; got ${minors.join(', ')}`);
  const rows = new Map<string, { values: string[]; line: number }>();
  for (let index = start + 1; index < lines.length && lines[index]!.trim().startsWith('|'); index++) {
    const row = cells(lines[index]!);
    const label = row[0]!.replace(/\*\*/g, '').replace(/^-\s*/, '').trim();
    if (/^-+$/.test(label)) continue;
    rows.set(label, { values: row.slice(1), line: index + 1 });
  }
  const row = (label: string) => rows.get(label) ?? fail('(table)', `no "${label}" row`);
  const releaseRow = row('Release Date');
  const eocsRow = row('End of Community Support');
  const kubernetesRow = row('Kubernetes');
  const archRow = row('Architecture');
  const enterpriseRow = rows.get('Enterprise Support');
  const platformLabels = ['cloud', 'bare metal', 'virtualized', 'local'].filter((label) => rows.has(label));
  return minors.map((minor, column): TalosMinorSupport => {
    const releaseCell = releaseRow.values[column] ?? '';
    const release = DATE_CELL.exec(releaseCell);
    if (!release || !isIsoDate(release[1]!))
      fail(
        `line ${releaseRow.line} (${minor})`,
        `expected "YYYY-MM-DD (TBD)" or "YYYY-MM-DD (1.x.0)"; got '${releaseCell}'`,
      );
    const eocsCell = eocsRow.values[column] ?? '';
    const eocs = EOCS_CELL.exec(eocsCell);
    if (!eocs || !isIsoDate(eocs[2]!))
      fail(
        `line ${eocsRow.line} (${minor})`,
        `expected "1.x.0 release (YYYY-MM-DD[, TBD])"; got '${eocsCell}'`,
      );
    const kubernetes = (kubernetesRow.values[column] ?? '').split(',').map((value) => value.trim());
    if (kubernetes.some((value) => !/^\d+\.\d+$/.test(value)))
      fail(
        `line ${kubernetesRow.line} (${minor})`,
        `expected Kubernetes minors; got '${kubernetesRow.values[column] ?? ''}'`,
      );
    const releaseDetail = release![2]!.trim();
    return {
      minor,
      releaseDate: {
        date: release![1]!,
        projected: releaseDetail === 'TBD',
        detail: releaseDetail === 'TBD' ? undefined : releaseDetail,
      },
      endOfCommunitySupport: {
        date: eocs![2]!,
        projected: eocs![3] === 'TBD',
        detail: undefined,
        untilRelease: eocs![1]!,
      },
      enterpriseSupport: enterpriseRow?.values[column]?.replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)'),
      kubernetes,
      architectures: (archRow.values[column] ?? '')
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean),
      platforms: Object.fromEntries(
        platformLabels.map((label) => [label, rows.get(label)!.values[column] ?? '']),
      ),
      source: fieldSource(context, `line ${releaseRow.line} column ${minor}`),
    };
  });
}
