import type { DistroAdapterV1 } from '@kubenode/core';

/**
 * A stand-in adapter for the CLI's own tests (real adapters are tested in their packages): it
 * renders with `provision`, checks with `validate` (no problems by default), and holds nothing
 * else the commands under test read.
 */
export function testAdapter(
  id: string,
  parts: Pick<DistroAdapterV1, 'provision'> & Partial<Pick<DistroAdapterV1, 'validate'>>,
): DistroAdapterV1 {
  return {
    specificationVersion: 'v1',
    id,
    displayName: id,
    capabilities: {
      provisioningFormats: ['json'],
      features: {} as DistroAdapterV1['capabilities']['features'],
      updateStrategies: ['in-place'],
      build: 'recipe',
    },
    image: {} as DistroAdapterV1['image'],
    runtime: {} as DistroAdapterV1['runtime'],
    provision: parts.provision,
    validate: parts.validate ?? (() => []),
    externalValidators: [],
    updates: {} as DistroAdapterV1['updates'],
    builder: {} as DistroAdapterV1['builder'],
  };
}
