import { SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { UBUNTU_IMAGE } from './ubuntu-image.js';

describe('UBUNTU_IMAGE', () => {
  it('describes the current 24.04 cloud image with checksums, signature and cloud image ids', () => {
    expect(UBUNTU_IMAGE.describe({ arch: 'amd64' })).toEqual({
      distro: 'ubuntu',
      channel: 'noble',
      version: 'latest',
      arch: 'amd64',
      sources: [
        {
          kind: 'url',
          location:
            'https://cloud-images.ubuntu.com/releases/noble/release/ubuntu-24.04-server-cloudimg-amd64.img',
          description: 'qcow2 cloud image (cloud-init, NoCloud/OpenStack/...)',
        },
        {
          kind: 'cloud-image',
          location: '/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id',
          description: 'AWS: SSM parameter holding the current AMI id',
        },
        {
          kind: 'cloud-image',
          location: 'projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64',
          description: 'GCE: image family',
        },
        {
          kind: 'cloud-image',
          location: 'Canonical:ubuntu-24_04-lts:server:latest',
          description: 'Azure: marketplace image URN',
        },
      ],
      verification: {
        checksumUrl: 'https://cloud-images.ubuntu.com/releases/noble/release/SHA256SUMS',
        signatureUrl: 'https://cloud-images.ubuntu.com/releases/noble/release/SHA256SUMS.gpg',
        signingKey:
          'Ubuntu Cloud Image Builder <ubuntu-cloudbuilder-noreply@canonical.com>, in the ubuntu-cloudimage-keyring package',
      },
    });
  });

  it('pins a serial, and knows 22.04, arm64 and the minimal images', () => {
    const jammy = UBUNTU_IMAGE.describe({ channel: 'jammy', version: '20241002', arch: 'arm64' });
    expect(jammy.sources.map((source) => source.location)).toEqual([
      'https://cloud-images.ubuntu.com/releases/jammy/release-20241002/ubuntu-22.04-server-cloudimg-arm64.img',
      '/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id',
      'projects/ubuntu-os-cloud/global/images/family/ubuntu-2204-lts-arm64',
    ]);
    const minimal = UBUNTU_IMAGE.describe({ variant: 'minimal', arch: 'amd64' });
    expect(minimal.sources).toEqual([
      {
        kind: 'url',
        location:
          'https://cloud-images.ubuntu.com/minimal/releases/noble/release/ubuntu-24.04-minimal-cloudimg-amd64.img',
        description: 'qcow2 cloud image (cloud-init, NoCloud/OpenStack/...)',
      },
    ]);
    expect(minimal.variant).toBe('minimal');
  });

  it('refuses unknown channels, variants and versions with SpecValidationError naming the field', () => {
    for (const [ref, path] of [
      [{ channel: 'focal', arch: 'amd64' }, 'spec.image.channel'],
      [{ variant: 'server', arch: 'amd64' }, 'spec.image.variant'],
      [{ version: '24.04', arch: 'amd64' }, 'spec.image.version'],
    ] as const) {
      let error: unknown;
      try {
        UBUNTU_IMAGE.describe(ref);
      } catch (caught) {
        error = caught;
      }
      expect(SpecValidationError.isInstance(error), path).toBe(true);
      expect(String(error)).toContain(path);
    }
  });

  it('states its facts', () => {
    expect(UBUNTU_IMAGE.facts).toMatchObject({
      packageManager: 'apt',
      abUpdates: false,
      provisioningFormat: 'cloud-config',
    });
    expect(UBUNTU_IMAGE.channels).toEqual(['noble', 'jammy']);
    expect(UBUNTU_IMAGE.defaultChannel).toBe('noble');
  });
});
