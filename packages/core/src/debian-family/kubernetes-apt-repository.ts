import { z } from 'zod';

/** Where the Kubernetes apt repository's signing key is kept on the node (ASCII-armored; apt reads `.asc`). */
export const KUBERNETES_APT_KEYRING = '/etc/apt/keyrings/kubernetes-apt-keyring.asc';
/** The apt source file of the Kubernetes repository. */
export const KUBERNETES_APT_SOURCE_FILE = '/etc/apt/sources.list.d/kubernetes.list';
/** The apt preferences file that pins the Kubernetes packages to the pool's version. */
export const KUBERNETES_APT_PREFERENCES_FILE = '/etc/apt/preferences.d/kubenode-kubernetes.pref';
/** The Kubernetes packages installed from the repository, pinned and held. */
export const KUBERNETES_APT_PACKAGES = ['kubelet', 'kubeadm', 'kubectl'] as const;
/** The community-owned repository of Kubernetes packages; `{minor}` is replaced by e.g. `1.32`. */
export const PKGS_K8S_IO_URL = 'https://pkgs.k8s.io/core:/stable:/v{minor}/deb/';

/** `spec.adapterOptions.<debian|ubuntu>.kubernetesRepository`: where kubelet, kubeadm and kubectl come from. */
export const kubernetesAptRepositorySchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^https?:\/\/[^\s"'\\]+\/$/, {
        error:
          'expected an http(s) repository URL ending in "/", e.g. https://pkgs.k8s.io/core:/stable:/v{minor}/deb/',
      })
      .default(PKGS_K8S_IO_URL)
      .describe(
        'The flat apt repository ("deb <url> /"); {minor} becomes the Kubernetes minor (1.32). One repository per minor, as pkgs.k8s.io publishes.',
      ),
    key: z
      .string()
      .regex(/^-----BEGIN PGP PUBLIC KEY BLOCK-----\r?\n[\s\S]+-----END PGP PUBLIC KEY BLOCK-----\s*$/, {
        error: 'expected an ASCII-armored PGP public key block',
      })
      .optional()
      .describe(
        "The repository's signing key (ASCII-armored). When omitted the node downloads <url>Release.key over HTTPS at first boot, as the Kubernetes documentation does.",
      ),
    packageRevision: z
      .string()
      .regex(/^[A-Za-z0-9.+~]+$/, { error: 'expected a Debian revision such as 1.1' })
      .default('1.1')
      .describe('The Debian revision of the packages: kubelet=<version>-<revision> (pkgs.k8s.io uses 1.1).'),
  })
  .describe('The apt repository kubelet, kubeadm and kubectl are installed from.');

/** Options of the Kubernetes apt repository, as written by the user. */
export type KubernetesAptRepositoryOptions = z.input<typeof kubernetesAptRepositorySchema>;

/** The Kubernetes apt repository for one pool, resolved. */
export interface KubernetesAptRepository {
  /** The repository URL for the pool's minor. */
  readonly url: string;
  /** The URL of its signing key (`Release.key`). */
  readonly releaseKeyUrl: string;
  /** The armored signing key, when given (no download at boot). */
  readonly key: string | undefined;
  /** The exact package version, e.g. `1.32.4-1.1`. */
  readonly packageVersion: string;
  /** The `sources.list.d` line. */
  readonly sourceLine: string;
  /** The apt preferences that pin the packages to `packageVersion`. */
  readonly preferences: string;
}

/**
 * The apt preferences that keep kubelet, kubeadm and kubectl at one version (priority 1001):
 * `1.32.4-1.1`, or a pattern such as `1.32.4-*` for packages already in the image whose Debian
 * revision is not known. Together with `apt-mark hold`, no routine upgrade replaces them.
 */
export function kubernetesAptPreferences(version: string): string {
  return [
    "# Written by kubenode: the Kubernetes packages stay at the pool's version (spec.kubernetes.version);",
    '# a new version comes with a new pool configuration, never from a routine upgrade.',
    `Package: ${KUBERNETES_APT_PACKAGES.join(' ')}`,
    `Pin: version ${version}`,
    'Pin-Priority: 1001',
    '',
  ].join('\n');
}

/**
 * Resolves the repository for a Kubernetes version: the URL of its minor (pkgs.k8s.io has one
 * repository per minor), the exact package version, the source line with `signed-by` pointing
 * at {@link KUBERNETES_APT_KEYRING}, and an apt pin (priority 1001) on that version.
 */
export function resolveKubernetesAptRepository(
  kubernetesVersion: string,
  options: KubernetesAptRepositoryOptions = {},
): KubernetesAptRepository {
  const parsed = kubernetesAptRepositorySchema.parse(options);
  const [major, minor] = kubernetesVersion.split('.');
  const url = parsed.url.replaceAll('{minor}', `${major}.${minor}`);
  const packageVersion = `${kubernetesVersion}-${parsed.packageRevision}`;
  return {
    url,
    releaseKeyUrl: `${url}Release.key`,
    key: parsed.key === undefined ? undefined : `${parsed.key.trim()}\n`,
    packageVersion,
    sourceLine: `deb [signed-by=${KUBERNETES_APT_KEYRING}] ${url} /\n`,
    preferences: kubernetesAptPreferences(packageVersion),
  };
}
