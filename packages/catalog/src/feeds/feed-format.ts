/** The document formats the catalog parses, one parser each. */
export const FEED_FORMATS = [
  'flatcar-releases-json',
  'glrd-releases-json',
  'glrd-releases-yaml',
  'gardenlinux-s3-metadata-yaml',
  'bottlerocket-changelog-md',
  'bottlerocket-release-toml',
  'bottlerocket-variants-json',
  'bottlerocket-release-history-json',
  'endoflife-product-yaml',
  'endoflife-api-v1-product-json',
  'distro-info-csv',
  'talos-support-matrix-md',
  'k3os-status-json',
] as const;

/** One of {@link FEED_FORMATS}. */
export type FeedFormat = (typeof FEED_FORMATS)[number];
