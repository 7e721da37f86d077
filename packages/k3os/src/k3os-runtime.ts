import { toYaml, type NodePool, type RuntimeV1 } from '@kubenode/core';

/** Where k3s reads registry mirrors. */
export const K3S_REGISTRIES_PATH = '/etc/rancher/k3s/registries.yaml';

/**
 * The container runtime of k3OS: the containerd embedded in k3s. Registry mirrors are k3s's
 * `/etc/rancher/k3s/registries.yaml`; the sandbox image is a k3s flag (`--pause-image`, in
 * config.yaml's k3s_args), so it renders no file.
 */
export const k3osRuntime: RuntimeV1 = {
  kind: 'containerd',
  containerdVersion: '1.5',
  render(pool: NodePool) {
    const registries = Object.keys(pool.spec.runtime.registryMirrors).sort();
    if (registries.length === 0) return { files: [], units: [] };
    const contents = toYaml({
      mirrors: Object.fromEntries(
        registries.map((registry) => [
          registry,
          { endpoint: [...pool.spec.runtime.registryMirrors[registry]!] },
        ]),
      ),
    });
    return {
      files: [
        {
          path: K3S_REGISTRIES_PATH,
          contents,
          encoding: 'utf-8',
          mode: 0o644,
          owner: 'root',
          group: 'root',
          containsSecret: false,
        },
      ],
      units: [],
    };
  },
};
