import { randomBytes } from 'node:crypto';
import { ClusterApiError } from '@kubenode/rollout';

interface Continuation {
  readonly items: readonly object[];
  readonly resourceVersion: string;
  offset: number;
}

/** One page of a list. */
export interface ListPage {
  readonly items: readonly object[];
  readonly resourceVersion: string;
  /** Token of the next page; undefined on the last. */
  readonly continue: string | undefined;
  /** Items after this page. */
  readonly remaining: number;
}

/**
 * Paginated lists (`limit` and `continue`) for the test double: every page of one list comes from
 * the snapshot taken by its first request, as the API server serves them from one etcd revision;
 * a token it no longer remembers (more than `capacity` lists ago) is refused with 410 Expired.
 */
export class ListPager {
  private readonly continuations = new Map<string, Continuation>();

  constructor(private readonly capacity = 256) {}

  /** The first page of a list (everything when `limit` is 0). */
  first(items: readonly object[], resourceVersion: string, limit: number): ListPage {
    return this.page({ items, resourceVersion, offset: 0 }, limit);
  }

  /** The page after `token`. */
  next(token: string, limit: number, request: string): ListPage {
    const continuation = this.continuations.get(token);
    if (!continuation)
      throw ClusterApiError.of(
        request,
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    this.continuations.delete(token);
    return this.page(continuation, limit);
  }

  private page(continuation: Continuation, limit: number): ListPage {
    const { items, resourceVersion, offset } = continuation;
    const end = limit > 0 ? Math.min(items.length, offset + limit) : items.length;
    const page = items.slice(offset, end);
    if (end >= items.length) return { items: page, resourceVersion, continue: undefined, remaining: 0 };
    const token = randomBytes(12).toString('base64url');
    this.continuations.set(token, { items, resourceVersion, offset: end });
    while (this.continuations.size > this.capacity) {
      const oldest = this.continuations.keys().next().value as string;
      this.continuations.delete(oldest);
    }
    return { items: page, resourceVersion, continue: token, remaining: items.length - end };
  }
}
