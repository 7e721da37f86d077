/** The Ignition config spec versions this package reads and writes (stable releases only). */
export const IGNITION_SPEC_VERSIONS = ['3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0', '3.5.0'] as const;

/** One supported Ignition spec version. */
export type IgnitionSpecVersion = (typeof IGNITION_SPEC_VERSIONS)[number];

/**
 * The default output version: 3.3.0 is what Butane `variant: flatcar` 1.0.0 targets, what every
 * Flatcar release since 3185.0.0 reads and the newest spec Debian bookworm's `ignition-validate`
 * (2.14) checks.
 */
export const DEFAULT_IGNITION_SPEC_VERSION: IgnitionSpecVersion = '3.3.0';

/** True for a supported, stable spec version string (experimental versions are never accepted). */
export function isIgnitionSpecVersion(value: unknown): value is IgnitionSpecVersion {
  return typeof value === 'string' && (IGNITION_SPEC_VERSIONS as readonly string[]).includes(value);
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareSpecVersions(a: IgnitionSpecVersion, b: IgnitionSpecVersion): number {
  return IGNITION_SPEC_VERSIONS.indexOf(a) - IGNITION_SPEC_VERSIONS.indexOf(b);
}

/** True when `version` is `minimum` or newer. */
export function specAtLeast(version: IgnitionSpecVersion, minimum: IgnitionSpecVersion): boolean {
  return compareSpecVersions(version, minimum) >= 0;
}
