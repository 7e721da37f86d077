/**
 * `@kubenode/k3os`: the kubenode adapter for k3OS, which is end of life upstream (last release
 * 2021, deprecated 2023). NodePool → `config.yaml` checked against the k3OS config fields,
 * system-upgrade-controller Plans and node-agent upgrade steps, an xorriso ISO remaster.
 *
 * @packageDocumentation
 */
export { createK3os } from './k3os-adapter.js';
export { k3osSettingsSchema, type K3osSettings, type ResolvedK3osSettings } from './k3os-settings.js';
export {
  k3osAdapterOptionsSchema,
  k3osIsoOptionsSchema,
  K3OS_DATA_SOURCES,
  type K3osAdapterOptions,
} from './k3os-adapter-options.js';
export { K3OS_CAPABILITIES } from './k3os-capabilities.js';
export { k3osImage } from './k3os-image.js';
export { k3osRuntime, K3S_REGISTRIES_PATH } from './k3os-runtime.js';
export { provisionK3os, k3sJoinToken, K3OS_CONFIG, K3OS_CA_DIRECTORY } from './k3os-provision.js';
export { validateK3osResult } from './k3os-validate.js';
export {
  validateK3osConfig,
  validateK3osConfigText,
  parseK3osConfig,
  type K3osConfigIssue,
} from './k3os-config-validator.js';
export {
  K3OS_CONFIG_FIELDS,
  K3OS_FILE_ENCODINGS,
  k3osConfigPaths,
  type K3osField,
  type K3osFieldType,
} from './k3os-config-fields.js';
export {
  K3OS_LATEST_RELEASE,
  K3OS_LATEST_KUBERNETES_MINOR,
  K3OS_END_OF_LIFE_NOTICE,
  k3osKubernetesVersion,
} from './k3os-release.js';
export { k3osUpdateStrategy, parseK3osOsImage, K3OS_UPGRADE_IMAGE } from './k3os-update-strategy.js';
export { renderK3osUpgradePlan, type K3osUpgradePlanOptions } from './k3os-upgrade-plan.js';
export { createK3osImageBuilder, type K3osRemasterSpec } from './k3os-image-builder.js';
export { editK3osGrubConfig, k3osInstallArguments, type K3osBootOptions } from './k3os-grub-config.js';
export { VERSION } from './version.js';
