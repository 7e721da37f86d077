import type { DistroAdapterV1 } from '@kubenode/core';
import fc from 'fast-check';
import type { FuzzSubject } from './fuzz-subject.js';
import { readCloudConfigResult } from './read-cloud-config-result.js';
import { supportedFeatures } from './supported-features.js';

/**
 * A Debian-family adapter (Debian, Ubuntu: the same cloud-config renderer in core and the same
 * adapter options), judged by Debian's cloud-init schema validator.
 */
export function debianFamilySubject(
  adapterId: 'debian' | 'ubuntu',
  create: () => DistroAdapterV1,
): FuzzSubject {
  const path = (...rest: string[]) => ['spec', 'adapterOptions', adapterId, ...rest];
  return {
    id: adapterId,
    adapterId,
    create,
    profile: {
      distro: adapterId,
      supported: supportedFeatures(create().capabilities),
      kubernetesMinors: ['1.28', '1.30', '1.32', '1.34', '1.35'],
      adapterOptions: fc.option(
        fc
          .record(
            {
              keepDefaultUser: fc.boolean(),
              ntpClient: fc.constantFrom('auto', 'chrony', 'systemd-timesyncd'),
              kubernetesRepository: fc.record(
                {
                  url: fc.constantFrom(
                    'https://pkgs.k8s.io/core:/stable:/v{minor}/deb/',
                    'https://mirror.example/k8s/$(id)/`x`;#/',
                    'https://mirror.example/a%20b/',
                  ),
                  packageRevision: fc.constantFrom('1.1', '2.0+x~1'),
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          )
          .map((options) => ({ [adapterId]: options })),
        { nil: undefined },
      ),
    },
    invalidOptions: fc.constantFrom(
      {
        options: { [adapterId]: { kubernetesRepository: { url: 'ftp://x.example/' } } },
        path: path('kubernetesRepository', 'url'),
      },
      {
        options: { [adapterId]: { kubernetesRepository: { url: 'https://x.example/ a/' } } },
        path: path('kubernetesRepository', 'url'),
      },
      {
        options: { [adapterId]: { kubernetesRepository: { packageRevision: '1.1\nrm' } } },
        path: path('kubernetesRepository', 'packageRevision'),
      },
      {
        options: { [adapterId]: { kubernetesRepository: { key: 'not a key' } } },
        path: path('kubernetesRepository', 'key'),
      },
      {
        options: { [adapterId]: { ntpClient: 'ntpd; id' } },
        path: path('ntpClient'),
      },
      { options: { [adapterId]: { bogus: 1 } }, path: path('bogus') },
    ),
    read: (result, pool, judges, options) =>
      readCloudConfigResult(result, pool, judges, 'user-data', options),
    carries: {
      fileModes: true,
      fileOwners: true,
      userDetails: true,
      kubeletPassThrough: true,
      proxyDropins: true,
    },
  };
}
