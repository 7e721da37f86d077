import { SpecValidationError, type ImageLineV1, type ImageRef, type NodeImageV1 } from '@kubenode/core';

/** The Debian releases the adapter supports, with their version number. */
export const DEBIAN_RELEASES = { bookworm: '12', trixie: '13' } as const;

/** Debian's image channels: release codenames, oldest supported first (bookworm is the default). */
export const DEBIAN_CHANNELS = Object.keys(DEBIAN_RELEASES) as (keyof typeof DEBIAN_RELEASES)[];

/** The Debian cloud image variants (cloud.debian.org/images/cloud): genericcloud has no hardware drivers. */
export const DEBIAN_IMAGE_VARIANTS = ['genericcloud', 'generic', 'nocloud', 'ec2', 'azure'] as const;

function invalid(path: string[], message: string): SpecValidationError {
  return new SpecValidationError({
    issues: [{ path: ['spec', 'image', ...path], code: 'invalid_value', message }],
  });
}

/**
 * Debian's image facts and official cloud images:
 * `https://cloud.debian.org/images/cloud/<codename>/<serial|latest>/debian-<n>-<variant>-<arch>[-<serial>].qcow2`
 * with `SHA512SUMS` beside it, plus the AWS SSM parameter, GCE image family and Azure URN of the
 * release.
 */
export const DEBIAN_IMAGE: NodeImageV1 = {
  facts: {
    initSystem: 'systemd',
    packageManager: 'apt',
    immutability: 'none',
    abUpdates: false,
    sshByDefault: true,
    containerRuntime:
      'containerd (the Debian package, installed at first boot or built into kubenode images)',
    provisioningFormat: 'cloud-config',
    maintainer: 'The Debian Project (cloud team)',
    homepage: 'https://www.debian.org',
  },
  channels: DEBIAN_CHANNELS,
  defaultChannel: 'bookworm',
  architectures: ['amd64', 'arm64'],
  describe(ref: ImageRef): ImageLineV1 {
    const channel = ref.channel ?? 'bookworm';
    if (!Object.hasOwn(DEBIAN_RELEASES, channel)) {
      throw invalid(
        ['channel'],
        `unknown Debian channel '${channel}': expected ${DEBIAN_CHANNELS.join(', ')}`,
      );
    }
    const number = DEBIAN_RELEASES[channel as keyof typeof DEBIAN_RELEASES];
    const variant = ref.variant ?? 'genericcloud';
    if (!(DEBIAN_IMAGE_VARIANTS as readonly string[]).includes(variant)) {
      throw invalid(
        ['variant'],
        `unknown Debian image variant '${variant}': expected ${DEBIAN_IMAGE_VARIANTS.join(', ')}`,
      );
    }
    if (ref.version !== undefined && !/^\d{8}-\d+$/.test(ref.version)) {
      throw invalid(
        ['version'],
        `expected a Debian cloud image serial such as 20250210-2019, got '${ref.version}'`,
      );
    }
    const base = `https://cloud.debian.org/images/cloud/${channel}/${ref.version ?? 'latest'}/`;
    const file = `debian-${number}-${variant}-${ref.arch}${ref.version === undefined ? '' : `-${ref.version}`}`;
    return {
      distro: 'debian',
      channel,
      version: ref.version ?? 'latest',
      arch: ref.arch,
      variant,
      sources: [
        { kind: 'url', location: `${base}${file}.qcow2`, description: 'qcow2 cloud image (cloud-init)' },
        { kind: 'url', location: `${base}${file}.raw`, description: 'raw disk image' },
        {
          kind: 'cloud-image',
          location: `/aws/service/debian/release/${channel}/latest/${ref.arch}`,
          description: 'AWS: SSM parameter holding the current AMI id',
        },
        {
          kind: 'cloud-image',
          location: `projects/debian-cloud/global/images/family/debian-${number}${ref.arch === 'arm64' ? '-arm64' : ''}`,
          description: 'GCE: image family',
        },
        {
          kind: 'cloud-image',
          location: `Debian:debian-${number}:${number}-${ref.arch === 'arm64' ? 'arm64' : 'gen2'}:latest`,
          description: 'Azure: marketplace image URN',
        },
      ],
      verification: { checksumUrl: `${base}SHA512SUMS` },
    };
  },
};
