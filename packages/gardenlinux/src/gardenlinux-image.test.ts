import { InvalidAdapterOptionsError, SpecValidationError, validateNodePool } from '@kubenode/core';
import { canonicalPool } from '@kubenode/testkit';
import { describe, expect, it } from 'vitest';
import {
  createGardenLinux,
  flavorWith,
  gardenLinuxFlavorSchema,
  gardenLinuxTarget,
  parseGardenLinuxFlavor,
} from './index.js';

describe('flavours', () => {
  it('parse into platform, elements and flags, with what they imply', () => {
    expect(parseGardenLinuxFlavor('aws-gardener_prod_usi')).toEqual({
      name: 'aws-gardener_prod_usi',
      platform: 'aws',
      elements: ['gardener'],
      flags: ['_prod', '_usi'],
      agent: 'cloud-init',
      packageManager: null,
      usi: true,
      gardener: true,
      ignitionLegacy: false,
    });
    expect(parseGardenLinuxFlavor('metal_pxe')).toMatchObject({
      agent: 'ignition',
      packageManager: 'apt',
      usi: false,
    });
    expect(parseGardenLinuxFlavor('kvm-gardener_prod')).toMatchObject({ agent: 'ignition' });
    expect(parseGardenLinuxFlavor('gcp-gardener_prod')).toMatchObject({ agent: 'none' });
    expect(parseGardenLinuxFlavor('gcp-gardener_prod_ignite')).toMatchObject({ agent: 'ignition' });
    expect(parseGardenLinuxFlavor('metal-capi')).toMatchObject({ agent: 'ignition', ignitionLegacy: true });
    expect(parseGardenLinuxFlavor('openstack-gardener')).toMatchObject({
      agent: 'cloud-init',
      packageManager: 'apt',
    });
  });

  it('refuse architectures, unknown platforms and malformed names', () => {
    for (const bad of ['aws-gardener_prod-amd64', 'mars-gardener', 'AWS', 'aws--gardener', 'aws_', '_prod'])
      expect(gardenLinuxFlavorSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('merge extra features in gardenlinux/builder spelling', () => {
    expect(
      flavorWith(parseGardenLinuxFlavor('aws-gardener_prod'), { elements: ['kubenode'], flags: ['_usi'] }),
    ).toBe('aws-gardener-kubenode_prod_usi');
    expect(flavorWith(parseGardenLinuxFlavor('metal_pxe'), { elements: ['kubenode'] })).toBe(
      'metal-kubenode_pxe',
    );
  });

  it('standalone needs cloud-init or Ignition 3.x at first boot; Gardener takes every flavour', () => {
    expect(gardenLinuxTarget('standalone', 'azure-gardener_prod').format).toBe('cloud-init');
    expect(gardenLinuxTarget('standalone', 'kvm-gardener_prod').format).toBe('ignition');
    expect(() => gardenLinuxTarget('standalone', 'gcp-gardener_prod')).toThrowError(/google-guest-agent/);
    expect(() => gardenLinuxTarget('standalone', 'metal-gardener_prod')).toThrowError(/_ignite/);
    expect(() => gardenLinuxTarget('standalone', 'metal-capi')).toThrowError(/spec 2\.x/);
    expect(gardenLinuxTarget('gardener', 'gcp-gardener_prod').format).toBe('gardener');
  });

  it('the factory refuses impossible settings with InvalidAdapterOptionsError', () => {
    for (const settings of [
      { flavor: 'gcp-gardener_prod' },
      { mode: 'hybrid' },
      { flavor: 'aws-gardener_prod-arm64' },
    ]) {
      try {
        createGardenLinux(settings as never);
        expect.unreachable();
      } catch (error) {
        expect(InvalidAdapterOptionsError.isInstance(error)).toBe(true);
        expect((error as InvalidAdapterOptionsError).issues[0]!.path[0]).toMatch(/^(flavor|mode)$/);
      }
    }
  });
});

describe('image facts and release lines', () => {
  it('describe facts per target', () => {
    expect(createGardenLinux().image.facts).toMatchObject({
      packageManager: null,
      immutability: 'read-only-root',
      abUpdates: false,
      sshByDefault: false,
      containerRuntime: 'containerd',
      provisioningFormat: 'cloud-init',
      homepage: 'https://gardenlinux.io',
    });
    expect(createGardenLinux({ flavor: 'aws-gardener_prod_usi' }).image.facts.abUpdates).toBe(true);
    expect(createGardenLinux({ flavor: 'metal_pxe' }).image.facts).toMatchObject({
      packageManager: 'apt',
      immutability: 'none',
      sshByDefault: true,
      provisioningFormat: 'ignition',
    });
    expect(createGardenLinux({ mode: 'gardener' }).image.facts.provisioningFormat).toBe(
      'gardener-operatingsystemconfig',
    );
  });

  it('describes an image line: release page, OCI index and cloud image lookups', () => {
    const { image } = createGardenLinux();
    expect(image.channels).toEqual(['1877', '1592', '1443']);
    expect(image.defaultChannel).toBe('1877');
    const line = image.describe({ arch: 'arm64', channel: '1877', version: '1877.3' });
    expect(line).toMatchObject({
      distro: 'gardenlinux',
      channel: '1877',
      version: '1877.3',
      variant: 'aws-gardener_prod',
    });
    expect(line.sources).toEqual([
      expect.objectContaining({
        kind: 'url',
        location: 'https://github.com/gardenlinux/gardenlinux/releases/tag/1877.3',
      }),
      expect.objectContaining({ kind: 'registry', location: 'ghcr.io/gardenlinux/gardenlinux:1877.3' }),
      expect.objectContaining({
        kind: 'cloud-image',
        location: 'gardenlinux-aws-gardener_prod-arm64-1877.3-*',
      }),
    ]);
    expect(image.describe({ arch: 'amd64', variant: 'gcp-gardener_prod' }).sources[2]!.location).toBe(
      'projects/sap-se-gcp-gardenlinux/global/images/gardenlinux-gcp-*-1877-3-*',
    );
    expect(image.describe({ arch: 'amd64' }).version).toBe('1877.3');
  });

  it('refuses unknown lines, versions of another line and malformed variants', () => {
    const { image } = createGardenLinux();
    for (const ref of [
      { arch: 'amd64' as const, channel: 'stable' },
      { arch: 'amd64' as const, channel: '1877', version: '1592.1' },
      { arch: 'amd64' as const, variant: 'aws-gardener_prod-amd64' },
    ]) {
      expect(() => image.describe(ref)).toThrowError(
        expect.objectContaining({ name: 'KubenodeSpecValidationError' }) as unknown as Error,
      );
      try {
        image.describe(ref);
      } catch (error) {
        expect(SpecValidationError.isInstance(error)).toBe(true);
      }
    }
  });

  it('refuses Kubernetes 1.36 on release lines with containerd 1.x (1592, 1443)', () => {
    const minimal = canonicalPool('minimal', 'gardenlinux');
    const pool = (channel: string, version: string) =>
      validateNodePool({
        ...minimal,
        spec: {
          ...minimal.spec,
          image: { channel, arch: 'amd64' },
          kubernetes: { ...minimal.spec.kubernetes, version },
        },
      });
    for (const mode of ['standalone', 'gardener'] as const) {
      const adapter = createGardenLinux({ mode });
      expect(() => adapter.provision(pool('1592', '1.36.0'))).toThrowError(
        expect.objectContaining({ field: 'spec.kubernetes.version' }) as unknown as Error,
      );
      expect(adapter.provision(pool('1592', '1.35.2')).artifacts.length).toBeGreaterThan(0);
      expect(adapter.provision(pool('1877', '1.36.0')).artifacts.length).toBeGreaterThan(0);
    }
  });

  it('warns for end-of-life release lines', () => {
    const minimal = canonicalPool('minimal', 'gardenlinux');
    const pool = validateNodePool({
      ...minimal,
      spec: { ...minimal.spec, image: { channel: '1592', arch: 'amd64' } },
    });
    expect(createGardenLinux().provision(pool).warnings).toContainEqual(
      expect.objectContaining({ code: 'end-of-life', path: 'spec.image.channel' }),
    );
    expect(
      createGardenLinux()
        .provision(minimal)
        .warnings.map((warning) => warning.code),
    ).not.toContain('end-of-life');
  });
});
