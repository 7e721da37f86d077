import type { Architecture } from '@kubenode/core';
import type { CatalogSource } from '../model/catalog-source.js';
import { curatedSource } from './curated-source.js';

/**
 * Architectures of distros whose feeds do not state them (lifecycle-only feeds such as
 * endoflife.date). General knowledge, marked as such.
 */
export const DISTRO_ARCHITECTURE_FACTS: Readonly<
  Record<
    'debian' | 'ubuntu' | 'k3os',
    { readonly architectures: readonly Architecture[]; readonly source: CatalogSource }
  >
> = {
  debian: {
    architectures: ['amd64', 'arm64'],
    source: curatedSource(
      'architectures',
      'https://cloud.debian.org/images/cloud/',
      'knowledge',
      '',
      'cloud images for amd64 and arm64',
    ),
  },
  ubuntu: {
    architectures: ['amd64', 'arm64'],
    source: curatedSource(
      'architectures',
      'https://cloud-images.ubuntu.com/',
      'knowledge',
      '',
      'server cloud images for amd64 and arm64',
    ),
  },
  k3os: {
    architectures: ['amd64', 'arm64'],
    source: curatedSource(
      'architectures',
      'https://github.com/rancher/k3os/releases',
      'knowledge',
      '',
      'release assets per architecture',
    ),
  },
};
