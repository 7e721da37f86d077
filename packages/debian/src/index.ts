/**
 * `@kubenode/debian`: the kubenode adapter for Debian (12 bookworm, 13 trixie).
 *
 * @packageDocumentation
 */
export { createDebian, type DebianAdapter, type DebianAdapterIo } from './debian-adapter.js';
export { debianSettingsSchema, type DebianSettings, type DebianSettingsInput } from './debian-settings.js';
export { debianAdapterOptionsSchema, type DebianAdapterOptions } from './debian-adapter-options.js';
export { DEBIAN_CAPABILITIES } from './debian-capabilities.js';
export { DEBIAN_IMAGE, DEBIAN_CHANNELS, DEBIAN_RELEASES, DEBIAN_IMAGE_VARIANTS } from './debian-image.js';
export { createDebianRuntime, DEBIAN_CONTAINERD_VERSION } from './debian-runtime.js';
export {
  provisionDebian,
  DEBIAN_CLOUD_INIT_DIALECT,
  DEBIAN_NODE_CLOUD_INIT_PACKAGES,
} from './debian-provision.js';
export { validateDebianOutput } from './debian-validate.js';
export { createDebianUpdateStrategy, DEBIAN_OS_VERSION_COMMAND } from './debian-update-strategy.js';
export {
  createDebianImageBuilder,
  debianImageBuilderSettingsSchema,
  DEBIAN_IMAGE_RELEASES,
  DEBIAN_IMAGE_OUTPUT_FORMATS,
  DEBIAN_NODE_PACKAGES,
  type DebianImageBuilderSettings,
  type DebianImageBuilderSettingsInput,
  type DebianImageRelease,
} from './debian-image-builder.js';
