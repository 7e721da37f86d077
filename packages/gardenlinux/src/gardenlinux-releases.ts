/** What the adapter knows about one Garden Linux major release line without a feed. */
export interface GardenLinuxReleaseLine {
  /** The major version, used as the image channel (`1877`). */
  readonly major: string;
  /** The newest minor release the adapter's sources name (`1877.3`). */
  readonly knownVersion: string;
  /** Release date of the major (GLRD). */
  readonly released: string;
  /** End of maintenance (GLRD), when known. */
  readonly endOfLife?: string;
  /** The Linux kernel line the release ships. */
  readonly kernel: string;
  /** The cloud-init release the Debian testing snapshot under the release carries. */
  readonly cloudInit: string;
  /** The containerd release line Garden Linux builds for the release (package-containerd). */
  readonly containerd: string;
  /** Whether `_usi` flavours (in-place updates with gardenlinux-update) are published. */
  readonly usiFlavours: boolean;
}

/**
 * Garden Linux major release lines, newest first. Sources: GLRD (`releases-stable.json`,
 * lifecycle dates of 1443 and 1592), the 1877.3 release notes and S3 metadata (kernel 6.12.44,
 * `_usi` flavours with AMIs in 21 regions), gardenlinux/gardenlinux issues on containerd updates
 * (1877 carries containerd 2.1, moving to 2.2 from 1877.18; 1592 carries 1.7). 1877 is built from
 * a Debian testing snapshot of May 2025 (trixie's freeze; its dpkg, gnutls and sqlite versions
 * match), whose cloud-init is 25.1.x. `knownVersion` is the newest release the adapter's test
 * vectors name; newer minors and majors come from `@kubenode/catalog`.
 */
export const GARDENLINUX_RELEASE_LINES: readonly GardenLinuxReleaseLine[] = [
  {
    major: '1877',
    knownVersion: '1877.3',
    released: '2025-05',
    kernel: '6.12',
    cloudInit: '25.1',
    containerd: '2.1',
    usiFlavours: true,
  },
  {
    major: '1592',
    knownVersion: '1592.1',
    released: '2024-08-12',
    endOfLife: '2025-08-12',
    kernel: '6.6',
    cloudInit: '24.1',
    containerd: '1.7',
    usiFlavours: false,
  },
  {
    major: '1443',
    knownVersion: '1443.3',
    released: '2024-03-13',
    endOfLife: '2025-01-13',
    kernel: '6.6',
    cloudInit: '24.1',
    containerd: '1.7',
    usiFlavours: false,
  },
];

/** The release line the adapter uses when a pool names none. */
export const DEFAULT_GARDENLINUX_CHANNEL = '1877';

/** The release line of a channel, or undefined for an unknown one. */
export function gardenLinuxReleaseLine(channel: string): GardenLinuxReleaseLine | undefined {
  return GARDENLINUX_RELEASE_LINES.find((line) => line.major === channel);
}

/** A Garden Linux version: `major.minor` before 2017, `major.minor.patch` from 2017.0.0 on. */
export const GARDENLINUX_VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Compares two Garden Linux versions numerically (negative, zero or positive). */
export function compareGardenLinuxVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
