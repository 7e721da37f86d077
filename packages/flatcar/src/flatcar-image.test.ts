import { SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createFlatcar } from './flatcar-adapter.js';

const { image, runtime, capabilities, id, specificationVersion } = createFlatcar();

describe('Flatcar image facts', () => {
  it('declares channels, A/B updates, no package manager and a read-only /usr', () => {
    expect(specificationVersion).toBe('v1');
    expect(id).toBe('flatcar');
    expect(image.channels).toEqual(['stable', 'beta', 'alpha', 'lts']);
    expect(image.defaultChannel).toBe('stable');
    expect(image.facts).toMatchObject({
      packageManager: null,
      immutability: 'read-only-usr',
      abUpdates: true,
      provisioningFormat: 'ignition',
      containerRuntime: 'containerd',
    });
    expect(runtime.kind).toBe('containerd');
    expect(capabilities.build).toBe('sysext');
    expect(capabilities.features['os.packages'].level).toBe('unsupported');
  });

  it('describes release URLs, DIGESTS and signatures per channel, version and architecture', () => {
    const line = image.describe({ channel: 'beta', version: '4459.1.0', arch: 'arm64' });
    expect(line).toMatchObject({ distro: 'flatcar', channel: 'beta', version: '4459.1.0', arch: 'arm64' });
    expect(line.sources[0]!.location).toBe(
      'https://beta.release.flatcar-linux.net/arm64-usr/4459.1.0/flatcar_production_image.bin.bz2',
    );
    expect(line.verification).toEqual({
      checksumUrl:
        'https://beta.release.flatcar-linux.net/arm64-usr/4459.1.0/flatcar_production_image.bin.bz2.DIGESTS',
      signatureUrl:
        'https://beta.release.flatcar-linux.net/arm64-usr/4459.1.0/flatcar_production_image.bin.bz2.sig',
      signingKey: 'https://www.flatcar.org/security/image-signing-key/',
    });
    expect(image.describe({ arch: 'amd64' }).sources[0]!.location).toBe(
      'https://stable.release.flatcar-linux.net/amd64-usr/current/flatcar_production_image.bin.bz2',
    );
    expect(image.describe({ channel: 'lts', arch: 'amd64' }).sources[1]!.location).toBe(
      'https://lts.release.flatcar-linux.net/amd64-usr/current/flatcar_production_qemu_image.img',
    );
  });

  it('refuses unknown channels, variants and malformed versions', () => {
    for (const ref of [
      { channel: 'edge', arch: 'amd64' as const },
      { variant: 'aws', arch: 'amd64' as const },
      { version: 'latest', arch: 'amd64' as const },
    ]) {
      expect(() => image.describe(ref)).toThrow(SpecValidationError);
    }
  });
});
