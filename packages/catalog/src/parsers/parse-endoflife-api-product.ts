import { z } from 'zod';
import { CatalogFeedError } from '../errors/catalog-feed-error.js';
import { isIsoDate } from '../util/iso-date.js';
import type { EndOfLifeProduct, EndOfLifeValue } from './endoflife-product.js';
import { fieldSource, parseJsonText, parseWith, type FeedContext } from './feed-context.js';

const date = z.string().refine(isIsoDate, { error: 'expected a date YYYY-MM-DD' });

const releaseSchema = z.object({
  name: z.string().min(1),
  codename: z.string().nullish(),
  releaseDate: date,
  isLts: z.boolean(),
  ltsFrom: date.nullish(),
  isEoas: z.boolean().optional(),
  eoasFrom: date.nullish(),
  isEol: z.boolean(),
  eolFrom: date.nullish(),
  isEoes: z.boolean().optional(),
  eoesFrom: date.nullish(),
  latest: z.object({ name: z.string(), date: date.nullish() }).nullish(),
});

const envelopeSchema = z.object({
  schema_version: z.string().regex(/^\d+\.\d+(\.\d+)?$/),
  result: z.object({
    name: z.string().min(1),
    label: z.string().min(1),
    labels: z
      .object({ eoas: z.string().nullish(), eol: z.string().nullish(), eoes: z.string().nullish() })
      .partial()
      .optional(),
    releases: z.array(z.unknown()),
  }),
});

function flag(is: boolean | undefined, from: string | null | undefined): EndOfLifeValue | undefined {
  if (from) return from;
  return is;
}

/**
 * Parses an endoflife.date API v1 product response (`GET /api/v1/products/{product}`: the
 * `{schema_version, generated_at, result}` envelope). `isEol`/`eolFrom` pairs become a date when
 * one is given, else the boolean. Only schema major version 1 is accepted.
 */
export function parseEndOfLifeApiProduct(text: string, context: FeedContext): EndOfLifeProduct {
  const envelope = parseWith(envelopeSchema, parseJsonText(text, context), context);
  if (!envelope.schema_version.startsWith('1.'))
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [
        { path: 'schema_version', message: `expected API schema 1.x; got ${envelope.schema_version}` },
      ],
    });
  const labels = envelope.result.labels ?? {};
  return {
    product: envelope.result.name,
    title: envelope.result.label,
    labels: {
      ...(labels.eoas ? { eoas: labels.eoas } : {}),
      ...(labels.eol ? { eol: labels.eol } : {}),
      ...(labels.eoes ? { eoes: labels.eoes } : {}),
    },
    cycles: envelope.result.releases.map((value, index) => {
      const release = parseWith(releaseSchema, value, context, ['result', 'releases', index]);
      return {
        cycle: release.name,
        codename: release.codename ?? undefined,
        lts: release.ltsFrom ?? release.isLts,
        releaseDate: release.releaseDate,
        eoas: flag(release.isEoas, release.eoasFrom),
        eol: flag(release.isEol, release.eolFrom)!,
        eoes: flag(release.isEoes, release.eoesFrom),
        latest: release.latest?.name,
        latestReleaseDate: release.latest?.date ?? undefined,
        source: fieldSource(context, `result.releases[${index}]`),
      };
    }),
  };
}
