import { InvalidAdapterOptionsError, SpecValidationError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { createTalos } from './index.js';

describe('createTalos', () => {
  it('validates its settings', () => {
    expect(createTalos().settings.defaultVersion).toBe('1.13.9');
    const error = (() => {
      try {
        createTalos({ defaultVersion: '1.14.0' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidAdapterOptionsError.isInstance(error)).toBe(true);
    expect((error as InvalidAdapterOptionsError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'defaultVersion',
    ]);
  });

  it('describes Image Factory assets of the vanilla schematic per platform', () => {
    const line = createTalos().image.describe({ arch: 'amd64', version: '1.13.2', variant: 'azure' });
    expect(line.sources.map((source) => source.location)).toEqual([
      'https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.13.2/azure-amd64.vhd.xz',
      'factory.talos.dev/azure-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.13.2',
    ]);
    expect(() => createTalos().image.describe({ arch: 'amd64', variant: 'amiga' })).toThrow(
      SpecValidationError,
    );
  });
});
