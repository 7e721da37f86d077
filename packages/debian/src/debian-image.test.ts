import { SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { DEBIAN_IMAGE } from './debian-image.js';

describe('DEBIAN_IMAGE', () => {
  it('describes the latest Debian 12 genericcloud image with its checksums and cloud image ids', () => {
    expect(DEBIAN_IMAGE.describe({ arch: 'amd64' })).toEqual({
      distro: 'debian',
      channel: 'bookworm',
      version: 'latest',
      arch: 'amd64',
      variant: 'genericcloud',
      sources: [
        {
          kind: 'url',
          location:
            'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2',
          description: 'qcow2 cloud image (cloud-init)',
        },
        {
          kind: 'url',
          location: 'https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.raw',
          description: 'raw disk image',
        },
        {
          kind: 'cloud-image',
          location: '/aws/service/debian/release/bookworm/latest/amd64',
          description: 'AWS: SSM parameter holding the current AMI id',
        },
        {
          kind: 'cloud-image',
          location: 'projects/debian-cloud/global/images/family/debian-12',
          description: 'GCE: image family',
        },
        {
          kind: 'cloud-image',
          location: 'Debian:debian-12:12-gen2:latest',
          description: 'Azure: marketplace image URN',
        },
      ],
      verification: { checksumUrl: 'https://cloud.debian.org/images/cloud/bookworm/latest/SHA512SUMS' },
    });
  });

  it('pins a serial and knows trixie, arm64 and the other variants', () => {
    const line = DEBIAN_IMAGE.describe({
      channel: 'trixie',
      version: '20250814-2204',
      arch: 'arm64',
      variant: 'nocloud',
    });
    expect(line.sources.map((source) => source.location)).toEqual([
      'https://cloud.debian.org/images/cloud/trixie/20250814-2204/debian-13-nocloud-arm64-20250814-2204.qcow2',
      'https://cloud.debian.org/images/cloud/trixie/20250814-2204/debian-13-nocloud-arm64-20250814-2204.raw',
      '/aws/service/debian/release/trixie/latest/arm64',
      'projects/debian-cloud/global/images/family/debian-13-arm64',
      'Debian:debian-13:13-arm64:latest',
    ]);
    expect(line.verification.checksumUrl).toBe(
      'https://cloud.debian.org/images/cloud/trixie/20250814-2204/SHA512SUMS',
    );
  });

  it('refuses unknown channels, variants and versions with SpecValidationError naming the field', () => {
    for (const [ref, path] of [
      [{ channel: 'bullseye', arch: 'amd64' }, 'spec.image.channel'],
      [{ variant: 'gce', arch: 'amd64' }, 'spec.image.variant'],
      [{ version: '12.8', arch: 'amd64' }, 'spec.image.version'],
    ] as const) {
      let error: unknown;
      try {
        DEBIAN_IMAGE.describe(ref);
      } catch (caught) {
        error = caught;
      }
      expect(SpecValidationError.isInstance(error), path).toBe(true);
      expect(String(error)).toContain(path);
    }
  });
});
