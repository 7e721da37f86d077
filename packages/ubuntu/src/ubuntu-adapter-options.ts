import { cloudInitNodeOptionsShape } from '@kubenode/core';
import { z } from 'zod';

/** Ubuntu Pro services cloud-init can enable (`ubuntu_pro.enable`). */
export const UBUNTU_PRO_SERVICES = [
  'livepatch',
  'esm-infra',
  'esm-apps',
  'fips',
  'fips-updates',
  'usg',
  'cis',
  'landscape',
  'realtime-kernel',
] as const;

/** `spec.adapterOptions.ubuntu`: Ubuntu-specific choices, read with `parseAdapterOptions`. */
export const ubuntuAdapterOptionsSchema = z
  .strictObject({
    ...cloudInitNodeOptionsShape,
    pro: z
      .strictObject({
        token: z
          .string()
          .regex(/^[A-Za-z0-9]{20,64}$/, {
            error: 'expected an Ubuntu Pro contract token (value not shown: it is a secret)',
          })
          .describe('The Ubuntu Pro contract token (from ubuntu.com/pro/dashboard). A secret.'),
        enable: z
          .array(z.enum(UBUNTU_PRO_SERVICES))
          .default(['livepatch', 'esm-infra'])
          .describe(
            'Services to enable; livepatch patches the running kernel (reboots can then wait for a window).',
          ),
      })
      .optional()
      .describe('Attach the node to Ubuntu Pro at first boot (cloud-init ubuntu_pro), e.g. for Livepatch.'),
  })
  .describe('Ubuntu adapter options.');

/** Validated Ubuntu adapter options. */
export type UbuntuAdapterOptions = z.output<typeof ubuntuAdapterOptionsSchema>;
