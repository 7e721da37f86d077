import { ADAPTER_ID, type ExecFunction } from '@kubenode/core';
import { z } from 'zod';

/** Settings of {@link createBottlerocket}. */
export const bottlerocketSettingsSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ADAPTER_ID, { error: 'expected an adapter id' })
      .default('bottlerocket')
      .describe('Adapter id (for forks); bottlerocket by default.'),
    defaultPlatform: z
      .enum(['aws', 'metal', 'vmware'])
      .default('metal')
      .describe(
        'Platform of the variant when neither the pool (spec.image.variant) nor the render context (--platform) names one.',
      ),
    release: z
      .string()
      .regex(/^\d+\.\d+(\.\d+)?$/, { error: 'expected a Bottlerocket release such as 1.26 or 1.26.1' })
      .optional()
      .describe(
        'Bottlerocket release whose settings model applies when spec.image.version is unset (the newest documented by default).',
      ),
    exec: z
      .custom<ExecFunction>((value) => typeof value === 'function', { error: 'expected a function' })
      .optional()
      .describe('Runs the build tools (twoliter); @kubenode/core nodeExec by default.'),
    toolPath: z
      .string()
      .optional()
      .describe('PATH used to look for the build tools; process.env.PATH by default.'),
  })
  .describe('Settings of the Bottlerocket adapter.');

/** Settings of {@link createBottlerocket}, as passed. */
export type BottlerocketSettings = z.input<typeof bottlerocketSettingsSchema>;
/** Settings of {@link createBottlerocket}, defaults applied. */
export type ResolvedBottlerocketSettings = z.output<typeof bottlerocketSettingsSchema>;
