import {
  osFile,
  renderContainerdConfig,
  renderRegistryHostsFiles,
  type NodePool,
  type RuntimeConfigurationV1,
  type RuntimeV1,
} from '@kubenode/core';
import type { GardenLinuxSettings } from './gardenlinux-settings.js';
import { resolvePoolTarget } from './gardenlinux-target.js';

/**
 * The containerd release line the configuration is written for. Config version 2 (containerd
 * 1.x) is also read by containerd 2.x, so it fits whichever line a Garden Linux release ships.
 */
export const GARDENLINUX_CONTAINERD_CONFIG_LINE = '1.7';

/**
 * containerd on Garden Linux. Standalone nodes get `/etc/containerd/config.toml` (runc with the
 * systemd cgroup driver, the pool's sandbox image, `config_path` for registry mirrors as
 * `certs.d/<host>/hosts.toml`) and containerd.service enabled, since the `gardener` feature
 * ships it disabled. Under Gardener, gardener-node-agent writes containerd's configuration and
 * the registry-mirror extension its mirrors, so the runtime renders nothing. The mode is the
 * pool's (`spec.adapterOptions.<id>.mode`) or the adapter's.
 */
export function createGardenLinuxRuntime(
  settings: Pick<GardenLinuxSettings, 'id' | 'mode' | 'flavor'>,
): RuntimeV1 {
  return {
    kind: 'containerd',
    containerdVersion: GARDENLINUX_CONTAINERD_CONFIG_LINE,
    render(pool: NodePool): RuntimeConfigurationV1 {
      if (resolvePoolTarget(settings, pool).target.mode === 'gardener') return { files: [], units: [] };
      const config = renderContainerdConfig({
        containerdVersion: GARDENLINUX_CONTAINERD_CONFIG_LINE,
        sandboxImage: pool.spec.runtime.sandboxImage,
      });
      return {
        files: [
          osFile('/etc/containerd/config.toml', config),
          ...renderRegistryHostsFiles(pool.spec.runtime.registryMirrors),
        ],
        units: [{ name: 'containerd.service', enabled: true, mask: false, dropins: [] }],
      };
    },
  };
}
