import type { CatalogFeed } from './catalog-feed.js';

const flatcar = (name: string, channel: string): CatalogFeed => ({
  id: `flatcar/${name}`,
  subject: 'flatcar',
  title: `Flatcar release feed (${channel})`,
  url: `https://www.flatcar.org/releases-json/${name}.json`,
  format: 'flatcar-releases-json',
  verification:
    'no signature or checksum published for the feed; checked: `current` pointers resolve to a release of the feed, keys are versions',
});

const endoflife = (product: string, title: string): CatalogFeed => ({
  id: `endoflife/${product}`,
  subject: product === 'ubuntu' || product === 'debian' ? product : 'kubernetes',
  title: `endoflife.date ${title}`,
  url: `https://endoflife.date/api/v1/products/${product}`,
  format: 'endoflife-api-v1-product-json',
  verification: 'no signature published; checked: API schema_version 1.x, dates are calendar dates',
});

/**
 * Every feed the catalog knows, in a stable order. The embedded snapshot holds one document per
 * feed; `refresh` fetches those with a URL.
 */
export const CATALOG_FEEDS: readonly CatalogFeed[] = [
  flatcar('releases-stable', 'stable'),
  flatcar('releases-beta', 'beta'),
  flatcar('releases-alpha', 'alpha'),
  flatcar('releases-lts', 'lts'),
  flatcar('releases-lts-2024', 'LTS-2024 stream'),
  flatcar('releases-edge', 'edge, discontinued'),
  { ...flatcar('releases', 'all channels'), id: 'flatcar/releases-all' },
  {
    id: 'gardenlinux/glrd-major',
    subject: 'gardenlinux',
    title: 'Garden Linux Release Database: majors',
    url: 'https://gardenlinux-glrd.s3.eu-central-1.amazonaws.com/releases-major.json',
    format: 'glrd-releases-json',
    note: 'older GLRD published the same data as releases-stable.json with type "stable"',
    verification:
      'no signature published; checked: lifecycle dates in order (extended and eol not before released)',
  },
  {
    id: 'gardenlinux/glrd-minor',
    subject: 'gardenlinux',
    title: 'Garden Linux Release Database: minors',
    url: 'https://gardenlinux-glrd.s3.eu-central-1.amazonaws.com/releases-minor.json',
    format: 'glrd-releases-json',
    note: 'older GLRD published the same data as releases-patch.json with type "patch"',
    verification: 'no signature published; checked: lifecycle dates in order, git commit is 40 hex digits',
  },
  {
    id: 'gardenlinux/glrd-input',
    subject: 'gardenlinux',
    title: 'Garden Linux lifecycle input (releases-input.yaml)',
    url: 'https://raw.githubusercontent.com/gardenlinux/glrd/main/releases-input.yaml',
    format: 'glrd-releases-yaml',
    note: 'branch name main is assumed',
    verification: 'served from GitHub over HTTPS; checked: lifecycle dates in order',
  },
  {
    id: 'gardenlinux/s3-aws-gardener_prod-amd64',
    subject: 'gardenlinux',
    title: 'Garden Linux 1877.3 release metadata (aws-gardener_prod-amd64)',
    url: 'https://gardenlinux-github-releases.s3.amazonaws.com/meta/singles/aws-gardener_prod-amd64-1877.3-75df9f40',
    format: 'gardenlinux-s3-metadata-yaml',
    note: 'one immutable object per release and flavor; this feed is pinned to 1877.3',
    verification: 'per-artifact md5 and sha256 listed; digests of empty input are flagged as unusable',
  },
  {
    id: 'gardenlinux/s3-gcp-gardener_prod-amd64',
    subject: 'gardenlinux',
    title: 'Garden Linux 1877.3 release metadata (gcp-gardener_prod-amd64)',
    url: 'https://gardenlinux-github-releases.s3.amazonaws.com/meta/singles/gcp-gardener_prod-amd64-1877.3-75df9f40',
    format: 'gardenlinux-s3-metadata-yaml',
    note: 'one immutable object per release and flavor; this feed is pinned to 1877.3',
    verification: 'per-artifact md5 and sha256 listed; digests of empty input are flagged as unusable',
  },
  {
    id: 'bottlerocket/changelog',
    subject: 'bottlerocket',
    title: 'Bottlerocket CHANGELOG.md',
    url: 'https://raw.githubusercontent.com/bottlerocket-os/bottlerocket/develop/CHANGELOG.md',
    format: 'bottlerocket-changelog-md',
    note: 'branch name develop is assumed',
    verification: 'served from GitHub over HTTPS; checked: every release heading has a version and a date',
  },
  {
    id: 'bottlerocket/release-toml',
    subject: 'bottlerocket',
    title: 'Bottlerocket Release.toml',
    url: 'https://raw.githubusercontent.com/bottlerocket-os/bottlerocket/develop/Release.toml',
    format: 'bottlerocket-release-toml',
    note: 'branch name develop is assumed',
    verification: 'checked: the version agrees with the newest CHANGELOG release',
  },
  {
    id: 'bottlerocket/variants',
    subject: 'bottlerocket',
    title: 'Bottlerocket variants (derived from variants/*/Cargo.toml and variants/README.md)',
    url: null,
    format: 'bottlerocket-variants-json',
    note: 'derived extraction, no published feed; changes only with a new snapshot',
    verification: 'static data',
  },
  {
    id: 'bottlerocket/release-history',
    subject: 'bottlerocket',
    title: 'Bottlerocket releases (derived from CHANGELOG.md headings)',
    url: null,
    format: 'bottlerocket-release-history-json',
    note: 'derived extraction; `refresh` of bottlerocket/changelog supersedes it',
    verification: 'static data',
  },
  endoflife('ubuntu', 'Ubuntu'),
  endoflife('debian', 'Debian'),
  endoflife('kubernetes', 'Kubernetes'),
  endoflife('amazon-eks', 'Amazon EKS'),
  {
    id: 'distro-info/ubuntu',
    subject: 'ubuntu',
    title: 'distro-info-data ubuntu.csv',
    url: 'https://salsa.debian.org/debian/distro-info-data/-/raw/main/ubuntu.csv',
    format: 'distro-info-csv',
    verification: 'served over HTTPS; checked: header columns, dates are calendar dates',
  },
  {
    id: 'distro-info/debian',
    subject: 'debian',
    title: 'distro-info-data debian.csv',
    url: 'https://salsa.debian.org/debian/distro-info-data/-/raw/main/debian.csv',
    format: 'distro-info-csv',
    verification: 'served over HTTPS; checked: header columns, dates are calendar dates',
  },
  {
    id: 'talos/support-matrix-v1.11',
    subject: 'talos',
    title: 'Talos 1.11 support matrix',
    url: 'https://raw.githubusercontent.com/siderolabs/talos/main/website/content/v1.11/introduction/support-matrix.md',
    format: 'talos-support-matrix-md',
    note: 'Markdown table; "TBD" dates are projections',
    verification: 'served from GitHub over HTTPS; checked: the table has the rows the catalog reads',
  },
  {
    id: 'k3os/status',
    subject: 'k3os',
    title: 'k3OS status (hand-assembled end-of-life record)',
    url: null,
    format: 'k3os-status-json',
    note: 'k3OS publishes no feed and is end of life; the record is static',
    verification: 'static data',
  },
];

/** The feed with this id, or undefined. */
export function catalogFeed(id: string): CatalogFeed | undefined {
  return CATALOG_FEEDS.find((feed) => feed.id === id);
}
