import { createFlatcar } from '@kubenode/flatcar';
import fc from 'fast-check';
import { hostileLine } from '../arbitraries/hostile-text.js';
import type { FuzzSubject } from './fuzz-subject.js';
import { readIgnitionResult } from './read-ignition-result.js';
import { supportedFeatures } from './supported-features.js';

const urlTail = fc.oneof(
  fc.constantFrom('', '/', '/mirror', '/a%20b', '/%h', '/$(id)', '/x y', '/"q"', '/%%'),
  hostileLine({ maxParts: 2 }).map((tail) => `/${encodeURI(tail)}`),
);

/** Flatcar: Ignition 3.3.0 judged by ignition-validate. */
export const flatcarSubject: FuzzSubject = {
  id: 'flatcar',
  adapterId: 'flatcar',
  create: () => createFlatcar(),
  profile: {
    distro: 'flatcar',
    supported: supportedFeatures(createFlatcar().capabilities),
    kubernetesMinors: ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34'],
    image: fc.option(fc.record({ channel: fc.constantFrom('stable', 'beta', 'alpha', 'lts') }), {
      nil: undefined,
    }),
    adapterOptions: fc.option(
      fc
        .record(
          {
            containerdVersion: fc.constantFrom('1.7', '2.0', '2.1'),
            kubernetesSysext: fc.record(
              {
                baseUrl: urlTail.map((tail) => `https://sysext.example${tail}`),
                hash: fc.constantFrom(`sha256-${'a'.repeat(64)}`, `sha512-${'b'.repeat(128)}`),
                sysupdate: fc.boolean(),
              },
              { requiredKeys: [] },
            ),
            updateServer: urlTail.map((tail) => `https://nebraska.example${tail}`),
            updateGroup: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,12}$/),
            nodeName: fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,12}[a-z0-9])?$/),
          },
          { requiredKeys: [] },
        )
        .map((flatcar) => ({ flatcar })),
      { nil: undefined },
    ),
  },
  invalidOptions: fc.constantFrom(
    {
      options: { flatcar: { ignitionVersion: '3.6.0' } },
      path: ['spec', 'adapterOptions', 'flatcar', 'ignitionVersion'],
    },
    {
      options: { flatcar: { containerdVersion: '1.7\nX=1' } },
      path: ['spec', 'adapterOptions', 'flatcar', 'containerdVersion'],
    },
    {
      options: { flatcar: { updateGroup: 'stable\nSERVER=https://evil.example' } },
      path: ['spec', 'adapterOptions', 'flatcar', 'updateGroup'],
    },
    { options: { flatcar: { nodeName: 'Node A' } }, path: ['spec', 'adapterOptions', 'flatcar', 'nodeName'] },
    {
      options: { flatcar: { updateServer: 'ftp://x.example' } },
      path: ['spec', 'adapterOptions', 'flatcar', 'updateServer'],
    },
    {
      options: { flatcar: { kubernetesSysext: { hash: 'md5-abc' } } },
      path: ['spec', 'adapterOptions', 'flatcar', 'kubernetesSysext', 'hash'],
    },
    {
      options: { flatcar: { kubernetesSysext: { baseUrl: 'file:///etc' } } },
      path: ['spec', 'adapterOptions', 'flatcar', 'kubernetesSysext', 'baseUrl'],
    },
    { options: { flatcar: { bogus: true } }, path: ['spec', 'adapterOptions', 'flatcar', 'bogus'] },
    { options: { flatcar: 'not an object' }, path: ['spec', 'adapterOptions', 'flatcar'] },
  ),
  read: (result, pool, judges, options) => readIgnitionResult(result, pool, judges, 'config.ign', options),
  carries: {
    fileModes: true,
    fileOwners: true,
    userDetails: true,
    kubeletPassThrough: true,
    proxyDropins: true,
  },
};
