/**
 * `@kubenode/catalog`: release feeds of node operating systems (Flatcar, Garden Linux, Debian,
 * Ubuntu, k3OS, Bottlerocket, Talos), parsed into image lines with lifecycle, Kubernetes
 * compatibility and a sourced comparison. Works offline from an embedded snapshot; `refresh`
 * fetches the live feeds.
 *
 * @packageDocumentation
 */

// Model
export { EVIDENCE_LEVELS, EVIDENCE_TAGS, type EvidenceLevel } from './model/evidence-level.js';
export { sourced, formatSource, type CatalogSource, type Sourced } from './model/catalog-source.js';
export {
  CATALOG_DISTROS,
  CATALOG_DISTRO_NAMES,
  isCatalogDistro,
  type CatalogDistroId,
} from './model/catalog-distro.js';
export {
  LIFECYCLE_MILESTONES,
  LIFECYCLE_AUTHORITIES,
  type LifecycleMilestone,
  type LifecycleAuthority,
  type DatePrecision,
  type LifecycleDate,
} from './model/lifecycle-date.js';
export type { CatalogStream, StreamKind, StreamLifecycle, StreamKubernetes } from './model/catalog-stream.js';
export type { CatalogRelease, CloudImage, ReleaseArtifact } from './model/catalog-release.js';

// Errors
export { CatalogFeedError, type CatalogFeedProblem } from './errors/catalog-feed-error.js';
export { NoSuchImageError } from './errors/no-such-image-error.js';

// Feeds and parsers
export { FEED_FORMATS, type FeedFormat } from './feeds/feed-format.js';
export { feedDocumentSchema, type FeedDocument } from './feeds/feed-document.js';
export type { CatalogFeed } from './feeds/catalog-feed.js';
export { CATALOG_FEEDS, catalogFeed } from './feeds/catalog-feeds.js';
export { parseFeedDocument, documentContext, type ParsedFeedDocument } from './feeds/parse-feed-document.js';
export type { FeedContext } from './parsers/feed-context.js';
export type { FeedIssue } from './parsers/feed-issue.js';
export { parseFlatcarDate } from './parsers/flatcar-date.js';
export {
  parseFlatcarReleases,
  type FlatcarRelease,
  type FlatcarPointer,
  type FlatcarReleaseFeed,
} from './parsers/parse-flatcar-releases.js';
export {
  parseGlrdReleases,
  type GlrdRelease,
  type GlrdReleaseFeed,
  type GlrdReleaseType,
} from './parsers/parse-glrd-releases.js';
export {
  parseGardenLinuxS3Metadata,
  SHA256_OF_EMPTY_INPUT,
  MD5_OF_EMPTY_INPUT,
  type GardenLinuxBuild,
  type GardenLinuxS3Metadata,
} from './parsers/parse-gardenlinux-s3-metadata.js';
export {
  parseBottlerocketVariants,
  BOTTLEROCKET_ARCHITECTURES,
  type BottlerocketVariant,
  type BottlerocketVariantData,
  type DeprecatedBottlerocketVariant,
} from './parsers/parse-bottlerocket-variants.js';
export {
  parseBottlerocketChangelog,
  type BottlerocketRelease,
} from './parsers/parse-bottlerocket-changelog.js';
export { parseBottlerocketReleaseHistory } from './parsers/parse-bottlerocket-release-history.js';
export {
  parseBottlerocketReleaseToml,
  type BottlerocketReleaseToml,
  type BottlerocketMigration,
} from './parsers/parse-bottlerocket-release-toml.js';
export {
  bottlerocketVariantEvent,
  variantEventApplies,
  type BottlerocketVariantEvent,
} from './parsers/bottlerocket-variant-events.js';
export type { EndOfLifeProduct, EndOfLifeCycle, EndOfLifeValue } from './parsers/endoflife-product.js';
export { parseEndOfLifeProductYaml } from './parsers/parse-endoflife-product-yaml.js';
export { parseEndOfLifeApiProduct } from './parsers/parse-endoflife-api-product.js';
export {
  parseDistroInfoCsv,
  DISTRO_INFO_DATE_COLUMNS,
  type DistroInfoRelease,
  type DistroInfoTable,
  type DistroInfoDateColumn,
} from './parsers/parse-distro-info-csv.js';
export {
  parseTalosSupportMatrix,
  type TalosMinorSupport,
  type TalosMatrixDate,
} from './parsers/parse-talos-support-matrix.js';
export { parseK3osStatus, type K3osStatus, type K3osStatement } from './parsers/parse-k3os-status.js';

// The catalog
export type { CatalogData, CatalogDocumentInfo, KubernetesCycle } from './assemble/catalog-data.js';
export type { Catalog } from './catalog/catalog.js';
export { createCatalog, type CreateCatalogOptions } from './catalog/create-catalog.js';
export type { ImageQuery } from './catalog/image-query.js';
export type { ResolvedImage } from './catalog/resolved-image.js';
export { snapshotDocuments } from './snapshot/snapshot-documents.js';

// Lifecycle
export {
  assessLifecycle,
  describeDate,
  describeDateOrigin,
  DEFAULT_WARN_WITHIN_DAYS,
  type LifecycleState,
  type LifecycleAssessment,
  type AssessLifecycleOptions,
} from './lifecycle/assess-lifecycle.js';
export { chooseLifecycleDate, isUnconfirmedProjection } from './lifecycle/choose-lifecycle-date.js';

// Kubernetes
export { kubernetesMinor } from './kubernetes/kubernetes-minor.js';
export {
  kubeletSupportedControlPlanes,
  checkKubeletSkew,
  maxKubeletLag,
  VERSION_SKEW_POLICY_URL,
  type KubeletSkewCheck,
} from './kubernetes/version-skew.js';
export {
  kubernetesCompatibility,
  type KubernetesCompatibility,
  type KubernetesImageLine,
} from './kubernetes/kubernetes-compatibility.js';

// Pools
export {
  checkPoolImage,
  type PoolImageSubject,
  type CheckPoolImageOptions,
} from './pool/check-pool-image.js';
export type { CatalogWarning, CatalogWarningCode } from './pool/catalog-warning.js';

// Comparison
export {
  COMPARISON_ASPECTS,
  COMPARISON_ASPECT_LABELS,
  type ComparisonAspect,
} from './compare/comparison-aspects.js';
export { compareDistros, type DistroComparison, type ComparisonCell } from './compare/compare-distros.js';
export {
  renderComparison,
  type ComparisonFormat,
  type RenderComparisonOptions,
} from './compare/render-comparison.js';
export { COMPARISON_FACTS, type ComparisonFact } from './data/comparison-facts.js';

// Refresh
export type { FetchLike, FetchLikeResponse } from './refresh/fetch-like.js';
export {
  refreshCatalog,
  DEFAULT_REFRESH_TIMEOUT_MS,
  type RefreshCatalogOptions,
  type RefreshCatalogResult,
  type FeedRefreshOutcome,
  type RefreshCheck,
} from './refresh/refresh-catalog.js';
export { diffCatalogData, type CatalogChange } from './refresh/diff-catalog-data.js';
export {
  readCatalogCache,
  writeCatalogCache,
  defaultCatalogCacheDirectory,
  type CatalogCacheContents,
} from './refresh/catalog-cache.js';

export { VERSION } from './version.js';
