import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import type { CatalogSource } from '../model/catalog-source.js';
import { isIsoDate } from '../util/iso-date.js';
import { bottlerocketVariantEvent, type BottlerocketVariantEvent } from './bottlerocket-variant-events.js';
import { fieldSource, type FeedContext } from './feed-context.js';

/** One Bottlerocket release: version, date and the variant events its notes state. */
export interface BottlerocketRelease {
  /** `1.26.1`. */
  readonly version: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly variantEvents: readonly BottlerocketVariantEvent[];
  readonly source: CatalogSource;
}

const HEADING = /^# v(\d+\.\d+\.\d+)\s*\((.*)\)\s*$/;

/**
 * Parses Bottlerocket's `CHANGELOG.md`: one `# vX.Y.Z (YYYY-MM-DD)` section per release, newest
 * first, with bullet lists. Returns the releases in file order with the variant additions and
 * retirements their bullets state. A release heading without a valid date throws
 * {@link CatalogFeedError}.
 */
export function parseBottlerocketChangelog(
  text: string,
  context: FeedContext,
): readonly BottlerocketRelease[] {
  const releases: { version: string; date: string; line: number; bullets: string[] }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.startsWith('# ')) {
      const match = HEADING.exec(line);
      if (!match) return;
      const [, version, date] = match as unknown as [string, string, string];
      if (!isIsoDate(date.trim()))
        throw new CatalogFeedError({
          feed: context.feed,
          location: context.location,
          problems: [
            {
              path: `line ${index + 1}`,
              message: `release v${version}: expected a date YYYY-MM-DD; got '${date}'`,
            },
          ],
        });
      releases.push({ version, date: date.trim(), line: index + 1, bullets: [] });
      return;
    }
    const bullet = /^\s*[*-]\s+(.*)$/.exec(line);
    if (bullet && releases.length > 0) releases[releases.length - 1]!.bullets.push(bullet[1]!);
  });
  if (releases.length === 0)
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [{ path: '(document)', message: 'no release heading "# vX.Y.Z (YYYY-MM-DD)" found' }],
    });
  return releases.map((release) => ({
    version: release.version,
    date: release.date,
    variantEvents: dedupe(
      release.bullets.map(bottlerocketVariantEvent).filter((event) => event !== undefined),
    ),
    source: fieldSource(context, `line ${release.line}`),
  }));
}

function dedupe(events: BottlerocketVariantEvent[]): BottlerocketVariantEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = JSON.stringify([event.action, event.variants, event.kubernetesMinor, event.platforms]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
