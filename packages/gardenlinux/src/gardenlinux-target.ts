import { parseAdapterOptions, SpecValidationError, type NodePool } from '@kubenode/core';
import {
  gardenLinuxAdapterOptionsSchema,
  type GardenLinuxAdapterOptions,
} from './gardenlinux-adapter-options.js';
import { parseGardenLinuxFlavor, type GardenLinuxFlavor } from './gardenlinux-flavor.js';
import type { GardenLinuxMode, GardenLinuxSettings } from './gardenlinux-settings.js';

/** What a configuration is rendered for: the mode, the flavour and the resulting format. */
export interface GardenLinuxTarget {
  /** Gardener fragments or first-boot user data. */
  readonly mode: GardenLinuxMode;
  /** The flavour the nodes boot. */
  readonly flavor: GardenLinuxFlavor;
  /** The native output: Gardener fragments, a #cloud-config, or an Ignition config. */
  readonly format: 'gardener' | 'cloud-init' | 'ignition';
}

/**
 * Why a flavour cannot be provisioned standalone, or undefined when it can: kubenode needs
 * cloud-init or Ignition spec 3.x at first boot.
 */
export function standaloneRefusal(flavor: GardenLinuxFlavor): string | undefined {
  if (flavor.ignitionLegacy)
    return `${flavor.name} boots with ignition-legacy (the capi feature), which reads only Ignition spec 2.x; kubenode writes spec 3.3.0: use a flavour with _pxe or _ignite (e.g. metal_pxe) or the kvm platform`;
  if (flavor.agent === 'none')
    return flavor.platform === 'gcp'
      ? `${flavor.name} runs google-guest-agent instead of cloud-init, so it reads no user data kubenode can write: run it under Gardener (mode gardener) or add the _ignite flag to the flavour`
      : `Garden Linux's ${flavor.platform} platform has no documented first-boot agent (cloud-init or Ignition): add the _ignite flag (or _pxe) to the flavour, or run it under Gardener (mode gardener)`;
  return undefined;
}

/** The target for a mode and flavour; throws a plain Error with the refusal for impossible ones. */
export function gardenLinuxTarget(mode: GardenLinuxMode, flavorName: string): GardenLinuxTarget {
  const flavor = parseGardenLinuxFlavor(flavorName);
  if (mode === 'gardener') return { mode, flavor, format: 'gardener' };
  const refusal = standaloneRefusal(flavor);
  if (refusal) throw new RangeError(refusal);
  return { mode, flavor, format: flavor.agent === 'ignition' ? 'ignition' : 'cloud-init' };
}

/**
 * The pool's target: `spec.adapterOptions.<id>.mode` and `.flavor` override the factory settings.
 *
 * @throws {SpecValidationError} for invalid adapter options or a flavour that cannot be provisioned in the mode.
 */
export function resolvePoolTarget(
  settings: Pick<GardenLinuxSettings, 'id' | 'mode' | 'flavor'>,
  pool: NodePool,
): { readonly target: GardenLinuxTarget; readonly options: GardenLinuxAdapterOptions } {
  const options = parseAdapterOptions(pool, settings.id, gardenLinuxAdapterOptionsSchema);
  const mode = options.mode ?? settings.mode;
  const flavor = options.flavor ?? settings.flavor;
  try {
    return { target: gardenLinuxTarget(mode, flavor), options };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new SpecValidationError({
      issues: [
        {
          path: ['spec', 'adapterOptions', settings.id, options.flavor ? 'flavor' : 'mode'],
          code: 'invalid_value',
          message: error.message,
        },
      ],
      source: pool.metadata.name,
    });
  }
}
