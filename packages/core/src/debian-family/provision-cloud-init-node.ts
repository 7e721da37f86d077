import {
  encodeUserData,
  stringifyCloudConfig,
  userDataLimit,
  UserDataTooLargeError,
  type CloudInitDialect,
} from 'cloud-init-yaml';
import { assertFeaturesSupported } from '../adapter/v1/assert-features-supported.js';
import type { DistroAdapterV1 } from '../adapter/v1/distro-adapter-v1.js';
import type { ProvisioningArtifactV1, ProvisioningResultV1 } from '../adapter/v1/provisioning-result-v1.js';
import type { RenderContextV1 } from '../adapter/v1/render-context-v1.js';
import { UnsupportedFeatureError } from '../errors/unsupported-feature-error.js';
import type { NodePool } from '../node-pool/node-pool-schema.js';
import type { KubernetesPackages } from './cloud-init-node-options.js';
import { renderKubeadmNodeCloudConfig } from './kubeadm-node-cloud-config.js';
import {
  resolveKubernetesAptRepository,
  type KubernetesAptRepositoryOptions,
} from './kubernetes-apt-repository.js';
import type { NodeBootLoader } from './node-kernel-args.js';

/** The plain cloud-config artifact (the user data, unless compressed). */
export const CLOUD_CONFIG_ARTIFACT = 'user-data';
/** The gzip-compressed user data, base64-encoded as cloud APIs take it. */
export const COMPRESSED_USER_DATA_ARTIFACT = 'user-data.gz.b64';

/** What a cloud-init node adapter passes to {@link provisionCloudInitNode}. */
export interface CloudInitNodeProvisionOptions {
  /** The cloud-init release of the image. */
  readonly dialect: CloudInitDialect;
  /** Distribution packages the node needs besides the pool's. */
  readonly osPackages: readonly string[];
  /** Where kubelet, kubeadm and kubectl come from (the adapter option). */
  readonly kubernetesRepository: KubernetesAptRepositoryOptions;
  /** Install kubelet, kubeadm and kubectl at first boot, or use the image's (default `install`). */
  readonly kubernetesPackages?: KubernetesPackages;
  /** The image's boot loader, for `spec.os.kernelArgs` (default `grub`). */
  readonly bootLoader?: NodeBootLoader;
  /** Keep the image's default user. */
  readonly keepDefaultUser: boolean;
  /** cloud-init's `ntp.ntp_client`. */
  readonly ntpClient: string;
  /** Write `create_hostname_file: true` with a static host name. */
  readonly createHostnameFile: boolean;
  /** gzip the user data: `auto` when the platform's limit needs it. */
  readonly compression: 'auto' | 'always' | 'never';
  /** Distribution-specific top-level keys (e.g. `ubuntu_pro`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

function minorOf(version: string): number[] {
  return version.split('.').slice(0, 2).map(Number);
}

function compareMinor(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = minorOf(a);
  const [bMajor = 0, bMinor = 0] = minorOf(b);
  return aMajor - bMajor || aMinor - bMinor;
}

/** Refuses a Kubernetes version outside the adapter's declared window (`capabilities.kubernetesVersions`). */
function assertKubernetesVersionSupported(
  pool: NodePool,
  adapter: Pick<DistroAdapterV1, 'id' | 'capabilities' | 'runtime'>,
): void {
  const window = adapter.capabilities.kubernetesVersions;
  const version = pool.spec.kubernetes.version;
  if (!window || (compareMinor(version, window.min) >= 0 && compareMinor(version, window.max) <= 0)) return;
  throw new UnsupportedFeatureError({
    field: 'spec.kubernetes.version',
    distro: adapter.id,
    reason: `Kubernetes ${version} is outside ${window.min}-${window.max}, the minors this OS's packages support (its containerd is ${adapter.runtime.containerdVersion}; Kubernetes 1.36 ends containerd 1.x support)`,
    alternative: `use Kubernetes ${window.min} to ${window.max} on this OS, or an OS with containerd 2 for newer Kubernetes`,
  });
}

/**
 * Provisions a kubeadm worker on a cloud-init distribution (Debian, Ubuntu): checks the pool
 * against the adapter's capabilities, renders the cloud-config ({@link renderKubeadmNodeCloudConfig})
 * with the adapter's runtime and update configuration, writes it for the dialect, and fits it
 * into the platform's user-data limit: as `user-data` (`text/cloud-config`) when it fits;
 * otherwise as `user-data.gz.b64` (gzip, base64, the form cloud APIs take; cloud-init
 * decompresses it) with the plain text beside it as an auxiliary `user-data`.
 *
 * @throws {UnsupportedFeatureError} for a feature the adapter declares unsupported, a Kubernetes
 *   version outside `capabilities.kubernetesVersions`, or user data too large for the platform even after gzip.
 */
export function provisionCloudInitNode(
  adapter: Pick<DistroAdapterV1, 'id' | 'capabilities' | 'runtime' | 'updates'>,
  pool: NodePool,
  context: RenderContextV1,
  options: CloudInitNodeProvisionOptions,
): ProvisioningResultV1 {
  assertFeaturesSupported(pool, adapter);
  assertKubernetesVersionSupported(pool, adapter);
  const { config, warnings } = renderKubeadmNodeCloudConfig(pool, {
    distro: adapter.id,
    dialect: options.dialect,
    runtime: adapter.runtime.render(pool),
    updates: adapter.updates.nodeConfiguration(pool),
    repository: resolveKubernetesAptRepository(pool.spec.kubernetes.version, options.kubernetesRepository),
    kubernetesPackages: options.kubernetesPackages,
    bootLoader: options.bootLoader,
    osPackages: options.osPackages,
    keepDefaultUser: options.keepDefaultUser,
    ntpClient: options.ntpClient,
    createHostnameFile: options.createHostnameFile,
    extra: options.extra,
  });
  const text = stringifyCloudConfig(config, { dialect: options.dialect });
  const plain: ProvisioningArtifactV1 = {
    name: CLOUD_CONFIG_ARTIFACT,
    mediaType: 'text/cloud-config',
    contents: text,
    role: 'user-data',
    containsSecrets: true,
  };
  const limit = context.platform === undefined ? undefined : userDataLimit(context.platform);
  let encoded;
  try {
    encoded = encodeUserData(text, { limit, compression: options.compression });
  } catch (error) {
    if (!UserDataTooLargeError.isInstance(error)) throw error;
    throw new UnsupportedFeatureError({
      field: 'spec',
      distro: adapter.id,
      reason: error.message.replace(/\. Move large content.*$/, ''),
      alternative:
        'move large files out of user data: bake them into the image (kubenode build) or fetch them at boot from a URL',
    });
  }
  if (!encoded.compressed) return { artifacts: [plain], warnings };
  return {
    artifacts: [
      {
        name: COMPRESSED_USER_DATA_ARTIFACT,
        mediaType: 'application/gzip',
        contents: `${encoded.base64}\n`,
        role: 'user-data',
        containsSecrets: true,
      },
      { ...plain, role: 'auxiliary' },
    ],
    warnings: [
      ...warnings,
      {
        code: 'user-data-compressed',
        message: `the cloud-config is ${Buffer.byteLength(text)} bytes${limit ? `, over ${limit.platform}'s limit of ${limit.limitBytes}` : ''}; ${COMPRESSED_USER_DATA_ARTIFACT} holds it gzip-compressed and base64-encoded (${encoded.measuredBytes} bytes as ${limit?.platform ?? 'delivered'} measures it): pass the decoded bytes as user data (base64 -d), cloud-init decompresses them`,
      },
    ],
  };
}
