import { createDistroContainerdRuntime, type RuntimeV1 } from '@kubenode/core';

/** The containerd release line of Debian 12's package (`containerd` 1.6.20; trixie ships 1.7, which reads the same config). */
export const DEBIAN_CONTAINERD_VERSION = '1.6';

/**
 * containerd on Debian: the archive's `containerd` package, configured through
 * `/etc/containerd/config.toml` (config version 2, systemd cgroups, the pool's sandbox image) and
 * `certs.d/<host>/hosts.toml` mirrors.
 */
export function createDebianRuntime(): RuntimeV1 {
  return createDistroContainerdRuntime(DEBIAN_CONTAINERD_VERSION);
}
