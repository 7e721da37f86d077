import {
  parseAdapterOptions,
  provisionCloudInitNode,
  type DistroAdapterV1,
  type NodePool,
  type ProvisioningResultV1,
  type RenderContextV1,
} from '@kubenode/core';
import { ubuntuAdapterOptionsSchema } from './ubuntu-adapter-options.js';

/** The cloud-init dialect of Ubuntu 22.04/24.04 images (current cloud-init through SRUs). */
export const UBUNTU_CLOUD_INIT_DIALECT = 'current';

/** Distribution packages every Ubuntu node installs: the runtime and the update tooling. */
export const UBUNTU_NODE_PACKAGES: readonly string[] = ['containerd', 'needrestart', 'unattended-upgrades'];

/**
 * NodePool → `#cloud-config` for Ubuntu 24.04 (current cloud-init): containerd from the archive,
 * kubelet/kubeadm/kubectl pinned from pkgs.k8s.io, the kubeadm join in Cluster API's layout,
 * `create_hostname_file` with a static host name, and `ubuntu_pro` when the pool asks for Ubuntu
 * Pro. Pure and deterministic.
 *
 * @throws {UnsupportedFeatureError} for user data too large for the platform.
 * @throws {SpecValidationError} for invalid `spec.adapterOptions.ubuntu`.
 */
export function provisionUbuntu(
  adapter: Pick<DistroAdapterV1, 'id' | 'capabilities' | 'runtime' | 'updates'>,
  pool: NodePool,
  context: RenderContextV1 = {},
): ProvisioningResultV1 {
  const options = parseAdapterOptions(pool, adapter.id, ubuntuAdapterOptionsSchema);
  return provisionCloudInitNode(adapter, pool, context, {
    dialect: UBUNTU_CLOUD_INIT_DIALECT,
    osPackages: UBUNTU_NODE_PACKAGES,
    kubernetesRepository: options.kubernetesRepository,
    kubernetesPackages: options.kubernetesPackages,
    keepDefaultUser: options.keepDefaultUser,
    ntpClient: options.ntpClient,
    createHostnameFile: true,
    compression: options.compression,
    extra: options.pro ? { ubuntu_pro: { token: options.pro.token, enable: [...options.pro.enable] } } : {},
  });
}
