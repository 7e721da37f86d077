import { z } from 'zod';
import { gardenLinuxFlavorSchema } from './gardenlinux-flavor.js';

/** The two ways Garden Linux nodes are configured. */
export const GARDENLINUX_MODES = ['gardener', 'standalone'] as const;

/** `gardener`: OperatingSystemConfig and Shoot fragments; `standalone`: user data (cloud-init or Ignition). */
export type GardenLinuxMode = (typeof GARDENLINUX_MODES)[number];

/** The flavour used when neither the settings nor the pool name one: Garden Linux's published AWS image. */
export const DEFAULT_GARDENLINUX_FLAVOR = 'aws-gardener_prod';

/** Factory settings of {@link createGardenLinux}; all I/O is injectable (the builder's `exec`). */
export const gardenLinuxSettingsSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, {
        error: 'expected an adapter id such as gardenlinux',
      })
      .default('gardenlinux')
      .describe('Adapter id (override for forks).'),
    mode: z
      .enum(GARDENLINUX_MODES)
      .default('standalone')
      .describe(
        'gardener: render OperatingSystemConfig files/units and a Shoot worker patch (Gardener joins and updates the node); standalone: render first-boot user data (cloud-init or Ignition, by flavour).',
      ),
    flavor: gardenLinuxFlavorSchema
      .default(DEFAULT_GARDENLINUX_FLAVOR)
      .describe(
        'Garden Linux flavour the nodes boot (without architecture), e.g. aws-gardener_prod, kvm-gardener_prod_usi, metal_pxe.',
      ),
    containerEngine: z
      .enum(['podman', 'docker'])
      .default('podman')
      .describe("Container engine the builder's ./build runs with (gardenlinux/builder --container-engine)."),
    builderRepository: z
      .url({ protocol: /^https$/, error: 'expected an https git URL' })
      .default('https://github.com/gardenlinux/gardenlinux')
      .describe('The gardenlinux/gardenlinux repository (features, flavours and the ./build script).'),
  })
  .describe('Settings of the Garden Linux adapter.');

/** Validated settings. */
export type GardenLinuxSettings = z.output<typeof gardenLinuxSettingsSchema>;
/** Settings as passed to {@link createGardenLinux}. */
export type GardenLinuxSettingsInput = z.input<typeof gardenLinuxSettingsSchema>;
