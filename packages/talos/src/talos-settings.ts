import { z } from 'zod';
import { TALOS_DEFAULT_VERSION, TALOS_VERSION_PATTERN } from './talos-version.js';

/** A `fetch`-compatible function (Image Factory requests go through it). */
export type TalosFetch = (
  input: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<{
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** HTTP status code. */
  readonly status: number;
  /** Reads the body as text. */
  text(): Promise<string>;
}>;

/** Settings of {@link createTalos}; every field is optional. */
export const talosSettingsSchema = z.strictObject({
  /** Adapter id, for forks; default `talos`. */
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, {
      error: 'expected an adapter id such as talos or acme.talos',
    })
    .optional(),
  /** The Talos 1.13 release rendered when a pool names no `spec.image.version`. */
  defaultVersion: z
    .string()
    .regex(TALOS_VERSION_PATTERN, { error: 'expected a Talos 1.13 patch version such as 1.13.9' })
    .default(TALOS_DEFAULT_VERSION),
  /** The Image Factory: its HTTP API and the registry host serving installer images. */
  imageFactory: z
    .strictObject({
      url: z
        .url({
          protocol: /^https?$/,
          error: 'expected the Image Factory URL, e.g. https://factory.talos.dev',
        })
        .default('https://factory.talos.dev'),
      registry: z
        .string()
        .regex(/^[a-z0-9.-]+(:[0-9]+)?$/, { error: 'expected a registry host such as factory.talos.dev' })
        .default('factory.talos.dev'),
    })
    .default({ url: 'https://factory.talos.dev', registry: 'factory.talos.dev' }),
  /** The fetch used to register schematics with the Image Factory (tests inject one); global fetch by default. */
  fetch: z
    .custom<TalosFetch>((value) => typeof value === 'function', { error: 'expected a fetch function' })
    .optional(),
});

/** Settings of {@link createTalos} as a caller writes them. */
export type TalosSettings = z.input<typeof talosSettingsSchema>;

/** Settings with defaults applied. */
export type ResolvedTalosSettings = z.output<typeof talosSettingsSchema>;
