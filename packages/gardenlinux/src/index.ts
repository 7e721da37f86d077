/**
 * `@kubenode/gardenlinux`: the kubenode adapter for Garden Linux, under Gardener
 * (OperatingSystemConfig and Shoot fragments) and standalone (cloud-init or Ignition).
 *
 * @packageDocumentation
 */
export { createGardenLinux, type GardenLinuxAdapter } from './gardenlinux-adapter.js';
export {
  gardenLinuxSettingsSchema,
  GARDENLINUX_MODES,
  DEFAULT_GARDENLINUX_FLAVOR,
  type GardenLinuxMode,
  type GardenLinuxSettings,
  type GardenLinuxSettingsInput,
} from './gardenlinux-settings.js';
export {
  gardenLinuxAdapterOptionsSchema,
  GARDENER_WORKER_NAME,
  PKGS_K8S_IO,
  type GardenLinuxAdapterOptions,
} from './gardenlinux-adapter-options.js';
export {
  gardenLinuxFlavorSchema,
  parseGardenLinuxFlavor,
  flavorWith,
  GARDENLINUX_PLATFORMS,
  type GardenLinuxFlavor,
  type GardenLinuxPlatform,
} from './gardenlinux-flavor.js';
export {
  gardenLinuxTarget,
  resolvePoolTarget,
  standaloneRefusal,
  type GardenLinuxTarget,
} from './gardenlinux-target.js';
export { gardenLinuxCapabilities, updatesInPlace } from './gardenlinux-capabilities.js';
export {
  GARDENLINUX_RELEASE_LINES,
  DEFAULT_GARDENLINUX_CHANNEL,
  GARDENLINUX_VERSION,
  gardenLinuxReleaseLine,
  compareGardenLinuxVersions,
  type GardenLinuxReleaseLine,
} from './gardenlinux-releases.js';
export {
  createGardenLinuxImage,
  GARDENLINUX_OCI_REPOSITORY,
  GARDENLINUX_RELEASES_URL,
  GLRD_MAJOR_RELEASES_URL,
} from './gardenlinux-image.js';
export { createGardenLinuxRuntime, GARDENLINUX_CONTAINERD_LINE } from './gardenlinux-runtime.js';
export {
  planGardenLinuxNode,
  mergeUnits,
  JOIN_CONFIGURATION_PATH,
  KUBEADM_PATCHES_DIRECTORY,
  JOIN_UNIT,
  PACKAGES_UNIT,
  type GardenLinuxNodePlan,
  type NodePlanDependencies,
} from './gardenlinux-node-plan.js';
export {
  LOCAL_CA_DIRECTORY,
  UPDATE_CA_UNIT,
  timeService,
  type TimeService,
  ntpFile,
  caCertificates,
  maskedUnitFile,
} from './gardenlinux-node-files.js';
export {
  renderGardenLinuxCloudConfig,
  GARDENLINUX_CLOUD_INIT_DIALECT,
  CLOUD_CONFIG_ARTIFACT,
  CLOUD_CONFIG_MEDIA_TYPE,
} from './gardenlinux-cloud-config.js';
export {
  renderGardenLinuxIgnition,
  GARDENLINUX_IGNITION_VERSION,
  IGNITION_ARTIFACT,
  IGNITION_MEDIA_TYPE,
} from './gardenlinux-ignition.js';
export {
  renderGardenerFragments,
  gardenerWorkerName,
  KERNEL_MODULES_UNIT,
  type GardenerFragments,
} from './gardenlinux-gardener.js';
export { gardenerKubeletConfig, GARDENER_KUBELET_FIELDS } from './gardener-kubelet-config.js';
export {
  operatingSystemConfigSchema,
  oscFileSchema,
  oscUnitSchema,
  oscDropInSchema,
  oscFileContentSchema,
  EXTENSIONS_API_VERSION,
  type OperatingSystemConfig,
  type OscFile,
  type OscUnit,
} from './operating-system-config-schema.js';
export {
  checkOperatingSystemConfigCrd,
  OPERATING_SYSTEM_CONFIG_OPENAPI_SCHEMA,
  type CrdSchemaIssue,
} from './operating-system-config-crd.js';
export {
  shootPatchSchema,
  shootWorkerPatchSchema,
  mirrorConfigurationSchema,
  SHOOT_API_VERSION,
  MIRROR_CONFIG_API_VERSION,
  type ShootPatch,
  type ShootWorkerPatch,
} from './shoot-patch-schema.js';
export {
  provisionGardenLinux,
  GARDENER_YAML_MEDIA_TYPE,
  type GardenLinuxProvisionDependencies,
} from './gardenlinux-provision.js';
export {
  validateGardenLinuxOutput,
  OPERATING_SYSTEM_CONFIG_ARTIFACT,
  SHOOT_PATCH_ARTIFACT,
} from './gardenlinux-validate.js';
export {
  createGardenLinuxUpdateStrategy,
  parseUsiBootState,
  UKI_DIRECTORY,
  type UsiBootState,
} from './gardenlinux-update-strategy.js';
export { gardenLinuxVersionOf } from './gardenlinux-os-image.js';
export { createGardenLinuxImageBuilder, GARDENLINUX_BUILD_TOOLS } from './gardenlinux-image-builder.js';
export {
  gardenLinuxRecipe,
  shellQuote,
  KUBENODE_FEATURE,
  BUILD_PARAMETERS_FILE,
  type GardenLinuxBuildParameters,
  type GardenLinuxRecipe,
} from './gardenlinux-builder-recipe.js';
