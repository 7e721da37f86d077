import { SpecValidationError, type ImageLineV1, type ImageRef, type NodeImageV1 } from '@kubenode/core';
import { parseBottlerocketVariant } from './bottlerocket-variant.js';

const ARCH: Record<ImageRef['arch'], string> = { amd64: 'x86_64', arm64: 'aarch64' };

/**
 * Bottlerocket's facts and image lines. There are no channels: every variant has one TUF
 * repository whose waves spread a release over about a week; `stable` stands for it.
 */
export const bottlerocketImage: NodeImageV1 = {
  facts: {
    initSystem: 'systemd',
    packageManager: null,
    immutability: 'read-only-root',
    abUpdates: true,
    sshByDefault: false,
    containerRuntime: 'containerd',
    provisioningFormat: 'Bottlerocket settings TOML (user data)',
    maintainer: 'Amazon Web Services',
    homepage: 'https://bottlerocket.dev',
  },
  channels: ['stable'],
  defaultChannel: 'stable',
  architectures: ['amd64', 'arm64'],
  describe(ref: ImageRef): ImageLineV1 {
    const channel = ref.channel ?? 'stable';
    const problem = (path: string[], message: string) =>
      new SpecValidationError({ issues: [{ path, code: 'invalid_value', message }] });
    if (channel !== 'stable')
      throw problem(['spec', 'image', 'channel'], 'Bottlerocket has no channels; use stable (or omit it)');
    const arch = ARCH[ref.arch];
    const version = ref.version ?? 'latest';
    if (ref.variant === undefined) {
      // Every Bottlerocket image belongs to a variant; without one, point at where they are listed.
      return {
        distro: 'bottlerocket',
        channel,
        version,
        arch: ref.arch,
        sources: [
          {
            kind: 'url',
            location: 'https://bottlerocket.dev/en/os/latest/#/concepts/variants/',
            description: `images are published per variant (aws-k8s-*, metal-k8s-*, vmware-k8s-*) for ${arch}: name one in spec.image.variant`,
          },
        ],
        verification: { signingKey: 'https://cache.bottlerocket.aws/root.json' },
      };
    }
    const variant = parseBottlerocketVariant(ref.variant);
    if (!variant)
      throw problem(['spec', 'image', 'variant'], `'${ref.variant}' is not a Bottlerocket variant name`);
    const tuf = `https://updates.bottlerocket.aws/2020-07-07/${variant.name}/${arch}/`;
    const sources: ImageLineV1['sources'] =
      variant.platform === 'aws'
        ? [
            {
              kind: 'cloud-image',
              location: `/aws/service/bottlerocket/${variant.name}/${arch}/${version}/image_id`,
              description: 'AMI id from the public SSM parameter (aws ssm get-parameter --name ...)',
            },
          ]
        : [
            {
              kind: 'url',
              location: tuf,
              description: `TUF repository of ${variant.name}: download the ${variant.platform === 'vmware' ? 'OVA' : 'disk image'} with tuftool (targets under https://updates.bottlerocket.aws/targets/)`,
            },
          ];
    return {
      distro: 'bottlerocket',
      channel,
      version,
      arch: ref.arch,
      variant: variant.name,
      sources,
      // Images and updates are TUF targets, verified against the published TUF root.
      verification: { signingKey: 'https://cache.bottlerocket.aws/root.json' },
    };
  },
};
