import { z } from 'zod';
import { isIsoDate } from '../util/iso-date.js';
import { bottlerocketVariantEvent } from './bottlerocket-variant-events.js';
import { fieldSource, parseJsonText, parseWith, type FeedContext } from './feed-context.js';
import type { BottlerocketRelease } from './parse-bottlerocket-changelog.js';

const documentSchema = z.object({
  releases: z.array(
    z.object({
      version: z.string().regex(/^\d+\.\d+\.\d+$/),
      date: z.string().refine(isIsoDate, { error: 'expected a date YYYY-MM-DD' }),
      variant_related_bullets_heuristic: z.array(z.string()).optional(),
    }),
  ),
});

/**
 * Parses the derived Bottlerocket release list (`releases-from-changelog.derived.json`: version
 * and date of every CHANGELOG heading, plus bullets a heuristic found). The bullets go through the
 * same strict variant-event reader as the CHANGELOG itself, so the heuristic's noise is dropped.
 */
export function parseBottlerocketReleaseHistory(
  text: string,
  context: FeedContext,
): readonly BottlerocketRelease[] {
  const document = parseWith(documentSchema, parseJsonText(text, context), context);
  return document.releases.map((release, index) => ({
    version: release.version,
    date: release.date,
    variantEvents: (release.variant_related_bullets_heuristic ?? [])
      .map(bottlerocketVariantEvent)
      .filter((event) => event !== undefined),
    source: fieldSource(context, `releases[${index}]`),
  }));
}
