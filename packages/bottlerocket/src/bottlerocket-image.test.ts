import { InvalidAdapterOptionsError, SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createBottlerocket } from './bottlerocket-adapter.js';
import { bottlerocketImage } from './bottlerocket-image.js';
import { bottlerocketRuntime } from './bottlerocket-runtime.js';
import { canonicalPool } from '@kubenode/testkit';

describe('Bottlerocket image lines and the adapter factory', () => {
  it('finds AMIs through the public SSM parameters and other platforms through the TUF repository', () => {
    expect(bottlerocketImage.describe({ arch: 'arm64', variant: 'aws-k8s-1.32', version: '1.26.1' })).toEqual(
      {
        distro: 'bottlerocket',
        channel: 'stable',
        version: '1.26.1',
        arch: 'arm64',
        variant: 'aws-k8s-1.32',
        sources: [
          {
            kind: 'cloud-image',
            location: '/aws/service/bottlerocket/aws-k8s-1.32/aarch64/1.26.1/image_id',
            description: 'AMI id from the public SSM parameter (aws ssm get-parameter --name ...)',
          },
        ],
        verification: { signingKey: 'https://cache.bottlerocket.aws/root.json' },
      },
    );
    const vmware = bottlerocketImage.describe({ arch: 'amd64', variant: 'vmware-k8s-1.32' });
    expect(vmware.version).toBe('latest');
    expect(vmware.sources[0]).toMatchObject({
      kind: 'url',
      location: 'https://updates.bottlerocket.aws/2020-07-07/vmware-k8s-1.32/x86_64/',
    });
    const generic = bottlerocketImage.describe({ arch: 'amd64' });
    expect(generic.variant).toBeUndefined();
    expect(generic.sources[0]!.description).toMatch(/name one in spec\.image\.variant/);
    expect(() => bottlerocketImage.describe({ arch: 'amd64', variant: 'nonsense' })).toThrow(
      SpecValidationError,
    );
    expect(() =>
      bottlerocketImage.describe({ arch: 'amd64', variant: 'aws-k8s-1.32', channel: 'beta' }),
    ).toThrow(SpecValidationError);
    expect(bottlerocketImage.facts).toMatchObject({
      packageManager: null,
      abUpdates: true,
      immutability: 'read-only-root',
    });
  });

  it('configures containerd through settings only', () => {
    expect(bottlerocketRuntime.render(canonicalPool('registry-mirrors', 'bottlerocket'))).toEqual({
      files: [],
      units: [],
    });
  });

  it('validates its settings', () => {
    expect(createBottlerocket({ id: 'acme.bottlerocket' }).id).toBe('acme.bottlerocket');
    try {
      createBottlerocket({ defaultPlatform: 'gcp' as never });
      throw new Error('expected an error');
    } catch (error) {
      expect(InvalidAdapterOptionsError.isInstance(error)).toBe(true);
      expect((error as InvalidAdapterOptionsError).issues[0]!.path).toEqual(['defaultPlatform']);
      expect((error as Error).cause).toBeDefined();
    }
    const adapter = createBottlerocket();
    expect(adapter.specificationVersion).toBe('v1');
    expect(adapter.externalValidators).toEqual([]);
    expect(Object.keys(adapter.capabilities.features).sort()).toEqual(
      Object.keys(adapter.capabilities.features).sort(),
    );
  });
});
