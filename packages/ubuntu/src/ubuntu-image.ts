import { SpecValidationError, type ImageLineV1, type ImageRef, type NodeImageV1 } from '@kubenode/core';

/** The Ubuntu LTS releases the adapter supports, newest first, with their cloud-image details. */
export const UBUNTU_RELEASES = {
  noble: {
    version: '24.04',
    awsVolume: 'ebs-gp3',
    gceFamily: { amd64: 'ubuntu-2404-lts-amd64', arm64: 'ubuntu-2404-lts-arm64' },
    azure: 'Canonical:ubuntu-24_04-lts:server:latest',
  },
  jammy: {
    version: '22.04',
    awsVolume: 'ebs-gp2',
    gceFamily: { amd64: 'ubuntu-2204-lts', arm64: 'ubuntu-2204-lts-arm64' },
    azure: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest',
  },
} as const;

/** Ubuntu's image channels: release codenames. */
export const UBUNTU_CHANNELS = Object.keys(UBUNTU_RELEASES) as (keyof typeof UBUNTU_RELEASES)[];

/** The key that signs Ubuntu cloud images' SHA256SUMS (Ubuntu package ubuntu-cloudimage-keyring). */
export const UBUNTU_CLOUD_IMAGE_SIGNING_KEY =
  'Ubuntu Cloud Image Builder <ubuntu-cloudbuilder-noreply@canonical.com>, in the ubuntu-cloudimage-keyring package';

function invalid(path: string[], message: string): SpecValidationError {
  return new SpecValidationError({
    issues: [{ path: ['spec', 'image', ...path], code: 'invalid_value', message }],
  });
}

/**
 * Ubuntu's image facts and cloud images: `https://cloud-images.ubuntu.com/releases/<codename>/release[-<serial>]/`
 * (`minimal/releases/...` for the `minimal` variant) with `SHA256SUMS` and its detached
 * signature `SHA256SUMS.gpg`, plus the AWS SSM parameter, GCE image family and Azure URN of the
 * same release.
 */
export const UBUNTU_IMAGE: NodeImageV1 = {
  facts: {
    initSystem: 'systemd',
    packageManager: 'apt',
    immutability: 'none',
    abUpdates: false,
    sshByDefault: true,
    containerRuntime: 'containerd (the archive package, installed at first boot)',
    provisioningFormat: 'cloud-config',
    maintainer: 'Canonical',
    homepage: 'https://ubuntu.com/server',
  },
  channels: UBUNTU_CHANNELS,
  defaultChannel: 'noble',
  architectures: ['amd64', 'arm64'],
  describe(ref: ImageRef): ImageLineV1 {
    const channel = ref.channel ?? 'noble';
    if (!Object.hasOwn(UBUNTU_RELEASES, channel)) {
      throw invalid(
        ['channel'],
        `unknown Ubuntu channel '${channel}': expected ${UBUNTU_CHANNELS.join(', ')}`,
      );
    }
    const release = UBUNTU_RELEASES[channel as keyof typeof UBUNTU_RELEASES];
    if (ref.variant !== undefined && ref.variant !== 'minimal') {
      throw invalid(['variant'], `unknown Ubuntu image variant '${ref.variant}': expected minimal, or none`);
    }
    if (ref.version !== undefined && !/^\d{8}(\.\d+)?$/.test(ref.version)) {
      throw invalid(
        ['version'],
        `expected an Ubuntu cloud image serial such as 20241004, got '${ref.version}'`,
      );
    }
    const flavour = ref.variant === 'minimal' ? 'minimal' : 'server';
    const base = `https://cloud-images.ubuntu.com/${ref.variant === 'minimal' ? 'minimal/' : ''}releases/${channel}/release${ref.version === undefined ? '' : `-${ref.version}`}/`;
    return {
      distro: 'ubuntu',
      channel,
      version: ref.version ?? 'latest',
      arch: ref.arch,
      ...(ref.variant === undefined ? {} : { variant: ref.variant }),
      sources: [
        {
          kind: 'url',
          location: `${base}ubuntu-${release.version}-${flavour}-cloudimg-${ref.arch}.img`,
          description: 'qcow2 cloud image (cloud-init, NoCloud/OpenStack/...)',
        },
        // The public clouds' images are the server flavour.
        ...(ref.variant === 'minimal'
          ? []
          : [
              {
                kind: 'cloud-image' as const,
                location: `/aws/service/canonical/ubuntu/server/${release.version}/stable/current/${ref.arch}/hvm/${release.awsVolume}/ami-id`,
                description: 'AWS: SSM parameter holding the current AMI id',
              },
              {
                kind: 'cloud-image' as const,
                location: `projects/ubuntu-os-cloud/global/images/family/${release.gceFamily[ref.arch]}`,
                description: 'GCE: image family',
              },
              ...(ref.arch === 'amd64'
                ? [
                    {
                      kind: 'cloud-image' as const,
                      location: release.azure,
                      description: 'Azure: marketplace image URN',
                    },
                  ]
                : []),
            ]),
      ],
      verification: {
        checksumUrl: `${base}SHA256SUMS`,
        signatureUrl: `${base}SHA256SUMS.gpg`,
        signingKey: UBUNTU_CLOUD_IMAGE_SIGNING_KEY,
      },
    };
  },
};
