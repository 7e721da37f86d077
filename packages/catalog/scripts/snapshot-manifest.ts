/**
 * Which file of the catalog vectors becomes which feed document of the embedded snapshot, with
 * the upstream origin and date from the vectors' SOURCES.md. Used by `build-snapshot.ts` and by
 * the test that keeps the snapshot equal to the vectors.
 */
export interface SnapshotSource {
  /** Catalog feed id. */
  readonly feed: string;
  /** Path below the vectors directory. */
  readonly file: string;
  /** Format of this file (may differ from the live feed's, e.g. endoflife YAML vs API JSON). */
  readonly format:
    | 'flatcar-releases-json'
    | 'glrd-releases-json'
    | 'glrd-releases-yaml'
    | 'gardenlinux-s3-metadata-yaml'
    | 'bottlerocket-changelog-md'
    | 'bottlerocket-release-toml'
    | 'bottlerocket-variants-json'
    | 'bottlerocket-release-history-json'
    | 'endoflife-product-yaml'
    | 'distro-info-csv'
    | 'talos-support-matrix-md'
    | 'k3os-status-json';
  /** Upstream file and commit. */
  readonly origin: string;
  /** Date of the upstream data. */
  readonly asOf: string;
  /** Caveat carried by every value read from the file. */
  readonly note: string;
}

const FLATCAR = 'flatcar/flatcar-website:static/releases-json';
const FLATCAR_COMMIT = '2075ef37b38aa0c217c98f77c76181e1d24b79bb';
const flatcar = (feed: string, file: string, upstream: string, kept: string): SnapshotSource => ({
  feed: `flatcar/${feed}`,
  file: `flatcar/${file}`,
  format: 'flatcar-releases-json',
  origin: `${FLATCAR}/${upstream}@${FLATCAR_COMMIT}`,
  asOf: '2026-08-13',
  note: `trimmed snapshot: ${kept}`,
});

const ENDOFLIFE_COMMIT = 'a70eca337600e7d721dc48112c271f98661d208b';
const endoflife = (product: string, kept: string): SnapshotSource => ({
  feed: `endoflife/${product}`,
  file: `endoflife-date/${product}.products.trimmed.yaml`,
  format: 'endoflife-product-yaml',
  origin: `endoflife-date/endoflife.date:products/${product}.md@${ENDOFLIFE_COMMIT}`,
  asOf: '2026-08-22',
  note: `trimmed snapshot: ${kept}`,
});

const GL_S3 = 'gardenlinux/python-gardenlinux-lib:test-data/release_notes/s3_bucket_artifacts';

