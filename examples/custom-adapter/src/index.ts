/**
 * `kubenode-example-custom-adapter`: a third-party kubenode adapter for Fedora CoreOS, written
 * only against public API. The default export is the factory, so the CLI loads it with
 * `kubenode --adapter ./examples/custom-adapter/dist/index.js render pool.yaml`.
 *
 * @packageDocumentation
 */
import { createFedoraCoreOs } from './fcos-adapter.js';

export { createFedoraCoreOs };
export {
  fedoraCoreOsSettingsSchema,
  type FedoraCoreOsSettings,
  type ResolvedFedoraCoreOsSettings,
} from './fcos-settings.js';
export { fedoraCoreOsCapabilities } from './fcos-capabilities.js';
export { provisionFedoraCoreOs, fedoraCoreOsOptionsSchema, FCOS_CONFIG_ARTIFACT } from './fcos-provision.js';
export { fedoraCoreOsRuntime } from './fcos-runtime.js';
export { fedoraCoreOsUpdates, zincatiConfiguration } from './fcos-update-strategy.js';
export { createFedoraCoreOsImageBuilder } from './fcos-image-builder.js';
export { createFedoraCoreOsImage, FCOS_STREAMS, FCOS_ARCH } from './fcos-image.js';
export { kubernetesRepository, layeredPackages } from './fcos-kubernetes-packages.js';

/** The adapter factory, as the CLI's `--adapter` loader expects it. */
export default createFedoraCoreOs;
