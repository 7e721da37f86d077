import { z } from 'zod';

/** Settings of {@link createFedoraCoreOs}. */
export const fedoraCoreOsSettingsSchema = z.strictObject({
  /** Adapter id; third-party adapters use a dotted id. Default `example.fcos`. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, {
      error: 'expected a dotted adapter id such as example.fcos',
    })
    .default('example.fcos'),
  /** The container build tool the image builder runs; default `podman`. */
  podman: z.string().min(1).default('podman'),
});

/** Settings as written. */
export type FedoraCoreOsSettings = z.input<typeof fedoraCoreOsSettingsSchema>;
/** Settings with defaults. */
export type ResolvedFedoraCoreOsSettings = z.output<typeof fedoraCoreOsSettingsSchema>;
