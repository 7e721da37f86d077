import type { CatalogDistroId } from '../model/catalog-distro.js';
import type { FeedFormat } from './feed-format.js';

/** A machine-readable source the catalog reads: what it is, where it lives, what can be checked. */
export interface CatalogFeed {
  /** Stable id, `<publisher>/<name>`. */
  readonly id: string;
  /** The distro the feed describes; `kubernetes` for Kubernetes and EKS lifecycle data. */
  readonly subject: CatalogDistroId | 'kubernetes';
  readonly title: string;
  /**
   * The live URL `refresh` fetches, or `null` for data with no live feed (hand-assembled or
   * derived records, which only change with a new snapshot).
   */
  readonly url: string | null;
  /** The format of the live document. */
  readonly format: FeedFormat;
  /** Why the feed has no live URL, or what is uncertain about it. */
  readonly note?: string;
  /** What `refresh` can verify for this feed beyond HTTPS and the schema. */
  readonly verification: string;
}
