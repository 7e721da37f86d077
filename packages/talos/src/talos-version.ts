/** The Talos minor this adapter renders machine configuration for. */
export const TALOS_MINOR = '1.13';

/** The Talos release rendered when a pool names no `spec.image.version` (newest 1.13 patch known to this release). */
export const TALOS_DEFAULT_VERSION = '1.13.9';

/**
 * The Kubernetes minors Talos 1.13 supports, inclusive (`MinimumKubernetesVersion` 1.31.0 and
 * `MaximumKubernetesVersion` 1.36.99 in `pkg/machinery/compatibility/talos113`).
 */
export const TALOS_KUBERNETES_VERSIONS = { min: '1.31', max: '1.36' } as const;

/** A Talos 1.13 patch version such as `1.13.9` (a leading `v` is accepted). */
export const TALOS_VERSION_PATTERN = /^v?1\.13\.\d+$/;

/** `v1.13.9` from `1.13.9` or `v1.13.9`: Talos tags, installer tags and Image Factory paths carry the `v`. */
export function talosTag(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}
