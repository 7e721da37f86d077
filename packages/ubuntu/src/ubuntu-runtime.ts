import { createDistroContainerdRuntime, type RuntimeV1 } from '@kubenode/core';

/** The containerd release line of Ubuntu 24.04's archive package (`containerd` 1.7). */
export const UBUNTU_CONTAINERD_VERSION = '1.7';

/**
 * containerd on Ubuntu: the archive's `containerd` package, configured through
 * `/etc/containerd/config.toml` (config version 2, systemd cgroups, the pool's sandbox image) and
 * `certs.d/<host>/hosts.toml` mirrors.
 */
export function createUbuntuRuntime(): RuntimeV1 {
  return createDistroContainerdRuntime(UBUNTU_CONTAINERD_VERSION);
}
