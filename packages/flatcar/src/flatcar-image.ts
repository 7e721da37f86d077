import { SpecValidationError, type ImageLineV1, type ImageRef, type NodeImageV1 } from '@kubenode/core';

/** Flatcar's release channels. */
export const FLATCAR_CHANNELS = ['stable', 'beta', 'alpha', 'lts'] as const;

/** The key that signs Flatcar release images (rotated yearly; the page lists the current one). */
export const FLATCAR_IMAGE_SIGNING_KEY = 'https://www.flatcar.org/security/image-signing-key/';

function invalid(path: string[], message: string): SpecValidationError {
  return new SpecValidationError({
    issues: [{ path: ['spec', 'image', ...path], code: 'invalid_value', message }],
  });
}

/**
 * Flatcar's image facts and release URLs: `https://<channel>.release.flatcar-linux.net/<arch>-usr/<version>/`
 * (`current` when the pool names no version), with a `.DIGESTS` checksum file and a detached GPG
 * `.sig` per image.
 */
export const FLATCAR_IMAGE: NodeImageV1 = {
  facts: {
    initSystem: 'systemd',
    packageManager: null,
    immutability: 'read-only-usr',
    abUpdates: true,
    sshByDefault: true,
    containerRuntime: 'containerd',
    provisioningFormat: 'ignition',
    maintainer: 'The Flatcar Container Linux project (CNCF)',
    homepage: 'https://www.flatcar.org',
  },
  channels: FLATCAR_CHANNELS,
  defaultChannel: 'stable',
  architectures: ['amd64', 'arm64'],
  describe(ref: ImageRef): ImageLineV1 {
    const channel = ref.channel ?? 'stable';
    if (!(FLATCAR_CHANNELS as readonly string[]).includes(channel)) {
      throw invalid(
        ['channel'],
        `unknown Flatcar channel '${channel}': expected ${FLATCAR_CHANNELS.join(', ')}`,
      );
    }
    if (ref.variant !== undefined) {
      throw invalid(
        ['variant'],
        'Flatcar has no image variants; platforms differ only by OEM image (omit variant)',
      );
    }
    if (ref.version !== undefined && !/^\d+\.\d+\.\d+$/.test(ref.version)) {
      throw invalid(['version'], `expected a Flatcar version such as 4459.2.1, got '${ref.version}'`);
    }
    const version = ref.version ?? 'current';
    const base = `https://${channel}.release.flatcar-linux.net/${ref.arch}-usr/${version}/`;
    const image = `${base}flatcar_production_image.bin.bz2`;
    return {
      distro: 'flatcar',
      channel,
      version,
      arch: ref.arch,
      sources: [
        {
          kind: 'url',
          location: image,
          description: 'raw disk image (bzip2) for flatcar-install and bare metal',
        },
        {
          kind: 'url',
          location: `${base}flatcar_production_qemu_image.img`,
          description: 'QEMU qcow2 disk image',
        },
        {
          kind: 'url',
          location: `${base}version.txt`,
          description: 'release metadata (FLATCAR_VERSION, FLATCAR_BUILD)',
        },
      ],
      verification: {
        checksumUrl: `${image}.DIGESTS`,
        signatureUrl: `${image}.sig`,
        signingKey: FLATCAR_IMAGE_SIGNING_KEY,
      },
    };
  },
};
