import {
  InvalidAdapterOptionsError,
  toSpecIssues,
  type DistroAdapterV1,
  type NodePool,
  type RenderContextV1,
} from '@kubenode/core';
import { K3OS_CAPABILITIES } from './k3os-capabilities.js';
import { createK3osImageBuilder } from './k3os-image-builder.js';
import { k3osImage } from './k3os-image.js';
import { provisionK3os } from './k3os-provision.js';
import { k3osRuntime } from './k3os-runtime.js';
import { k3osSettingsSchema, type K3osSettings } from './k3os-settings.js';
import { k3osUpdateStrategy } from './k3os-update-strategy.js';
import { validateK3osResult } from './k3os-validate.js';

/**
 * Creates the k3OS adapter (legacy: k3OS is end of life, and every render says so): NodePool →
 * `config.yaml` checked against the k3OS config fields; in-place upgrades from the
 * `rancher/k3os` image (system-upgrade-controller Plans or kubenode's node agent); an xorriso
 * ISO remaster as the build.
 *
 * @throws {InvalidAdapterOptionsError} for invalid settings.
 */
export function createK3os(settings: K3osSettings = {}): DistroAdapterV1 {
  const parsed = k3osSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof settings.id === 'string' ? settings.id : 'k3os',
      issues: toSpecIssues(parsed.error, { schema: k3osSettingsSchema }),
      cause: parsed.error,
    });
  }
  const resolved = parsed.data;
  const provision = (pool: NodePool, context: RenderContextV1 = {}) =>
    provisionK3os({ pool, context, adapter });
  const adapter: DistroAdapterV1 = {
    specificationVersion: 'v1',
    id: resolved.id,
    displayName: 'k3OS (end of life)',
    capabilities: K3OS_CAPABILITIES,
    image: k3osImage,
    runtime: k3osRuntime,
    provision,
    validate: validateK3osResult,
    externalValidators: [],
    updates: k3osUpdateStrategy,
    builder: createK3osImageBuilder({
      adapterId: resolved.id,
      provision: (pool) => provision(pool),
      ...(resolved.exec === undefined ? {} : { exec: resolved.exec }),
      ...(resolved.toolPath === undefined ? {} : { toolPath: resolved.toolPath }),
    }),
  };
  return adapter;
}
