import {
  osFile,
  renderContainerdConfig,
  renderProxyUnits,
  renderRegistryHostsFiles,
  type RuntimeV1,
} from '@kubenode/core';

/**
 * containerd as Fedora CoreOS ships it: `/etc/containerd/config.toml` in config version 2 (the
 * containerd 1.x format, which containerd 2.x also reads), mirrors as `certs.d` host files,
 * the service enabled, proxy drop-ins when the pool sets a proxy.
 */
export const fedoraCoreOsRuntime: RuntimeV1 = {
  kind: 'containerd',
  containerdVersion: '1.7',
  render(pool) {
    return {
      files: [
        osFile(
          '/etc/containerd/config.toml',
          renderContainerdConfig({ containerdVersion: '1.7', sandboxImage: pool.spec.runtime.sandboxImage }),
        ),
        ...renderRegistryHostsFiles(pool.spec.runtime.registryMirrors),
      ],
      units: [
        { name: 'containerd.service', enabled: true, mask: false, dropins: [] },
        ...renderProxyUnits(pool.spec.os.proxy, [
          'containerd.service',
          'kubelet.service',
          'rpm-ostreed.service',
        ]),
      ],
    };
  },
};
