import type { Architecture } from '@kubenode/core';
import type { CatalogDistroId } from './catalog-distro.js';
import type { CatalogSource, Sourced } from './catalog-source.js';

/** A provider image of a release (an AMI in a region, a GCP image). */
export interface CloudImage {
  /** `aws`, `gcp`, ... */
  readonly provider: string;
  /** Region, for providers with regional images. */
  readonly region?: string;
  /** The image id or name to launch (`ami-…`, a GCP image name). */
  readonly id: string;
  /** The provider project holding the image (GCP). */
  readonly project?: string;
  readonly source: CatalogSource;
}

/** A downloadable artifact of a release with the digests its metadata lists. */
export interface ReleaseArtifact {
  readonly name: string;
  /** Where it is stored (`s3://bucket/key` or a URL). */
  readonly location: string;
  readonly digests: Readonly<Partial<Record<'md5' | 'sha256' | 'sha512', string>>>;
  /** Problems with the listed digests (e.g. a digest of empty input), which make them unusable. */
  readonly digestIssues: readonly string[];
  readonly source: CatalogSource;
}

/** One released image version, merged across every feed that lists it. */
export interface CatalogRelease {
  readonly distro: CatalogDistroId;
  /** The stream the release belongs to (`stable`, `lts-2024`, `1592`, `12`, ...); `all` for Bottlerocket. */
  readonly stream: string;
  readonly version: string;
  /** Release dates, one per source that states one (ISO 8601 date or date-time). */
  readonly releaseDates: readonly Sourced<string>[];
  readonly architectures: readonly Architecture[];
  /** Component versions (kernel, containerd, docker, systemd, ...), open-ended. */
  readonly components: Readonly<Record<string, readonly string[]>>;
  readonly cloudImages: readonly CloudImage[];
  readonly artifacts: readonly ReleaseArtifact[];
  /** Every record this release was read from. */
  readonly sources: readonly CatalogSource[];
}
