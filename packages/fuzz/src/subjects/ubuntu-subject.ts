import { createUbuntu } from '@kubenode/ubuntu';
import fc from 'fast-check';
import type { FuzzSubject } from './fuzz-subject.js';
import { readCloudConfigResult } from './read-cloud-config-result.js';
import { supportedFeatures } from './supported-features.js';

/** Ubuntu: #cloud-config for current cloud-init, judged by Debian's cloud-init schema validator (22.4; newer keys pass as unknown top-level keys). */
export const ubuntuSubject: FuzzSubject = {
  id: 'ubuntu',
  adapterId: 'ubuntu',
  create: () => createUbuntu(),
  profile: {
    distro: 'ubuntu',
    supported: supportedFeatures(createUbuntu().capabilities),
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
        .map((ubuntu) => ({ ubuntu })),
      { nil: undefined },
    ),
  },
  invalidOptions: fc.constantFrom(
    {
      options: { ubuntu: { kubernetesRepository: { url: 'ftp://x.example/' } } },
      path: ['spec', 'adapterOptions', 'ubuntu', 'kubernetesRepository', 'url'],
    },
    {
      options: { ubuntu: { kubernetesRepository: { url: 'https://x.example/ a/' } } },
      path: ['spec', 'adapterOptions', 'ubuntu', 'kubernetesRepository', 'url'],
    },
    {
      options: { ubuntu: { kubernetesRepository: { packageRevision: '1.1\nrm' } } },
      path: ['spec', 'adapterOptions', 'ubuntu', 'kubernetesRepository', 'packageRevision'],
    },
    {
      options: { ubuntu: { kubernetesRepository: { key: 'not a key' } } },
      path: ['spec', 'adapterOptions', 'ubuntu', 'kubernetesRepository', 'key'],
    },
    {
      options: { ubuntu: { ntpClient: 'ntpd; id' } },
      path: ['spec', 'adapterOptions', 'ubuntu', 'ntpClient'],
    },
    { options: { ubuntu: { bogus: 1 } }, path: ['spec', 'adapterOptions', 'ubuntu', 'bogus'] },
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
