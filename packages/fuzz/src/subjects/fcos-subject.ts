import fc from 'fast-check';
import { createFedoraCoreOs } from 'kubenode-example-custom-adapter';
import type { FuzzSubject } from './fuzz-subject.js';
import { readIgnitionResult } from './read-ignition-result.js';
import { supportedFeatures } from './supported-features.js';

/** The third-party Fedora CoreOS example adapter: Ignition 3.3.0 judged by ignition-validate. */
export const fcosSubject: FuzzSubject = {
  id: 'fcos',
  adapterId: 'example.fcos',
  create: () => createFedoraCoreOs(),
  profile: {
    distro: 'example.fcos',
    supported: supportedFeatures(createFedoraCoreOs().capabilities),
    kubernetesMinors: ['1.30', '1.31', '1.32', '1.33'],
  },
  invalidOptions: fc.constantFrom(
    {
      options: { 'example.fcos': { bogus: true } },
      path: ['spec', 'adapterOptions', 'example.fcos', 'bogus'],
    },
    { options: { 'example.fcos': ['x'] }, path: ['spec', 'adapterOptions', 'example.fcos'] },
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
