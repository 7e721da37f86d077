import { osFile } from '../adapter/v1/os-file-v1.js';
import type { RuntimeConfigurationV1, RuntimeV1 } from '../adapter/v1/runtime-v1.js';
import type { NodePool } from '../node-pool/node-pool-schema.js';
import { renderContainerdConfig } from '../renderers/containerd-config.js';
import { renderRegistryHostsFiles } from '../renderers/registry-hosts.js';

/**
 * containerd from the distribution's own package (Debian's and Ubuntu's `containerd`), which
 * reads `/etc/containerd/config.toml`: the runc runtime with the systemd cgroup driver, the
 * pool's sandbox image, and registry mirrors as `certs.d/<host>/hosts.toml`.
 *
 * @param containerdVersion the release line the distribution ships (`1.6` on Debian 12, `1.7` on Ubuntu 24.04).
 */
export function createDistroContainerdRuntime(containerdVersion: string): RuntimeV1 {
  return {
    kind: 'containerd',
    containerdVersion,
    render(pool: NodePool): RuntimeConfigurationV1 {
      const config = renderContainerdConfig({
        containerdVersion,
        sandboxImage: pool.spec.runtime.sandboxImage,
      });
      return {
        files: [
          osFile('/etc/containerd/config.toml', config),
          ...renderRegistryHostsFiles(pool.spec.runtime.registryMirrors),
        ],
        units: [],
      };
    },
  };
}
