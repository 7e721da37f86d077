import {
  osFile,
  renderContainerdConfig,
  renderRegistryHostsFiles,
  type NodePool,
  type RuntimeConfigurationV1,
  type RuntimeV1,
} from '@kubenode/core';
import { flatcarOptionsOf } from './flatcar-render-options.js';

/** The drop-in that makes Flatcar's containerd read /etc/containerd/config.toml (Flatcar docs). */
export const CONTAINERD_CUSTOM_CONFIG_DROPIN = {
  name: '10-use-custom-config.conf',
  contents: '[Service]\nExecStart=\nExecStart=/usr/bin/containerd\n',
} as const;

/**
 * containerd on Flatcar. Flatcar starts containerd with its read-only default
 * `/usr/share/containerd/config.toml`; as Flatcar documents, a custom config goes to
 * `/etc/containerd/config.toml` with a `containerd.service` drop-in whose `ExecStart=` runs
 * `/usr/bin/containerd` without `--config`, so the default path is read. Mirrors are
 * `certs.d/<host>/hosts.toml` files.
 */
export function createFlatcarRuntime(adapterId: string): RuntimeV1 {
  return {
    kind: 'containerd',
    containerdVersion: '1.7',
    render(pool: NodePool): RuntimeConfigurationV1 {
      const options = flatcarOptionsOf(pool, adapterId);
      const config = renderContainerdConfig({
        containerdVersion: options.containerdVersion,
        sandboxImage: pool.spec.runtime.sandboxImage,
      });
      return {
        files: [
          osFile('/etc/containerd/config.toml', config),
          ...renderRegistryHostsFiles(pool.spec.runtime.registryMirrors),
        ],
        units: [{ name: 'containerd.service', mask: false, dropins: [CONTAINERD_CUSTOM_CONFIG_DROPIN] }],
      };
    },
  };
}
