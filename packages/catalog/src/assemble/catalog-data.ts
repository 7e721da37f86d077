import type { CatalogRelease } from '../model/catalog-release.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { CatalogSource } from '../model/catalog-source.js';
import type { FeedIssue } from '../parsers/feed-issue.js';

/** One Kubernetes minor's lifecycle (upstream Kubernetes or Amazon EKS), from endoflife.date. */
export interface KubernetesCycle {
  /** `1.33`. */
  readonly minor: string;
  readonly releaseDate: string;
  /** End of standard patch releases (Kubernetes `eoas`); undefined for EKS. */
  readonly endOfActiveSupport: string | undefined;
  /** Kubernetes: end of maintenance; EKS: end of standard support. */
  readonly endOfLife: string | undefined;
  /** EKS: end of extended support. */
  readonly endOfExtendedSupport: string | undefined;
  readonly latest: string | undefined;
  readonly source: CatalogSource;
}

/** Provenance of one feed document the catalog was built from. */
export interface CatalogDocumentInfo {
  readonly feed: string;
  readonly origin: string;
  readonly retrievedAt: string;
  readonly sha256: string;
  readonly note?: string;
}

/** Everything the catalog knows, assembled from its feed documents and curated data. */
export interface CatalogData {
  readonly streams: readonly CatalogStream[];
  readonly releases: readonly CatalogRelease[];
  readonly kubernetes: readonly KubernetesCycle[];
  readonly eks: readonly KubernetesCycle[];
  /** Data problems found while parsing and assembling (never fatal). */
  readonly issues: readonly FeedIssue[];
  readonly documents: readonly CatalogDocumentInfo[];
}

/** Streams and releases one distro contributes to {@link CatalogData}. */
export interface DistroContribution {
  readonly streams: CatalogStream[];
  readonly releases: CatalogRelease[];
  readonly issues: FeedIssue[];
}
