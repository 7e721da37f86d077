import { ADAPTER_ID, type ExecFunction } from '@kubenode/core';
import { z } from 'zod';

/** Settings of {@link createK3os}. */
export const k3osSettingsSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ADAPTER_ID, { error: 'expected an adapter id' })
      .default('k3os')
      .describe('Adapter id; k3os by default.'),
    exec: z
      .custom<ExecFunction>((value) => typeof value === 'function', { error: 'expected a function' })
      .optional()
      .describe('Runs xorriso for the ISO remaster; @kubenode/core nodeExec by default.'),
    toolPath: z.string().optional().describe('PATH used to look for xorriso; process.env.PATH by default.'),
  })
  .describe('Settings of the k3OS adapter.');

/** Settings of {@link createK3os}, as passed. */
export type K3osSettings = z.input<typeof k3osSettingsSchema>;
/** Settings of {@link createK3os}, defaults applied. */
export type ResolvedK3osSettings = z.output<typeof k3osSettingsSchema>;