/** The snapshot's documents, in {@link CATALOG_FEEDS} order. */
export const SNAPSHOT_SOURCES: readonly SnapshotSource[] = [
  flatcar(
    'releases-stable',
    'releases-stable.trimmed.json',
    'releases-stable.json',
    '4 of 138 keys (1688.5.3, 4593.2.4, 4593.2.5, current)',
  ),
  flatcar(
    'releases-beta',
    'releases-beta.trimmed.json',
    'releases-beta.json',
    '3 of 152 keys (4722.1.0, 4757.1.0, current)',
  ),
  flatcar(
    'releases-alpha',
    'releases-alpha.trimmed.json',
    'releases-alpha.json',
    '3 of 165 keys (4757.0.0, 4790.0.0, current)',
  ),
  flatcar(
    'releases-lts',
    'releases-lts.trimmed.json',
    'releases-lts.json',
    '10 of 66 keys (last release of each LTS stream, 4081.3.0, 4081.3.10, current pointers)',
  ),
  flatcar(
    'releases-lts-2024',
    'releases-lts-2024.trimmed.json',
    'releases-lts-2024.json',
    '4 of 13 keys (4081.3.0, 4081.3.9, 4081.3.10, current-2024)',
  ),
  flatcar(
    'releases-edge',
    'releases-edge.trimmed.json',
    'releases-edge.json',
    '3 of 28 keys (2051.99.1, 2466.99.0, current)',
  ),
  flatcar('releases-all', 'releases-all.trimmed.json', 'releases.json', '8 of 545 keys'),
  {
    feed: 'gardenlinux/glrd-major',
    file: 'gardenlinux/glrd-releases-stable.readme-capture.json',
    format: 'glrd-releases-json',
    origin:
      'gardenlinux/glrd:README.md@0245d74b40b66b4db51306af92a3a7e09512db12 (output of releases-stable.json quoted)',
    asOf: '2025-09',
    note: 'README capture of the older releases-stable.json (type "stable")',
  },
  {
    feed: 'gardenlinux/glrd-minor',
    file: 'gardenlinux/glrd-latest-patch.readme-capture.json',
    format: 'glrd-releases-json',
    origin:
      'gardenlinux/glrd:README.md@0245d74b40b66b4db51306af92a3a7e09512db12 (output of glrd --latest quoted)',
    asOf: '2025-09',
    note: 'README capture: only the latest patch release (patch-1592.1)',
  },
  {
    feed: 'gardenlinux/glrd-input',
    file: 'gardenlinux/releases-input.yaml',
    format: 'glrd-releases-yaml',
    origin: 'gardenlinux/glrd:releases-input.yaml@3e135638c70bcbe8c17ccbbc313f00c94ec96763',
    asOf: '2025-09',
    note: 'whole file',
  },
  {
    feed: 'gardenlinux/s3-aws-gardener_prod-amd64',
    file: 'gardenlinux/aws-gardener_prod-amd64-1877.3.s3_metadata.yaml',
    format: 'gardenlinux-s3-metadata-yaml',
    origin: `${GL_S3}/aws-gardener_prod-amd64.s3_metadata.yaml@2cd0b0c2d6d2996ebdf9debb6f8f2d873455fbf6`,
    asOf: '2025-09-08',
    note: 'copy of the S3 metadata object kept as upstream test data; its sha256 digests are sanitised',
  },
  {
    feed: 'gardenlinux/s3-gcp-gardener_prod-amd64',
    file: 'gardenlinux/gcp-gardener_prod-amd64-1877.3.s3_metadata.yaml',
    format: 'gardenlinux-s3-metadata-yaml',
    origin: `${GL_S3}/gcp-gardener_prod-amd64.s3_metadata.yaml@10efa5d1f09a39667765108b7935d6f7a0af54d1`,
    asOf: '2025-09-08',
    note: 'copy of the S3 metadata object kept as upstream test data; its sha256 digests are sanitised',
  },
  {
    feed: 'bottlerocket/changelog',
    file: 'bottlerocket/CHANGELOG.trimmed.md',
    format: 'bottlerocket-changelog-md',
    origin: 'bottlerocket-os/bottlerocket:CHANGELOG.md@91632ff50cafaae1d5b3710a8f799141b5966595',
    asOf: '2024-10-24',
    note: 'trimmed snapshot: the first 3 of 85 release sections',
  },
  {
    feed: 'bottlerocket/release-toml',
    file: 'bottlerocket/Release.trimmed.toml',
    format: 'bottlerocket-release-toml',
    origin: 'bottlerocket-os/bottlerocket:Release.toml@91632ff50cafaae1d5b3710a8f799141b5966595',
    asOf: '2024-10-24',
    note: 'trimmed snapshot: version and the last 4 migrations',
  },
  {
    feed: 'bottlerocket/variants',
    file: 'bottlerocket/variants.derived.json',
    format: 'bottlerocket-variants-json',
    origin:
      'bottlerocket-os/bottlerocket:variants/*/Cargo.toml, variants/README.md@91632ff50cafaae1d5b3710a8f799141b5966595',
    asOf: '2024-10-24',
    note: 'derived extraction; arches default to x86_64+aarch64 where Cargo.toml names none',
  },
  {
    feed: 'bottlerocket/release-history',
    file: 'bottlerocket/releases-from-changelog.derived.json',
    format: 'bottlerocket-release-history-json',
    origin: 'bottlerocket-os/bottlerocket:CHANGELOG.md@91632ff50cafaae1d5b3710a8f799141b5966595 (headings)',
    asOf: '2024-10-24',
    note: 'derived extraction of all 85 release headings',
  },
  endoflife('ubuntu', '7 of 44 cycles (26.04, 25.10, 24.04, 22.04, 20.04, 18.04, 16.04)'),
  endoflife('debian', '4 of 18 cycles (13, 12, 11, 10)'),
  endoflife('kubernetes', '9 of 21 cycles (1.36 … 1.28)'),
  endoflife('amazon-eks', '10 of 19 cycles (1.36 … 1.28, 1.24)'),
  {
    feed: 'distro-info/ubuntu',
    file: 'ubuntu/distro-info-ubuntu.csv',
    format: 'distro-info-csv',
    origin:
      'alvistack/debian-distro-info-data:ubuntu.csv@034bfe7f4f752a189571c84e4aa27a497ba10cb0 (mirror of Debian distro-info-data)',
    asOf: '2023',
    note: 'old snapshot: ends at 23.04, no eol-esm column',
  },
  {
    feed: 'distro-info/debian',
    file: 'debian/distro-info-debian.csv',
    format: 'distro-info-csv',
    origin:
      'alvistack/debian-distro-info-data:debian.csv@09ed45d1f0cc9d85260998b624f81382ea66baf3 (mirror of Debian distro-info-data)',
    asOf: '2021',
    note: 'old snapshot: bookworm unreleased, bullseye dates are pre-release projections',
  },
  {
    feed: 'talos/support-matrix-v1.11',
    file: 'talos/support-matrix-v1.11.trimmed.md',
    format: 'talos-support-matrix-md',
    origin:
      'siderolabs/talos:website/content/v1.11/introduction/support-matrix.md@66ecbd48fdaf509bbb2b37327eb0e0891dd81910',
    asOf: '2025-08',
    note: 'trimmed snapshot: main table only',
  },
  {
    feed: 'k3os/status',
    file: 'k3os/status.derived.json',
    format: 'k3os-status-json',
    origin:
      'rancher/k3os:README.md@bd291c60b37b1dc90c4f8b879cb5ab4c666254b6, rancher/k3os#854, rancher/k3os#878',
    asOf: '2023-12-08',
    note: 'hand-assembled record citing its sources',
  },
];
