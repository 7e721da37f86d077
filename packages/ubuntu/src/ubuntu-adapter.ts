import {
  InvalidAdapterOptionsError,
  toSpecIssues,
  type DistroAdapterV1,
  type ExecFunction,
} from '@kubenode/core';
import { UBUNTU_CAPABILITIES } from './ubuntu-capabilities.js';
import { UBUNTU_IMAGE } from './ubuntu-image.js';
import { createUbuntuImageBuilder } from './ubuntu-image-builder.js';
import { provisionUbuntu } from './ubuntu-provision.js';
import { createUbuntuRuntime } from './ubuntu-runtime.js';
import { ubuntuSettingsSchema, type UbuntuSettingsInput } from './ubuntu-settings.js';
import { createUbuntuUpdateStrategy } from './ubuntu-update-strategy.js';
import { validateUbuntuOutput } from './ubuntu-validate.js';

/** The Ubuntu adapter (a {@link DistroAdapterV1}). */
export type UbuntuAdapter = DistroAdapterV1;

/**
 * Creates the Ubuntu adapter: NodePool → `#cloud-config` for Ubuntu 24.04/22.04 (current
 * cloud-init) that installs containerd and kubelet/kubeadm/kubectl pinned to the pool's version
 * and joins with kubeadm; apt updates under the rollout's control, with Livepatch through Ubuntu
 * Pro; images as a kubernetes-sigs/image-builder recipe.
 *
 * @param settings adapter id, the image-builder checkout and make target; `exec` and `toolPath`
 *   replace how the builder runs programs (tests, sandboxes).
 * @throws {InvalidAdapterOptionsError} for invalid settings, with the zod error as `cause`.
 */
export function createUbuntu(
  settings: UbuntuSettingsInput & { readonly exec?: ExecFunction; readonly toolPath?: string } = {},
): UbuntuAdapter {
  const { exec, toolPath, ...rest } = settings;
  const parsed = ubuntuSettingsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof rest.id === 'string' ? rest.id : 'ubuntu',
      issues: toSpecIssues(parsed.error, { schema: ubuntuSettingsSchema }),
      cause: parsed.error,
    });
  }
  const adapter: UbuntuAdapter = {
    specificationVersion: 'v1',
    id: parsed.data.id,
    displayName: 'Ubuntu',
    capabilities: UBUNTU_CAPABILITIES,
    image: UBUNTU_IMAGE,
    runtime: createUbuntuRuntime(),
    updates: createUbuntuUpdateStrategy(),
    builder: createUbuntuImageBuilder(parsed.data, { exec, toolPath }),
    provision: (pool, context) => provisionUbuntu(adapter, pool, context),
    validate: validateUbuntuOutput,
    externalValidators: [
      {
        tool: 'cloud-init',
        debianPackage: 'cloud-init',
        artifact: 'user-data',
        args: ['schema', '--config-file', '{file}'],
        description:
          "cloud-init's own schema check (Debian's 22.4 checks the keys both releases share; keys newer than 22.4, such as ubuntu_pro, pass it as unknown top-level keys and are checked by the adapter's own validator against the 26.2 schema)",
      },
    ],
  };
  return adapter;
}
