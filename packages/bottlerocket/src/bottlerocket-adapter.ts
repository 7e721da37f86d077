import {
  InvalidAdapterOptionsError,
  toSpecIssues,
  type DistroAdapterV1,
  type NodePool,
  type RenderContextV1,
} from '@kubenode/core';
import { BOTTLEROCKET_CAPABILITIES } from './bottlerocket-capabilities.js';
import { createBottlerocketImageBuilder } from './bottlerocket-image-builder.js';
import { bottlerocketImage } from './bottlerocket-image.js';
import { provisionBottlerocket } from './bottlerocket-provision.js';
import { bottlerocketRuntime } from './bottlerocket-runtime.js';
import { bottlerocketSettingsSchema, type BottlerocketSettings } from './bottlerocket-settings.js';
import { bottlerocketUpdateStrategy } from './bottlerocket-update-strategy.js';
import { validateBottlerocketResult } from './bottlerocket-validate.js';

/**
 * Creates the Bottlerocket adapter: NodePool → user-data settings TOML for Kubernetes variants
 * (aws-k8s-*, metal-k8s-*, vmware-k8s-*), checked against the settings model; A/B updates
 * through apiclient; a Twoliter variant recipe as the build.
 *
 * @throws {InvalidAdapterOptionsError} for invalid settings.
 */
export function createBottlerocket(settings: BottlerocketSettings = {}): DistroAdapterV1 {
  const parsed = bottlerocketSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof settings.id === 'string' ? settings.id : 'bottlerocket',
      issues: toSpecIssues(parsed.error, { schema: bottlerocketSettingsSchema }),
      cause: parsed.error,
    });
  }
  const resolved = parsed.data;
  const adapter: DistroAdapterV1 = {
    specificationVersion: 'v1',
    id: resolved.id,
    displayName: 'Bottlerocket',
    capabilities: BOTTLEROCKET_CAPABILITIES,
    image: bottlerocketImage,
    runtime: bottlerocketRuntime,
    provision: (pool: NodePool, context: RenderContextV1 = {}) =>
      provisionBottlerocket({
        pool,
        context,
        adapter,
        defaultPlatform: resolved.defaultPlatform,
        ...(resolved.release === undefined ? {} : { release: resolved.release }),
      }),
    validate: validateBottlerocketResult,
    externalValidators: [],
    updates: bottlerocketUpdateStrategy,
    builder: createBottlerocketImageBuilder({
      adapterId: resolved.id,
      defaultPlatform: resolved.defaultPlatform,
      ...(resolved.exec === undefined ? {} : { exec: resolved.exec }),
      ...(resolved.toolPath === undefined ? {} : { toolPath: resolved.toolPath }),
    }),
  };
  return adapter;
}
