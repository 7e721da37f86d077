import { stringify } from 'smol-toml';

/** The directory containerd reads per-registry `hosts.toml` files from. */
export const CONTAINERD_CERTS_DIRECTORY = '/etc/containerd/certs.d';

/** Options of {@link renderContainerdConfig}. */
export interface ContainerdConfigOptions {
  /** The containerd release line: `1.x` uses config version 2, `2.x` config version 3. */
  readonly containerdVersion: string;
  /** The pod sandbox (pause) image; containerd's built-in default when undefined. */
  readonly sandboxImage?: string;
  /** Where registry host files live. */
  readonly registryConfigPath?: string;
  /** Use the systemd cgroup driver (what kubeadm configures the kubelet with). Default true. */
  readonly systemdCgroup?: boolean;
  /** Extra config files to import (`imports`), e.g. a distro's base config. */
  readonly imports?: readonly string[];
}

/** The containerd major version of a release line such as `1.7`, `2.0` or `2.1.4`. */
export function containerdMajor(version: string): number {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (!Number.isInteger(major) || major < 1) throw new RangeError(`not a containerd version: ${version}`);
  return major;
}

/**
 * Renders `/etc/containerd/config.toml` for a Kubernetes node: the runc runtime with systemd
 * cgroups, the sandbox image, and registry configuration through `certs.d` host files.
 * containerd 1.x gets config version 2 (`io.containerd.grpc.v1.cri`), 2.x config version 3
 * (`io.containerd.cri.v1.images` / `io.containerd.cri.v1.runtime`, sandbox as a pinned image).
 */
export function renderContainerdConfig(options: ContainerdConfigOptions): string {
  const configPath = options.registryConfigPath ?? CONTAINERD_CERTS_DIRECTORY;
  const systemdCgroup = options.systemdCgroup ?? true;
  const runc = { runtime_type: 'io.containerd.runc.v2', options: { SystemdCgroup: systemdCgroup } };
  const header = options.imports && options.imports.length > 0 ? { imports: [...options.imports] } : {};
  if (containerdMajor(options.containerdVersion) === 1) {
    const cri: Record<string, unknown> = {};
    if (options.sandboxImage) cri.sandbox_image = options.sandboxImage;
    cri.containerd = { runtimes: { runc } };
    cri.registry = { config_path: configPath };
    return stringify({ version: 2, ...header, plugins: { 'io.containerd.grpc.v1.cri': cri } }) + '\n';
  }
  const images: Record<string, unknown> = {};
  if (options.sandboxImage) images.pinned_images = { sandbox: options.sandboxImage };
  images.registry = { config_path: configPath };
  return (
    stringify({
      version: 3,
      ...header,
      plugins: {
        'io.containerd.cri.v1.images': images,
        'io.containerd.cri.v1.runtime': { containerd: { runtimes: { runc } } },
      },
    }) + '\n'
  );
}
