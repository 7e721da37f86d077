import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeCatalogFeedError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/** One problem in a feed document: where it is and what was expected. */
export interface CatalogFeedProblem {
  /** Path inside the document, e.g. `["4593.2.5"].release_date` or `line 12`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A feed document does not have the shape the catalog relies on: a field the catalog uses is
 * missing or malformed. Unknown fields never cause this error.
 */
export class CatalogFeedError extends KubenodeError {
  private readonly [symbol] = true;

  /** The catalog feed id, e.g. `flatcar/releases-stable`. */
  readonly feed: string;
  /** The document's URL or file. */
  readonly location: string;
  /** Every problem found. */
  readonly problems: readonly CatalogFeedProblem[];

  constructor(options: {
    feed: string;
    location: string;
    problems: readonly CatalogFeedProblem[];
    cause?: unknown;
  }) {
    const shown = options.problems.slice(0, 5).map((problem) => `${problem.path}: ${problem.message}`);
    const more = options.problems.length > 5 ? `; and ${options.problems.length - 5} more` : '';
    super({
      name,
      message: `feed ${options.feed} (${options.location}): ${shown.join('; ')}${more}`,
      cause: options.cause,
    });
    this.feed = options.feed;
    this.location = options.location;
    this.problems = options.problems;
  }

  static override isInstance(error: unknown): error is CatalogFeedError {
    return KubenodeError.hasMarker(error, marker);
  }
}
