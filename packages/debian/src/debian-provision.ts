import {
  parseAdapterOptions,
  provisionCloudInitNode,
  type DistroAdapterV1,
  type NodePool,
  type ProvisioningResultV1,
  type RenderContextV1,
} from '@kubenode/core';
import { debianAdapterOptionsSchema } from './debian-adapter-options.js';

/**
 * The cloud-init dialect of Debian images: 22.4, as Debian 12 ships it (22.4.2). Debian 13's
 * cloud-init (25.1) reads this subset unchanged.
 */
export const DEBIAN_CLOUD_INIT_DIALECT = '22.4';

/**
 * Distribution packages every Debian node installs at first boot (`kubernetesPackages: install`):
 * the runtime and the update tooling. Not needrestart: it brings perl onto the node, and reboot
 * detection does not need it (see the update strategy).
 */
export const DEBIAN_NODE_CLOUD_INIT_PACKAGES: readonly string[] = ['containerd', 'unattended-upgrades'];

/**
 * NodePool → `#cloud-config` for Debian 12 (cloud-init 22.4): containerd from the archive,
 * kubelet/kubeadm/kubectl pinned from pkgs.k8s.io, the kubeadm join in Cluster API's layout,
 * only keys cloud-init 22.4 accepts and never a jinja header. Pure and deterministic.
 *
 * @throws {UnsupportedFeatureError} for user data too large for the platform.
 * @throws {SpecValidationError} for invalid `spec.adapterOptions.debian`.
 */
export function provisionDebian(
  adapter: Pick<DistroAdapterV1, 'id' | 'capabilities' | 'runtime' | 'updates'>,
  pool: NodePool,
  context: RenderContextV1 = {},
): ProvisioningResultV1 {
  const options = parseAdapterOptions(pool, adapter.id, debianAdapterOptionsSchema);
  return provisionCloudInitNode(adapter, pool, context, {
    dialect: DEBIAN_CLOUD_INIT_DIALECT,
    osPackages: DEBIAN_NODE_CLOUD_INIT_PACKAGES,
    kubernetesRepository: options.kubernetesRepository,
    kubernetesPackages: options.kubernetesPackages,
    bootLoader: options.bootLoader,
    keepDefaultUser: options.keepDefaultUser,
    ntpClient: options.ntpClient,
    createHostnameFile: false,
    compression: options.compression,
  });
}
