import {
  osFile,
  renderContainerdConfig,
  renderRegistryHostsFiles,
  type NodePool,
  type RuntimeConfigurationV1,
  type RuntimeV1,
} from '@kubenode/core';
import { DEFAULT_GARDENLINUX_CHANNEL, gardenLinuxReleaseLine } from './gardenlinux-releases.js';
import type { GardenLinuxSettings } from './gardenlinux-settings.js';
import { resolvePoolTarget } from './gardenlinux-target.js';

/** The containerd release line of the default release line (1877: containerd 2.1, 2.2 from 1877.18). */
export const GARDENLINUX_CONTAINERD_LINE =
  gardenLinuxReleaseLine(DEFAULT_GARDENLINUX_CHANNEL)?.containerd ?? '2.1';

/**
 * containerd on Garden Linux. Standalone nodes get `/etc/containerd/config.toml` for the
 * containerd line of the pool's release (config version 3 for 1877's containerd 2.x, version 2
 * for 1592's 1.7): runc with the systemd cgroup driver, the pool's sandbox image, `config_path` for registry mirrors as
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
    containerdVersion: GARDENLINUX_CONTAINERD_LINE,
    render(pool: NodePool): RuntimeConfigurationV1 {
      if (resolvePoolTarget(settings, pool).target.mode === 'gardener') return { files: [], units: [] };
      const line = gardenLinuxReleaseLine(pool.spec.image.channel ?? DEFAULT_GARDENLINUX_CHANNEL);
      const config = renderContainerdConfig({
        containerdVersion: line?.containerd ?? GARDENLINUX_CONTAINERD_LINE,
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
