import type { Architecture, ImageRef } from '../../node-pool/image-ref-schema.js';

/** Facts about a node OS, as data for comparison and planning. */
export interface DistroFactsV1 {
  /** Init system. */
  readonly initSystem: 'systemd' | 'openrc' | 'machined' | 'other';
  /** Package manager on the node, or null when there is none. */
  readonly packageManager: string | null;
  /** What is immutable at run time. */
  readonly immutability: 'none' | 'read-only-usr' | 'read-only-root';
  /** Whether OS updates switch between A/B partitions. */
  readonly abUpdates: boolean;
  /** Whether an SSH server runs by default. */
  readonly sshByDefault: boolean;
  /** The container runtime the image ships. */
  readonly containerRuntime: string;
  /** The provisioning format the OS reads at first boot. */
  readonly provisioningFormat: string;
  /** Who maintains the OS. */
  readonly maintainer: string;
  /** Project home page. */
  readonly homepage: string;
}

/** Where an image can be fetched from. */
export interface ImageSourceV1 {
  /** `url` for a download, `cloud-image` for a provider image id or lookup, `registry` for an OCI image. */
  readonly kind: 'url' | 'cloud-image' | 'registry';
  /** The URL, image id pattern or reference. */
  readonly location: string;
  /** What the artifact is, e.g. "qcow2 disk", "AMI lookup". */
  readonly description: string;
}

/** How a downloaded image can be verified. */
export interface ImageVerificationV1 {
  /** URL of a checksum file (DIGESTS, SHA256SUMS, ...). */
  readonly checksumUrl?: string;
  /** URL of a detached signature. */
  readonly signatureUrl?: string;
  /** The signing key's fingerprint or URL. */
  readonly signingKey?: string;
}

/** One image line: distro, channel, version and architecture, with where it comes from. */
export interface ImageLineV1 {
  readonly distro: string;
  readonly channel: string;
  /** Version; `latest` when the ref named none and the distro has a moving pointer. */
  readonly version: string;
  readonly arch: Architecture;
  /** Variant or flavour, where the distro has them. */
  readonly variant?: string;
  readonly sources: readonly ImageSourceV1[];
  readonly verification: ImageVerificationV1;
}

/**
 * What the OS is and which image lines exist. Release data (kernel, lifecycle, EOL) comes from
 * `@kubenode/catalog`; this interface carries what the adapter knows without a feed.
 */
export interface NodeImageV1 {
  readonly facts: DistroFactsV1;
  /** Channels or streams, newest-first or in the distro's own order. */
  readonly channels: readonly string[];
  /** The channel used when a pool names none. */
  readonly defaultChannel: string;
  /** Architectures images are published for. */
  readonly architectures: readonly Architecture[];
  /**
   * Describes the image line a pool's `spec.image` names: download or cloud-image sources and
   * verification. Pure.
   *
   * @throws {SpecValidationError} when the channel, architecture or variant does not exist.
   */
  describe(ref: ImageRef): ImageLineV1;
}
