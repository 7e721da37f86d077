import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import { isIsoDate } from '../util/iso-date.js';
import type { EndOfLifeProduct } from './endoflife-product.js';
import { fieldSource, parseWith, type FeedContext } from './feed-context.js';

const date = z
  .union([z.string(), z.date().transform((value) => value.toISOString().slice(0, 10))])
  .refine(isIsoDate, {
    error: 'expected a date YYYY-MM-DD',
  });
const dateOrFlag = z.union([z.boolean(), date]);
const text = z.union([z.string(), z.number()]).transform(String);
const column = z.union([z.boolean(), z.string()]).optional();

const cycleSchema = z.object({
  releaseCycle: text,
  codename: z.string().optional(),
  lts: dateOrFlag.optional(),
  releaseDate: date,
  eoas: dateOrFlag.optional(),
  eol: dateOrFlag,
  eoes: dateOrFlag.optional(),
  latest: text.optional(),
  latestReleaseDate: date.optional(),
});

const productSchema = z.object({
  title: z.string().min(1),
  permalink: z.string().regex(/^\/[a-z0-9-]+$/, { error: 'expected a permalink such as /ubuntu' }),
  eoasColumn: column,
  eolColumn: column,
  eoesColumn: column,
  releases: z.array(z.unknown()).min(1),
});

/** The YAML front matter of a Markdown file, or the text itself when it has none. */
function frontMatter(source: string): string {
  if (!source.startsWith('---')) return source;
  const end = source.indexOf('\n---', 3);
  return end === -1 ? source.slice(3) : source.slice(3, end);
}

function label(value: boolean | string | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Parses an endoflife.date product as kept in its repository (`products/<product>.md`, the YAML
 * front matter the API is generated from; a bare YAML document is accepted too). Fields used:
 * `releaseCycle`, `codename`, `lts`, `releaseDate`, `eoas`, `eol`, `eoes`, `latest`,
 * `latestReleaseDate`, where lifecycle fields may be a date or a boolean.
 */
export function parseEndOfLifeProductYaml(source: string, context: FeedContext): EndOfLifeProduct {
  let raw: unknown;
  try {
    raw = parseYaml(frontMatter(source)) as unknown;
  } catch (error) {
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [{ path: '(document)', message: `not YAML: ${(error as Error).message}` }],
      cause: error,
    });
  }
  const product = parseWith(productSchema, raw, context);
  return {
    product: product.permalink.slice(1),
    title: product.title,
    labels: {
      ...(label(product.eoasColumn) ? { eoas: label(product.eoasColumn)! } : {}),
      ...(label(product.eolColumn) ? { eol: label(product.eolColumn)! } : {}),
      ...(label(product.eoesColumn) ? { eoes: label(product.eoesColumn)! } : {}),
    },
    cycles: product.releases.map((value, index) => {
      const cycle = parseWith(cycleSchema, value, context, ['releases', index]);
      return {
        cycle: cycle.releaseCycle,
        codename: cycle.codename,
        lts: cycle.lts ?? false,
        releaseDate: cycle.releaseDate,
        eoas: cycle.eoas,
        eol: cycle.eol,
        eoes: cycle.eoes,
        latest: cycle.latest,
        latestReleaseDate: cycle.latestReleaseDate,
        source: fieldSource(context, `releases[${index}]`),
      };
    }),
  };
}
