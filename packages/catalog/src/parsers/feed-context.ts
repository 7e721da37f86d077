import type { z } from 'zod';
import { CatalogFeedError, type CatalogFeedProblem } from '../errors/catalog-feed-error.js';
import type { CatalogSource } from '../model/catalog-source.js';
import type { EvidenceLevel } from '../model/evidence-level.js';

/** Which feed and document a parser is reading, so every value can name its source. */
export interface FeedContext {
  /** Catalog feed id. */
  readonly feed: string;
  /** URL or upstream file of the document. */
  readonly location: string;
  /** Evidence level of the document's values; `captured` unless the document is derived. */
  readonly evidence?: EvidenceLevel;
  /** Caveat that applies to every value (trimmed snapshot, derived data). */
  readonly note?: string;
  /** When the document's data dates from (see {@link CatalogSource.asOf}). */
  readonly asOf?: string;
}

/** A {@link CatalogSource} for a field of the document a parser reads. */
export function fieldSource(context: FeedContext, field: string, note?: string): CatalogSource {
  const notes = [context.note, note].filter((part): part is string => Boolean(part));
  return {
    feed: context.feed,
    location: context.location,
    field,
    evidence: context.evidence ?? 'captured',
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    ...(context.asOf ? { asOf: context.asOf } : {}),
  };
}

/** Formats a path of object keys and array indexes as `["key"].field[2]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(document)';
}

/** Validates with a zod schema; throws {@link CatalogFeedError} naming every bad field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  context: FeedContext,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: CatalogFeedProblem[] = result.error.issues.map((issue) => ({
    path: formatFieldPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
  throw new CatalogFeedError({
    feed: context.feed,
    location: context.location,
    problems,
    cause: result.error,
  });
}

/** `JSON.parse` that throws {@link CatalogFeedError} instead of a SyntaxError. */
export function parseJsonText(text: string, context: FeedContext): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CatalogFeedError({
      feed: context.feed,
      location: context.location,
      problems: [{ path: '(document)', message: `not JSON: ${(error as Error).message}` }],
      cause: error,
    });
  }
}
