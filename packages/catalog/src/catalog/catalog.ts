import type { CatalogData, KubernetesCycle } from '../assemble/catalog-data.js';
import type { AssessLifecycleOptions, LifecycleAssessment } from '../lifecycle/assess-lifecycle.js';
import type { CatalogDistroId } from '../model/catalog-distro.js';
import type { CatalogRelease } from '../model/catalog-release.js';
import type { CatalogStream } from '../model/catalog-stream.js';
import type { ImageQuery } from './image-query.js';
import type { ResolvedImage } from './resolved-image.js';

/**
 * The image catalog: image lines (streams) and releases of every distro, their lifecycle and
 * Kubernetes facts, each value with its source. Created by {@link createCatalog}; pure queries,
 * the clock is injected.
 */
export interface Catalog {
  /** Everything the catalog holds. */
  readonly data: CatalogData;
  /** The clock lifecycle queries use when no `now` is passed. */
  readonly now: () => Date;
  /** Distros with data, in the catalog's order. */
  distros(): readonly CatalogDistroId[];
  /** Streams of one distro, or of all. */
  streams(distro?: string): readonly CatalogStream[];
  /**
   * One stream by id or alias (`bookworm`, `noble`). For Flatcar, `stable-<major>` style ids
   * exist for every major, also those the data only implies.
   *
   * @throws {NoSuchImageError} when the distro or stream is unknown.
   */
  stream(distro: string, idOrAlias: string): CatalogStream;
  /** Releases of a distro, optionally of one stream, oldest first. */
  releases(distro: string, stream?: string): readonly CatalogRelease[];
  /**
   * Resolves an image reference to its stream and release.
   *
   * @throws {NoSuchImageError} naming the field that matches nothing.
   */
  resolve(query: ImageQuery): ResolvedImage;
  /**
   * The newest release for distro + channel (or variant) + architecture.
   *
   * @throws {NoSuchImageError} when nothing matches or the stream has no release in the data.
   */
  latest(query: Omit<ImageQuery, 'version'>): CatalogRelease;
  /** The lifecycle state of a stream at `now` (the catalog's clock by default). */
  lifecycle(stream: CatalogStream, options?: Partial<AssessLifecycleOptions>): LifecycleAssessment;
  /** Upstream Kubernetes lifecycle of a minor (`1.33`). */
  kubernetesCycle(minor: string): KubernetesCycle | undefined;
  /** Amazon EKS lifecycle of a minor. */
  eksCycle(minor: string): KubernetesCycle | undefined;
}
