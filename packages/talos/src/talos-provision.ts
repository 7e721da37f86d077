import {
  assertFeaturesSupported,
  parseAdapterOptions,
  type CapabilitiesV1,
  type NodePool,
  type ProvisioningResultV1,
} from '@kubenode/core';
import { talosAdapterOptionsSchema } from './talos-adapter-options.js';
import { installerImage } from './talos-installer-image.js';
import { buildTalosMachineConfiguration } from './talos-machine-config.js';
import { poolSchematic } from './talos-pool-schematic.js';
import { assertTalosKubernetesVersion, talosReleaseOf } from './talos-release.js';
import { marshalSchematic, schematicId } from './talos-schematic.js';
import type { ResolvedTalosSettings } from './talos-settings.js';
import { stringifyTalosDocuments } from './talos-yaml.js';

/** The artifact a Talos machine boots with. */
export const TALOS_MACHINE_CONFIG_ARTIFACT = 'machine-config.yaml';
/** The Image Factory schematic the machine's installer image is built from. */
export const TALOS_SCHEMATIC_ARTIFACT = 'schematic.yaml';

/**
 * Renders a pool into a Talos 1.13 worker machine configuration (multi-document YAML, given to
 * the machine as user data or with `talosctl apply-config`) and the Image Factory schematic its
 * installer image is built from. Pure and deterministic.
 *
 * @throws {UnsupportedFeatureError} for what Talos cannot do (users, units, packages, files
 * outside /var, managed kubelet fields, a Kubernetes version outside 1.31–1.36).
 * @throws {SpecValidationError} for invalid `spec.adapterOptions.talos`, another Talos minor or channel.
 */
export function provisionTalos(
  adapter: { readonly id: string; readonly capabilities: CapabilitiesV1 },
  settings: ResolvedTalosSettings,
  pool: NodePool,
): ProvisioningResultV1 {
  assertFeaturesSupported(pool, adapter);
  assertTalosKubernetesVersion(pool, adapter.id);
  const options = parseAdapterOptions(pool, adapter.id, talosAdapterOptionsSchema);
  const version = talosReleaseOf(pool, settings.defaultVersion);
  const schematic = poolSchematic(pool, options);
  const image = installerImage({
    registry: settings.imageFactory.registry,
    platform: options.platform,
    schematicId: schematicId(schematic),
    version,
  });
  const model = buildTalosMachineConfiguration({
    pool,
    options,
    adapterId: adapter.id,
    installerImage: image,
  });
  return {
    artifacts: [
      {
        name: TALOS_MACHINE_CONFIG_ARTIFACT,
        mediaType: 'application/yaml',
        contents: stringifyTalosDocuments([model.config, ...model.documents]),
        role: 'user-data',
        containsSecrets: true,
      },
      {
        name: TALOS_SCHEMATIC_ARTIFACT,
        mediaType: 'application/yaml',
        contents: marshalSchematic(schematic),
        role: 'auxiliary',
        containsSecrets: false,
      },
    ],
    warnings: [],
  };
}
