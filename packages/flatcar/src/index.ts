/**
 * `@kubenode/flatcar`: the kubenode adapter for Flatcar Container Linux.
 *
 * @packageDocumentation
 */
export { createFlatcar, type FlatcarAdapter } from './flatcar-adapter.js';
export {
  flatcarSettingsSchema,
  type FlatcarSettings,
  type FlatcarSettingsInput,
  type FetchFunction,
} from './flatcar-settings.js';
export {
  flatcarAdapterOptionsSchema,
  FLATCAR_PUBLIC_UPDATE_SERVER,
  FLATCAR_EXTENSIONS_URL,
  type FlatcarAdapterOptions,
} from './flatcar-adapter-options.js';
export { FLATCAR_CAPABILITIES } from './flatcar-capabilities.js';
export { FLATCAR_IMAGE, FLATCAR_CHANNELS, FLATCAR_IMAGE_SIGNING_KEY } from './flatcar-image.js';
export { createFlatcarRuntime, CONTAINERD_CUSTOM_CONFIG_DROPIN } from './flatcar-runtime.js';
export {
  provisionFlatcar,
  JOIN_CONFIGURATION_PATH,
  KUBEADM_PATCHES_DIRECTORY,
  IGNITION_ARTIFACT,
  IGNITION_MEDIA_TYPE,
  type FlatcarProvisionDependencies,
} from './flatcar-provision.js';
export { validateFlatcarOutput } from './flatcar-validate.js';
export {
  createFlatcarUpdateStrategy,
  renderUpdateConf,
  UPDATE_CONF_PATH,
} from './flatcar-update-strategy.js';
export {
  parseUpdateEngineStatus,
  flatcarVersionOf,
  compareFlatcarVersions,
  UPDATE_ENGINE_STATES,
  type UpdateEngineState,
  type UpdateEngineStatus,
} from './update-engine-status.js';
export {
  createFlatcarImageBuilder,
  KUBERNETES_SYSEXT_BINARIES,
  SYSEXT_BUILD_PARAMETERS_FILE,
} from './flatcar-image-builder.js';
export {
  kubernetesSysextLayout,
  renderKubernetesSysupdate,
  SYSEXT_ARCHITECTURES,
  SYSUPDATE_NOOP_CONF,
  SYSUPDATE_KUBERNETES_DROPIN,
  type KubernetesSysextLayout,
} from './kubernetes-sysext.js';
