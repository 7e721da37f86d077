import { NTP_CLIENTS } from 'cloud-init-yaml';
import { z } from 'zod';
import { kubernetesAptRepositorySchema } from './kubernetes-apt-repository.js';

/** Where a cloud-init node's kubelet, kubeadm and kubectl come from. */
export const KUBERNETES_PACKAGE_MODES = ['install', 'preinstalled'] as const;

/**
 * `install`: from the Kubernetes apt repository at first boot (with the distribution's
 * containerd); `preinstalled`: the image already carries them at the pool's version, with
 * containerd and the update tooling (images built by `kubenode build` with the repository
 * reachable, kubernetes-sigs/image-builder images, vendor images).
 */
export type KubernetesPackages = (typeof KUBERNETES_PACKAGE_MODES)[number];

/**
 * The `spec.adapterOptions` fields every cloud-init node adapter (Debian, Ubuntu) accepts;
 * adapters compose their own strict schema from this shape.
 */
export const cloudInitNodeOptionsShape = {
  kubernetesPackages: z
    .enum(KUBERNETES_PACKAGE_MODES)
    .default('install')
    .describe(
      'install: kubelet, kubeadm and kubectl from kubernetesRepository at first boot, with containerd from the distribution; preinstalled: the image already has kubelet and kubeadm at spec.kubernetes.version (checked at first boot, then held), containerd and the update tooling, and nothing is installed but spec.os.packages.',
    ),
  kubernetesRepository: kubernetesAptRepositorySchema
    .default({ url: 'https://pkgs.k8s.io/core:/stable:/v{minor}/deb/', packageRevision: '1.1' })
    .describe(
      'Where kubelet, kubeadm and kubectl are installed from (pkgs.k8s.io by default; kubernetesPackages: install).',
    ),
  keepDefaultUser: z
    .boolean()
    .default(true)
    .describe(
      "Keep the image's default user (debian, ubuntu), which receives the cloud's SSH keys, besides spec.os.users.",
    ),
  ntpClient: z
    .enum(NTP_CLIENTS)
    .default('auto')
    .describe(
      "cloud-init's ntp_client with spec.os.ntpServers: auto picks the distribution's preferred client.",
    ),
  compression: z
    .enum(['auto', 'always', 'never'])
    .default('auto')
    .describe(
      'gzip the user data: auto when the platform limit (RenderContext platform) needs it, always, or never.',
    ),
};
