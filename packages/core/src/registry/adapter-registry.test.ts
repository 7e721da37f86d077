import { describe, expect, it } from 'vitest';
import type { DistroAdapterV1 } from '../adapter/v1/distro-adapter-v1.js';
import { NoSuchAdapterError } from '../errors/no-such-adapter-error.js';
import { UnsupportedSpecificationVersionError } from '../errors/unsupported-specification-version-error.js';
import { KubenodeError } from '../errors/kubenode-error.js';
import { AdapterRegistry, asDistroAdapterV1 } from './adapter-registry.js';

function fakeAdapter(id: string, overrides: Record<string, unknown> = {}): DistroAdapterV1 {
  return {
    specificationVersion: 'v1',
    id,
    displayName: id,
    capabilities: {} as DistroAdapterV1['capabilities'],
    image: {} as DistroAdapterV1['image'],
    runtime: {} as DistroAdapterV1['runtime'],
    provision: () => ({ artifacts: [], warnings: [] }),
    validate: () => [],
    externalValidators: [],
    updates: {} as DistroAdapterV1['updates'],
    builder: {} as DistroAdapterV1['builder'],
    ...overrides,
  } as DistroAdapterV1;
}

describe('AdapterRegistry', () => {
  it('resolves registered ids and suggests close ones', () => {
    const registry = new AdapterRegistry().register(fakeAdapter('flatcar')).register(fakeAdapter('acme.os'));
    expect(registry.get('flatcar').id).toBe('flatcar');
    expect(registry.ids()).toEqual(['acme.os', 'flatcar']);
    try {
      registry.get('flatcat');
      expect.unreachable();
    } catch (error) {
      expect(NoSuchAdapterError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("Did you mean 'flatcar'?");
    }
  });

  it('refuses duplicates unless replacing', () => {
    const registry = new AdapterRegistry().register(fakeAdapter('x'));
    expect(() => registry.register(fakeAdapter('x'))).toThrow(/already registered/);
    expect(
      registry.register(fakeAdapter('x', { displayName: 'X2' }), { replace: true }).get('x').displayName,
    ).toBe('X2');
  });

  it('checks the specification version and members at the boundary', () => {
    expect(() => asDistroAdapterV1(fakeAdapter('y', { specificationVersion: 'v9' }))).toThrow(
      UnsupportedSpecificationVersionError,
    );
    try {
      asDistroAdapterV1(fakeAdapter('y', { builder: undefined }));
      expect.unreachable();
    } catch (error) {
      expect(KubenodeError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('builder');
    }
    expect(() => asDistroAdapterV1(fakeAdapter('Bad_Id'))).toThrow(/must match/);
  });
});
