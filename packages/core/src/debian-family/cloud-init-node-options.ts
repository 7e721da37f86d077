import { NTP_CLIENTS } from 'cloud-init-yaml';
import { z } from 'zod';
import { kubernetesAptRepositorySchema } from './kubernetes-apt-repository.js';

/**
 * The `spec.adapterOptions` fields every cloud-init node adapter (Debian, Ubuntu) accepts;
 * adapters compose their own strict schema from this shape.
 */
export const cloudInitNodeOptionsShape = {
  kubernetesRepository: kubernetesAptRepositorySchema
    .default({ url: 'https://pkgs.k8s.io/core:/stable:/v{minor}/deb/', packageRevision: '1.1' })
    .describe('Where kubelet, kubeadm and kubectl are installed from (pkgs.k8s.io by default).'),
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
