/**
 * `@kubenode/talos`: the kubenode adapter for Talos Linux 1.13.
 *
 * @packageDocumentation
 */
export { createTalos, type TalosAdapter } from './talos-adapter.js';
export {
  talosSettingsSchema,
  type TalosSettings,
  type ResolvedTalosSettings,
  type TalosFetch,
} from './talos-settings.js';
export {
  talosAdapterOptionsSchema,
  type TalosAdapterOptions,
  type TalosAdapterOptionsInput,
} from './talos-adapter-options.js';
export { talosCapabilities } from './talos-capabilities.js';
export {
  provisionTalos,
  TALOS_MACHINE_CONFIG_ARTIFACT,
  TALOS_SCHEMATIC_ARTIFACT,
} from './talos-provision.js';
export { validateTalosOutput } from './talos-validate.js';
export { validateTalosDocument, talosDocumentKinds, type TalosSchemaIssue } from './talos-config-schema.js';
export { buildTalosMachineConfiguration, TALOS_PROTECTED_KUBELET_FIELDS } from './talos-machine-config.js';
export type {
  TalosMachineConfiguration,
  TalosV1Alpha1Config,
  TalosConfigDocument,
  TalosMachineFile,
  TalosKubeletTaint,
  TalosHostnameConfig,
  TalosTimeSyncConfig,
  TalosEnvironmentConfig,
  TalosRegistryMirrorConfig,
  TalosTrustedRootsConfig,
  TalosVolumeConfig,
} from './talos-config-documents.js';
export { stringifyTalosDocuments, parseTalosDocuments, type ParsedTalosDocument } from './talos-yaml.js';
export {
  marshalSchematic,
  schematicId,
  DEFAULT_SCHEMATIC_ID,
  type TalosSchematic,
} from './talos-schematic.js';
export { poolSchematic } from './talos-pool-schematic.js';
export { installerImage } from './talos-installer-image.js';
export { TALOS_PLATFORMS, TALOS_PLATFORM_NAMES, type TalosPlatform } from './talos-platform.js';
export { createTalosUpdateStrategy, talosOsImage } from './talos-update-strategy.js';
export { createTalosImageBuilder, IMAGE_FACTORY_TOOL } from './talos-image-builder.js';
export { createTalosImage } from './talos-image.js';
export { talosRuntime, sandboxImageCustomization, TALOS_CRI_CUSTOMIZATION_PATH } from './talos-runtime.js';
export { talosReleaseOf, assertTalosKubernetesVersion } from './talos-release.js';
export { talosSecrets } from './talos-secrets.js';
export {
  TALOS_MINOR,
  TALOS_DEFAULT_VERSION,
  TALOS_KUBERNETES_VERSIONS,
  TALOS_VERSION_PATTERN,
  talosTag,
} from './talos-version.js';
