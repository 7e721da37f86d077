import { InvalidAdapterOptionsError, toSpecIssues, type DistroAdapterV1 } from '@kubenode/core';
import { talosCapabilities } from './talos-capabilities.js';
import { createTalosImage } from './talos-image.js';
import { createTalosImageBuilder } from './talos-image-builder.js';
import { provisionTalos } from './talos-provision.js';
import { talosRuntime } from './talos-runtime.js';
import { talosSettingsSchema, type ResolvedTalosSettings, type TalosSettings } from './talos-settings.js';
import { createTalosUpdateStrategy } from './talos-update-strategy.js';
import { validateTalosOutput } from './talos-validate.js';

/** The Talos adapter: a `DistroAdapterV1` with its resolved settings. */
export interface TalosAdapter extends DistroAdapterV1 {
  /** The settings, defaults applied. */
  readonly settings: ResolvedTalosSettings;
}

/**
 * Creates the Talos Linux 1.13 adapter: worker machine configuration validated against the
 * upstream v1.13 JSON Schema, updates through the Talos API (`talosctl upgrade`), builds as
 * Image Factory schematics with their content-addressed IDs.
 *
 * @throws {InvalidAdapterOptionsError} for invalid settings.
 */
export function createTalos(settings: TalosSettings = {}): TalosAdapter {
  const parsed = talosSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof settings?.id === 'string' ? settings.id : 'talos',
      issues: toSpecIssues(parsed.error, { schema: talosSettingsSchema }),
      cause: parsed.error,
    });
  }
  const resolved = parsed.data;
  const id = resolved.id ?? 'talos';
  const adapter: TalosAdapter = {
    specificationVersion: 'v1',
    id,
    displayName: 'Talos Linux',
    settings: resolved,
    capabilities: talosCapabilities,
    image: createTalosImage(id, resolved),
    runtime: talosRuntime,
    provision: (pool) => provisionTalos(adapter, resolved, pool),
    validate: validateTalosOutput,
    // talosctl validate is not packaged for Debian; the vendored upstream schema and Talos's
    // worker rules are checked by validate() instead.
    externalValidators: [],
    updates: createTalosUpdateStrategy(id, resolved),
    builder: createTalosImageBuilder(id, resolved),
  };
  return adapter;
}
