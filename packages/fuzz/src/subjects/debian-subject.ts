import { createDebian } from '@kubenode/debian';
import fc from 'fast-check';
import type { FuzzSubject } from './fuzz-subject.js';
import { readCloudConfigResult } from './read-cloud-config-result.js';
import { supportedFeatures } from './supported-features.js';

/** Debian: #cloud-config for cloud-init 22.4, judged by Debian's own cloud-init schema validator. */
export const debianSubject: FuzzSubject = {
  id: 'debian',
  adapterId: 'debian',
  create: () => createDebian(),
  profile: {
    distro: 'debian',
    supported: supportedFeatures(createDebian().capabilities),
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
        .map((debian) => ({ debian })),
      { nil: undefined },
    ),
  },
  invalidOptions: fc.constantFrom(
    {
      options: { debian: { kubernetesRepository: { url: 'ftp://x.example/' } } },
      path: ['spec', 'adapterOptions', 'debian', 'kubernetesRepository', 'url'],
    },
    {
      options: { debian: { kubernetesRepository: { url: 'https://x.example/ a/' } } },
      path: ['spec', 'adapterOptions', 'debian', 'kubernetesRepository', 'url'],
    },
    {
      options: { debian: { kubernetesRepository: { packageRevision: '1.1\nrm' } } },
      path: ['spec', 'adapterOptions', 'debian', 'kubernetesRepository', 'packageRevision'],
    },
    {
      options: { debian: { kubernetesRepository: { key: 'not a key' } } },
      path: ['spec', 'adapterOptions', 'debian', 'kubernetesRepository', 'key'],
    },
    {
      options: { debian: { ntpClient: 'ntpd; id' } },
      path: ['spec', 'adapterOptions', 'debian', 'ntpClient'],
    },
    { options: { debian: { bogus: 1 } }, path: ['spec', 'adapterOptions', 'debian', 'bogus'] },
  ),
  read: (result, pool, judges, options) => readCloudConfigResult(result, pool, judges, 'user-data', options),
  carries: {
    fileModes: true,
    fileOwners: true,
    userDetails: true,
    kubeletPassThrough: true,
    proxyDropins: true,
  },
};
