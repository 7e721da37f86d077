/**
 * `@kubenode/bottlerocket`: the kubenode adapter for Bottlerocket. NodePool → user-data
 * settings TOML for the Kubernetes variants, a settings validator derived from Bottlerocket's
 * settings documentation, A/B update steps through apiclient, a Twoliter variant recipe.
 *
 * @packageDocumentation
 */
export { createBottlerocket } from './bottlerocket-adapter.js';
export {
  bottlerocketSettingsSchema,
  type BottlerocketSettings,
  type ResolvedBottlerocketSettings,
} from './bottlerocket-settings.js';
export {
  bottlerocketAdapterOptionsSchema,
  bottlerocketBuildOptionsSchema,
  type BottlerocketAdapterOptions,
  type BottlerocketBuildOptions,
} from './bottlerocket-adapter-options.js';
export { BOTTLEROCKET_CAPABILITIES } from './bottlerocket-capabilities.js';
export { bottlerocketImage } from './bottlerocket-image.js';
export { bottlerocketRuntime } from './bottlerocket-runtime.js';
export {
  provisionBottlerocket,
  kernelParameters,
  kernelCommandLine,
  BOTTLEROCKET_USER_DATA,
  BOTTLEROCKET_USER_DATA_LIMITS,
} from './bottlerocket-provision.js';
export { validateBottlerocketResult } from './bottlerocket-validate.js';
export {
  validateBottlerocketSettings,
  validateBottlerocketUserData,
  type BottlerocketSettingsValidationOptions,
} from './bottlerocket-settings-validator.js';
export type { SettingsIssue } from './settings-model/check-setting-value.js';
export {
  settingsModelFor,
  BOTTLEROCKET_SETTINGS_DOCS,
  LATEST_SETTINGS_RELEASE,
  type SettingsModel,
  type ModelSetting,
} from './settings-model/settings-model.js';
export type {
  SettingDocEntry,
  SettingsDocsModel,
  SettingsDocsSection,
} from './settings-model/settings-docs-model.js';
export type { SettingType, StringFormat } from './settings-model/setting-type.js';
export {
  parseBottlerocketVariant,
  variantSections,
  BOTTLEROCKET_FLAVORS,
  type BottlerocketVariant,
  type BottlerocketPlatform,
} from './bottlerocket-variant.js';
export { resolveBottlerocketVariant } from './resolve-bottlerocket-variant.js';
export {
  KUBELET_FIELD_MAPPINGS,
  mapKubeletFields,
  effectiveKubeletConfiguration,
  type KubeletFieldMapping,
  type MappedKubeletFields,
} from './bottlerocket-kubelet-fields.js';
export {
  bottlerocketUpdateStrategy,
  bottlerocketCancelSteps,
  parseBottlerocketOsImage,
} from './bottlerocket-update-strategy.js';
export { createBottlerocketImageBuilder, BOTTLEROCKET_BUILD_TOOLS } from './bottlerocket-image-builder.js';
export {
  renderBottlerocketRecipe,
  defaultVariantPackages,
  type BottlerocketRecipe,
} from './bottlerocket-recipe.js';
export { VERSION } from './version.js';
