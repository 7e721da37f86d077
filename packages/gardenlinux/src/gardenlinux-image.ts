import { SpecValidationError, type ImageLineV1, type ImageRef, type NodeImageV1 } from '@kubenode/core';
import {
  DEFAULT_GARDENLINUX_CHANNEL,
  GARDENLINUX_RELEASE_LINES,
  GARDENLINUX_VERSION,
  gardenLinuxReleaseLine,
} from './gardenlinux-releases.js';
import { gardenLinuxFlavorSchema, parseGardenLinuxFlavor } from './gardenlinux-flavor.js';
import type { GardenLinuxTarget } from './gardenlinux-target.js';

/** Garden Linux's OCI repository: every release as an image index, one manifest per cname. */
export const GARDENLINUX_OCI_REPOSITORY = 'ghcr.io/gardenlinux/gardenlinux';
/** Garden Linux's GitHub releases (per-release notes with the cloud image ids). */
export const GARDENLINUX_RELEASES_URL = 'https://github.com/gardenlinux/gardenlinux/releases';
/** The GLRD feed of major releases (lifecycle). */
export const GLRD_MAJOR_RELEASES_URL =
  'https://gardenlinux-glrd.s3.eu-central-1.amazonaws.com/releases-major.json';

function invalid(path: string, message: string): SpecValidationError {
  return new SpecValidationError({
    issues: [{ path: ['spec', 'image', path], code: 'invalid_value', message }],
  });
}

function cloudSource(
  flavor: string,
  arch: string,
  version: string,
): ImageLineV1['sources'][number] | undefined {
  const { platform } = parseGardenLinuxFlavor(flavor);
  const name = `gardenlinux-${flavor}-${arch}-${version}-`;
  if (platform === 'aws')
    return {
      kind: 'cloud-image',
      location: `${name}*`,
      description:
        'AMI name prefix (per region; ids in the release notes and the S3 metadata published_aws_images)',
    };
  if (platform === 'gcp')
    return {
      kind: 'cloud-image',
      location: `projects/sap-se-gcp-gardenlinux/global/images/gardenlinux-gcp-*-${version.replaceAll('.', '-')}-*`,
      description:
        'GCE image in project sap-se-gcp-gardenlinux (exact name in the S3 metadata gcp_image_name)',
    };
  return undefined;
}

/**
 * Garden Linux's facts for a target and its release lines (channels are major releases, e.g.
 * `1877`; a version is `major.minor`). `describe()` gives the release page, the OCI image index
 * (where gardenlinux-update fetches UKIs; per-cname manifests) and, on AWS and GCP, the cloud
 * image lookup. Each artifact's sha256 is published in the release's S3 metadata
 * (`meta/singles/<cname>-<arch>-<version>-<commit>`, read by `@kubenode/catalog`); `_usi` UKIs are
 * cosign-signed in the OCI repository.
 */
export function createGardenLinuxImage(target: GardenLinuxTarget, adapterId = 'gardenlinux'): NodeImageV1 {
  const { flavor } = target;
  const readOnlyRoot = flavor.usi || flavor.flags.includes('_prod');
  return {
    facts: {
      initSystem: 'systemd',
      packageManager: flavor.packageManager,
      immutability: readOnlyRoot ? 'read-only-root' : flavor.gardener ? 'read-only-usr' : 'none',
      abUpdates: target.mode === 'standalone' && flavor.usi,
      sshByDefault: !flavor.gardener,
      containerRuntime: 'containerd',
      provisioningFormat:
        target.format === 'gardener'
          ? 'gardener-operatingsystemconfig'
          : target.format === 'cloud-init'
            ? 'cloud-init'
            : 'ignition',
      maintainer: 'The Garden Linux project (SAP SE and contributors)',
      homepage: 'https://gardenlinux.io',
    },
    channels: GARDENLINUX_RELEASE_LINES.map((line) => line.major),
    defaultChannel: DEFAULT_GARDENLINUX_CHANNEL,
    architectures: ['amd64', 'arm64'],
    describe(ref: ImageRef): ImageLineV1 {
      const channel = ref.channel ?? DEFAULT_GARDENLINUX_CHANNEL;
      const line = gardenLinuxReleaseLine(channel);
      if (!line) {
        throw invalid(
          'channel',
          `unknown Garden Linux release line '${channel}': expected one of ${GARDENLINUX_RELEASE_LINES.map((l) => l.major).join(', ')} (the major version)`,
        );
      }
      if (
        ref.version !== undefined &&
        !(GARDENLINUX_VERSION.test(ref.version) && ref.version.startsWith(`${channel}.`))
      ) {
        throw invalid(
          'version',
          `expected a ${channel} release such as ${line.knownVersion}, got '${ref.version}'`,
        );
      }
      const variant = ref.variant ?? flavor.name;
      if (!gardenLinuxFlavorSchema.safeParse(variant).success) {
        throw invalid(
          'variant',
          `expected a Garden Linux flavour such as aws-gardener_prod, got '${variant}'`,
        );
      }
      const version = ref.version ?? line.knownVersion;
      const cloud = cloudSource(variant, ref.arch, version);
      return {
        distro: adapterId,
        channel,
        version,
        arch: ref.arch,
        variant,
        sources: [
          {
            kind: 'url',
            location: `${GARDENLINUX_RELEASES_URL}/tag/${version}`,
            description: 'release notes with the published cloud image ids and the changed packages',
          },
          {
            kind: 'registry',
            location: `${GARDENLINUX_OCI_REPOSITORY}:${version}`,
            description: `OCI image index; the manifest annotated cname ${variant}-${ref.arch} carries the image artifacts (and, for _usi, the UKI gardenlinux-update installs)`,
          },
          ...(cloud ? [cloud] : []),
        ],
        verification: {},
      };
    },
  };
}
