import type { NodePool } from '@kubenode/core';
import type { TalosAdapterOptions } from './talos-adapter-options.js';
import type { TalosSchematic } from './talos-schematic.js';

/**
 * The Image Factory schematic a pool's nodes boot and upgrade from: the pool's kernel arguments
 * (in order), the official system extensions (sorted: order has no meaning) and SecureBoot
 * certificates. Pure.
 */
export function poolSchematic(
  pool: NodePool,
  options: Pick<TalosAdapterOptions, 'systemExtensions' | 'secureBoot'>,
): TalosSchematic {
  const extensions = [...new Set(options.systemExtensions)].sort();
  return {
    customization: {
      ...(pool.spec.os.kernelArgs.length > 0 ? { extraKernelArgs: [...pool.spec.os.kernelArgs] } : {}),
      ...(extensions.length > 0 ? { systemExtensions: { officialExtensions: extensions } } : {}),
      ...(options.secureBoot ? { secureboot: { includeWellKnownCertificates: true } } : {}),
    },
  };
}
