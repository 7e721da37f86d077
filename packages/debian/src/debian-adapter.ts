import { InvalidAdapterOptionsError, toSpecIssues, type DistroAdapterV1 } from '@kubenode/core';
import { DEBIAN_CAPABILITIES } from './debian-capabilities.js';
import { DEBIAN_IMAGE } from './debian-image.js';
import { createDebianImageBuilder, type DebianImageBuilderSettingsInput } from './debian-image-builder.js';
import { provisionDebian } from './debian-provision.js';
import { createDebianRuntime } from './debian-runtime.js';
import { debianSettingsSchema, type DebianSettingsInput } from './debian-settings.js';
import { createDebianUpdateStrategy } from './debian-update-strategy.js';
import { validateDebianOutput } from './debian-validate.js';

/** The Debian adapter (a {@link DistroAdapterV1}). */
export type DebianAdapter = DistroAdapterV1;

/** The I/O the Debian image builder uses, injectable (see `createDebianImageBuilder`). */
export type DebianAdapterIo = Pick<DebianImageBuilderSettingsInput, 'exec' | 'fetch' | 'isRoot'>;

/**
 * Creates the Debian adapter: NodePool → `#cloud-config` for Debian 12 (cloud-init 22.4) that
 * installs containerd and kubelet/kubeadm/kubectl pinned to the pool's version and joins with
 * kubeadm; apt updates under the rollout's control; real node images built with mmdebstrap.
 *
 * @param settings adapter id and image builder settings; `exec`, `fetch` and `isRoot` replace the
 *   builder's I/O (tests, sandboxes).
 * @throws {InvalidAdapterOptionsError} for invalid settings, with the zod error as `cause`.
 */
export function createDebian(settings: DebianSettingsInput & DebianAdapterIo = {}): DebianAdapter {
  const { exec, fetch, isRoot, ...rest } = settings;
  const parsed = debianSettingsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: typeof rest.id === 'string' ? rest.id : 'debian',
      issues: toSpecIssues(parsed.error, { schema: debianSettingsSchema }),
      cause: parsed.error,
    });
  }
  const io: DebianAdapterIo = {
    ...(exec === undefined ? {} : { exec }),
    ...(fetch === undefined ? {} : { fetch }),
    ...(isRoot === undefined ? {} : { isRoot }),
  };
  const adapter: DebianAdapter = {
    specificationVersion: 'v1',
    id: parsed.data.id,
    displayName: 'Debian',
    capabilities: DEBIAN_CAPABILITIES,
    image: DEBIAN_IMAGE,
    runtime: createDebianRuntime(),
    updates: createDebianUpdateStrategy(),
    builder: createDebianImageBuilder({ ...parsed.data.imageBuilder, ...io }),
    provision: (pool, context) => provisionDebian(adapter, pool, context),
    validate: validateDebianOutput,
    externalValidators: [
      {
        tool: 'cloud-init',
        debianPackage: 'cloud-init',
        artifact: 'user-data',
        args: ['schema', '--config-file', '{file}'],
        description: "cloud-init's own schema check (Debian 12's cloud-init 22.4, the release the nodes run)",
      },
    ],
  };
  return adapter;
}
