import type { Architecture } from '@kubenode/core';
import type { CatalogDistroId } from './catalog-distro.js';
import type { Sourced } from './catalog-source.js';
import type { LifecycleDate } from './lifecycle-date.js';

/**
 * What a stream is: a moving release `channel` (Flatcar stable), a `channel-major` (one major
 * version within a channel, the unit Flatcar support is defined on), an `lts-stream`, a `major`
 * version (Garden Linux 1592), a `release-cycle` (Debian 12, Ubuntu 24.04), a `variant`
 * (Bottlerocket aws-k8s-1.31) or a `minor` (Talos 1.11, k3OS v0.22).
 */
export type StreamKind =
  'channel' | 'channel-major' | 'lts-stream' | 'major' | 'release-cycle' | 'variant' | 'minor';

/** Lifecycle facts of a stream: every dated milestone from every source, plus status and successor. */
export interface StreamLifecycle {
  /** All dates, from all sources; disagreeing sources appear side by side. */
  readonly dates: readonly LifecycleDate[];
  /** An explicit end-of-life status (discontinued channel, deprecated variant, abandoned distro). */
  readonly endOfLifeStatus?: Sourced<string>;
  /** What replaces the stream, when a source names it. */
  readonly successor?: Sourced<string>;
  /** Free-text lifecycle statements with their sources. */
  readonly notes: readonly Sourced<string>[];
}

/** Kubernetes facts of a stream whose image is tied to a Kubernetes minor. */
export interface StreamKubernetes {
  /** The kubelet minor the image ships (Bottlerocket variant, k3OS bundled k3s). */
  readonly kubeletMinor?: Sourced<string>;
  /** Control-plane minors the image supports, as stated by the source. */
  readonly supportedMinors?: Sourced<readonly string[]>;
}

/** One image line of a distro: the unit lifecycle and "latest" are defined on. */
export interface CatalogStream {
  readonly distro: CatalogDistroId;
  /** Stream id, unique per distro: `stable`, `stable-4593`, `lts-2024`, `12`, `24.04`, `aws-k8s-1.31`, `1592`, `1.11`. */
  readonly id: string;
  readonly kind: StreamKind;
  /** Human title, e.g. `Debian 12 (Bookworm)`. */
  readonly title: string;
  /** Other names that select this stream (`bookworm`, `noble`, `lts`). */
  readonly aliases: readonly string[];
  /** Architectures images are published for, with the source that says so. */
  readonly architectures: Sourced<readonly Architecture[]> | undefined;
  readonly lifecycle: StreamLifecycle;
  readonly kubernetes?: StreamKubernetes;
  /** Further facts (kernel series, cgroup version, image format, ...), each with its source. */
  readonly attributes: Readonly<Record<string, Sourced<string | number | boolean | readonly string[]>>>;
}
