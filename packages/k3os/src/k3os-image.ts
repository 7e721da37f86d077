import { SpecValidationError, type ImageLineV1, type ImageRef, type NodeImageV1 } from '@kubenode/core';
import { K3OS_LATEST_RELEASE } from './k3os-release.js';

/** k3OS facts and its (frozen) image line: GitHub release ISOs of rancher/k3os. */
export const k3osImage: NodeImageV1 = {
  facts: {
    initSystem: 'openrc',
    packageManager: null,
    immutability: 'read-only-usr',
    abUpdates: false,
    sshByDefault: true,
    containerRuntime: 'containerd (bundled in k3s)',
    provisioningFormat: 'k3OS config.yaml (cloud-init-like YAML)',
    maintainer: 'none: end of life (Rancher Labs / SUSE until 2023; successor Elemental)',
    homepage: 'https://github.com/rancher/k3os',
  },
  channels: ['stable'],
  defaultChannel: 'stable',
  architectures: ['amd64', 'arm64'],
  describe(ref: ImageRef): ImageLineV1 {
    const channel = ref.channel ?? 'stable';
    if (channel !== 'stable') {
      throw new SpecValidationError({
        issues: [
          {
            path: ['spec', 'image', 'channel'],
            code: 'invalid_value',
            message: 'k3OS has one (frozen) line of releases: use stable',
          },
        ],
      });
    }
    const version = ref.version ?? K3OS_LATEST_RELEASE;
    if (!/^v0\.\d+\.\d+(-k3s\d+r\d+)?$/.test(version)) {
      throw new SpecValidationError({
        issues: [
          {
            path: ['spec', 'image', 'version'],
            code: 'invalid_value',
            message: 'expected a k3OS release tag such as v0.22.2-k3s2r0',
          },
        ],
      });
    }
    return {
      distro: 'k3os',
      channel,
      version,
      arch: ref.arch,
      sources: [
        {
          kind: 'url',
          location: `https://github.com/rancher/k3os/releases/download/${version}/k3os-${ref.arch}.iso`,
          description: 'installer and live ISO (remaster it with kubenode build to embed config.yaml)',
        },
      ],
      verification: {},
    };
  },
};
