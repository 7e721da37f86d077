import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import type { CatalogSource } from '../model/catalog-source.js';
import { isIsoDate } from '../util/iso-date.js';
import { fieldSource, parseJsonText, parseWith, type FeedContext } from './feed-context.js';
import type { FeedIssue } from './feed-issue.js';

const isoDate = z.string().refine(isIsoDate, { error: 'expected a date YYYY-MM-DD' });
const lifecycleDate = z.object({ isodate: isoDate, timestamp: z.number().optional() });

const releaseSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1),
  version: z.object({
    major: z.number().int().nonnegative(),
    minor: z.number().int().nonnegative().optional(),
    patch: z.number().int().nonnegative().optional(),
  }),
  lifecycle: z.object({
    released: lifecycleDate,
    extended: lifecycleDate.optional(),
    eol: lifecycleDate.optional(),
  }),
  git: z
    .object({
      commit: z.string().regex(/^[0-9a-f]{40}$/, { error: 'expected a 40-digit commit id' }),
      commit_short: z.string().optional(),
    })
    .optional(),
  github: z.object({ release: z.string() }).optional(),
  flavors: z.array(z.string()).optional(),
});

const documentSchema = z.object({ releases: z.array(z.unknown()) });

/**
 * GLRD release types, normalised: older GLRD wrote `stable` and `patch` where newer GLRD writes
 * `major` and `minor`.
 */
export type GlrdReleaseType = 'major' | 'minor' | 'nightly' | 'dev' | 'next';

const TYPE_NAMES: Readonly<Record<string, GlrdReleaseType>> = {
  stable: 'major',
  major: 'major',
  patch: 'minor',
  minor: 'minor',
  nightly: 'nightly',
  dev: 'dev',
  next: 'next',
};

/** One Garden Linux release from the Release Database (or its lifecycle input file). */
export interface GlrdRelease {
  /** `major-1592`, `stable-184`, `minor-1592.1`, `patch-1592.1`. */
  readonly name: string;
  readonly type: GlrdReleaseType;
  /** The type as written in the document (`stable`, `patch`, ...). */
  readonly rawType: string;
  /** `1592`, `1592.1`, `2017.0.0`. */
  readonly version: string;
  readonly major: number;
  readonly released: string;
  /** Start of extended maintenance (majors and `next` only). */
  readonly extended: string | undefined;
  readonly eol: string | undefined;
  readonly commit: string | undefined;
  readonly githubRelease: string | undefined;
  readonly flavors: readonly string[];
  /** Source of the record; fields are `<source.field>.lifecycle.eol.isodate` and so on. */
  readonly source: CatalogSource;
}

/** A parsed GLRD document. */
export interface GlrdReleaseFeed {
  readonly releases: readonly GlrdRelease[];
  readonly issues: readonly FeedIssue[];
}

/**
 * Parses Garden Linux Release Database data: the S3 JSON files (`releases-major.json`,
 * `releases-minor.json`, and the older `releases-stable.json` / `releases-patch.json`) or, with
 * `format: 'yaml'`, the hand-kept `releases-input.yaml`. Lifecycle dates out of order (GLRD
 * `stable-184` has `extended` before `released`) are reported as issues, not errors.
 */
export function parseGlrdReleases(
  text: string,
  context: FeedContext,
  options: { format?: 'json' | 'yaml' } = {},
): GlrdReleaseFeed {
  let raw: unknown;
  if (options.format === 'yaml') {
    try {
      raw = parseYaml(text) as unknown;
    } catch (error) {
      throw new CatalogFeedError({
        feed: context.feed,
        location: context.location,
        problems: [{ path: '(document)', message: `not YAML: ${(error as Error).message}` }],
        cause: error,
      });
    }
  } else {
    raw = parseJsonText(text, context);
  }
  const document = parseWith(documentSchema, raw, context);
  const issues: FeedIssue[] = [];
  const releases = document.releases.map((value, index): GlrdRelease => {
    const entry = parseWith(releaseSchema, value, context, ['releases', index]);
    const path = `releases[${index}]`;
    const type = TYPE_NAMES[entry.type];
    if (!type) {
      throw new CatalogFeedError({
        feed: context.feed,
        location: context.location,
        problems: [
          {
            path: `${path}.type`,
            message: `expected one of ${Object.keys(TYPE_NAMES).join(', ')}; got '${entry.type}'`,
          },
        ],
      });
    }
    const { major, minor, patch } = entry.version;
    const version = [major, minor, patch].filter((part) => part !== undefined).join('.');
    const released = entry.lifecycle.released.isodate;
    const extended = entry.lifecycle.extended?.isodate;
    const eol = entry.lifecycle.eol?.isodate;
    if (extended !== undefined && extended < released)
      issues.push({
        feed: context.feed,
        path: `${path}.lifecycle.extended`,
        message: `${entry.name}: extended (${extended}) is before released (${released})`,
      });
    if (eol !== undefined && eol < released)
      issues.push({
        feed: context.feed,
        path: `${path}.lifecycle.eol`,
        message: `${entry.name}: eol (${eol}) is before released (${released})`,
      });
    if (extended !== undefined && eol !== undefined && eol < extended)
      issues.push({
        feed: context.feed,
        path: `${path}.lifecycle.eol`,
        message: `${entry.name}: eol (${eol}) is before extended (${extended})`,
      });
    return {
      name: entry.name,
      type,
      rawType: entry.type,
      version,
      major,
      released,
      extended,
      eol,
      commit: entry.git?.commit,
      githubRelease: entry.github?.release,
      flavors: entry.flavors ?? [],
      source: fieldSource(context, path),
    };
  });
  return { releases, issues };
}
