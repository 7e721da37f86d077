import type { Architecture } from '@kubenode/core';

/** An image request: distro plus the fields of a NodePool's `spec.image`. */
export interface ImageQuery {
  readonly distro: string;
  /** Channel, stream or alias (`stable`, `lts-2024`, `bookworm`, `24.04`, `1592`, `1.11`). */
  readonly channel?: string;
  /** A pinned version; the newest of the stream when omitted. */
  readonly version?: string;
  readonly arch?: Architecture;
  /** Bottlerocket variant (also accepted as `channel`). */
  readonly variant?: string;
}
