import { z } from 'zod';

/** Factory settings of {@link createUbuntu}; the process runner is injected separately (`exec`). */
export const ubuntuSettingsSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, { error: 'expected an adapter id such as ubuntu' })
      .default('ubuntu')
      .describe('Adapter id (override for forks).'),
    imageBuilderDir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A checkout of kubernetes-sigs/image-builder\'s images/capi directory; the builder runs "make <target>" there. Without it, build() names what is missing.',
      ),
    makeTarget: z
      .string()
      .regex(/^build-[a-z0-9-]+$/, {
        error: 'expected an image-builder make target such as build-qemu-ubuntu-2404',
      })
      .optional()
      .describe('The image-builder make target; build-qemu-ubuntu-<2404|2204> (amd64) by default.'),
  })
  .describe('Settings of the Ubuntu adapter.');

/** Validated settings. */
export type UbuntuSettings = z.output<typeof ubuntuSettingsSchema>;
/** Settings as passed to {@link createUbuntu}. */
export type UbuntuSettingsInput = z.input<typeof ubuntuSettingsSchema>;
