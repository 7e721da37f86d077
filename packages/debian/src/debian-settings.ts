import { z } from 'zod';
import { debianImageBuilderSettingsSchema } from './debian-image-builder.js';

/** Factory settings of {@link createDebian}; I/O (exec, fetch, isRoot) is passed separately. */
export const debianSettingsSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, { error: 'expected an adapter id such as debian' })
      .default('debian')
      .describe('Adapter id (override for forks).'),
    imageBuilder: debianImageBuilderSettingsSchema
      .optional()
      .describe(
        'Settings of the mmdebstrap image builder (mirrors, outputs, sizes, scratch and cache directories).',
      ),
  })
  .describe('Settings of the Debian adapter.');

/** Validated settings. */
export type DebianSettings = z.output<typeof debianSettingsSchema>;
/** Settings as passed to {@link createDebian}. */
export type DebianSettingsInput = z.input<typeof debianSettingsSchema>;
