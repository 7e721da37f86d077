import {
  InvalidAdapterOptionsError,
  toSpecIssues,
  type DistroAdapterV1,
  type ExecFunction,
} from '@kubenode/core';
import { createMemoizedDataUrlEncoder } from 'ignition-config-ts';
import { FLATCAR_CAPABILITIES } from './flatcar-capabilities.js';
import { FLATCAR_IMAGE } from './flatcar-image.js';
import { createFlatcarImageBuilder } from './flatcar-image-builder.js';
import { provisionFlatcar, type FlatcarProvisionDependencies } from './flatcar-provision.js';
import { createFlatcarRuntime } from './flatcar-runtime.js';
import { flatcarSettingsSchema, type FlatcarSettingsInput } from './flatcar-settings.js';
import { createFlatcarUpdateStrategy } from './flatcar-update-strategy.js';
import { validateFlatcarOutput } from './flatcar-validate.js';

/** The Flatcar adapter (a {@link DistroAdapterV1}). */
export type FlatcarAdapter = DistroAdapterV1;

/**
 * Creates the Flatcar Container Linux adapter: NodePool → Ignition (spec 3.3.0 by default),
 * update_engine A/B updates under the rollout's control, Kubernetes as a systemd-sysext image.
 *
 * @param settings adapter id, the Kubernetes download URL and an injectable fetch (builder only).
 * @throws {InvalidAdapterOptionsError} for invalid settings, with the zod error as `cause`.
 */
export function createFlatcar(
  settings: FlatcarSettingsInput & { readonly exec?: ExecFunction } = {},
): FlatcarAdapter {
  const { exec, ...rest } = settings;
  const parsed = flatcarSettingsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof rest.id === 'string' ? rest.id : 'flatcar',
      issues: toSpecIssues(parsed.error, { schema: flatcarSettingsSchema }),
      cause: parsed.error,
    });
  }
  const id = parsed.data.id;
  const runtime = createFlatcarRuntime(id);
  const updates = createFlatcarUpdateStrategy(id);
  const dependencies: FlatcarProvisionDependencies = {
    id,
    capabilities: FLATCAR_CAPABILITIES,
    runtime,
    updates,
    // Remembers the data URLs of non-secret contents (CA certificates, shared files) across renders.
    dataUrlEncoder: createMemoizedDataUrlEncoder(),
  };
  const adapter: FlatcarAdapter = {
    specificationVersion: 'v1',
    id,
    displayName: 'Flatcar Container Linux',
    capabilities: FLATCAR_CAPABILITIES,
    image: FLATCAR_IMAGE,
    runtime,
    updates,
    builder: createFlatcarImageBuilder(id, parsed.data, exec),
    provision: (pool, context) => provisionFlatcar(dependencies, pool, context),
    validate: validateFlatcarOutput,
    externalValidators: [
      {
        tool: 'ignition-validate',
        debianPackage: 'ignition',
        artifact: 'config.ign',
        args: ['{file}'],
        description:
          "Ignition's own validator (Debian bookworm's 2.14 checks spec <= 3.3.0; 3.4.0/3.5.0 output needs Ignition >= 2.15/2.20)",
      },
    ],
  };
  return adapter;
}
