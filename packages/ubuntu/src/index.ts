/**
 * `@kubenode/ubuntu`: the kubenode adapter for Ubuntu (24.04 and 22.04 LTS).
 *
 * @packageDocumentation
 */
export { createUbuntu, type UbuntuAdapter } from './ubuntu-adapter.js';
export { ubuntuSettingsSchema, type UbuntuSettings, type UbuntuSettingsInput } from './ubuntu-settings.js';
export {
  ubuntuAdapterOptionsSchema,
  UBUNTU_PRO_SERVICES,
  type UbuntuAdapterOptions,
} from './ubuntu-adapter-options.js';
export { UBUNTU_CAPABILITIES } from './ubuntu-capabilities.js';
export {
  UBUNTU_IMAGE,
  UBUNTU_CHANNELS,
  UBUNTU_RELEASES,
  UBUNTU_CLOUD_IMAGE_SIGNING_KEY,
} from './ubuntu-image.js';
export { createUbuntuRuntime, UBUNTU_CONTAINERD_VERSION } from './ubuntu-runtime.js';
export { provisionUbuntu, UBUNTU_CLOUD_INIT_DIALECT, UBUNTU_NODE_PACKAGES } from './ubuntu-provision.js';
export { validateUbuntuOutput } from './ubuntu-validate.js';
export { createUbuntuUpdateStrategy, UBUNTU_OS_VERSION_COMMAND } from './ubuntu-update-strategy.js';
export {
  createUbuntuImageBuilder,
  imageBuilderTarget,
  imageBuilderVariables,
  PACKER_VAR_FILE,
  BUILD_SCRIPT,
  UBUNTU_BUILD_TOOLS,
  type UbuntuImageBuilderDependencies,
} from './ubuntu-image-builder.js';
