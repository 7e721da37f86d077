import { createHash } from 'node:crypto';
import {
  assertFeaturesSupported,
  kubernetesMinor,
  parseAdapterOptions,
  poolOsFiles,
  proxyEnvironment,
  renderCaCertFiles,
  renderKubeletConfiguration,
  taintArgument,
  toYaml,
  UnsupportedFeatureError,
  type CapabilitiesV1,
  type NodePool,
  type OsFileV1,
  type ProvisioningResultV1,
  type RenderContextV1,
  type WarningV1,
} from '@kubenode/core';
import { k3osAdapterOptionsSchema, type K3osAdapterOptions } from './k3os-adapter-options.js';
import { validateK3osConfigText } from './k3os-config-validator.js';
import { k3osRuntime } from './k3os-runtime.js';
import { K3OS_END_OF_LIFE_NOTICE, K3OS_LATEST_RELEASE, k3osKubernetesVersion } from './k3os-release.js';

/** The name of the config artifact. */
export const K3OS_CONFIG = 'config.yaml';

/** Where extra CA certificates go (Alpine's update-ca-certificates reads them; /usr/local persists). */
export const K3OS_CA_DIRECTORY = '/usr/local/share/ca-certificates';

/**
 * The k3s join token for a NodePool bootstrap token: k3s's secure format, which pins the server
 * CA by the sha256 of its PEM (what the server's /cacerts endpoint returns):
 * `K10<sha256>::node:<token>` for a server started with `--agent-token <token>`, or
 * `K10<sha256>::<token>` for a bootstrap token the server created (`k3s token create`).
 */
export function k3sJoinToken(
  caCert: string,
  token: string,
  format: K3osAdapterOptions['tokenFormat'],
): string {
  const hash = createHash('sha256').update(caCert).digest('hex');
  return format === 'agent-token' ? `K10${hash}::node:${token}` : `K10${hash}::${token}`;
}

function writeFile(file: OsFileV1): Record<string, string> {
  return {
    path: file.path,
    // k3OS decodes with Go's base64.StdEncoding, which refuses the spaces and missing padding the
    // NodePool schema accepts: hand it canonical base64 of the same bytes.
    content:
      file.encoding === 'base64' ? Buffer.from(file.contents, 'base64').toString('base64') : file.contents,
    encoding: file.encoding === 'base64' ? 'b64' : '',
    owner: `${file.owner}:${file.group}`,
    permissions: file.mode.toString(8).padStart(4, '0'),
  };
}

/** Sorts the keys of nested maps (evictionHard, systemReserved, ...) so input order never shows; top-level order is core's. */
function sortNestedKeys(value: Record<string, unknown>): Record<string, unknown> {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item === null || typeof item !== 'object') return item;
    const map = item as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(map)
        .sort()
        .map((key) => [key, sort(map[key])]),
    );
  };
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sort(item)]));
}

function compareMinor(a: string, b: string): number {
  const [amaj, amin] = a.split('.').map(Number);
  const [bmaj, bmin] = b.split('.').map(Number);
  return (amaj! - bmaj!) * 1000 + (amin! - bmin!);
}

/**
 * Renders a NodePool into k3OS `config.yaml` (README snake_case keys, YAML that reads the same
 * under YAML 1.1 and 1.2). Pure and deterministic. Always warns that k3OS is end of life.
 *
 * @throws {UnsupportedFeatureError} for a field k3OS cannot take.
 * @throws {SpecValidationError} for invalid `spec.adapterOptions.k3os`.
 */
export function provisionK3os(input: {
  readonly pool: NodePool;
  readonly context: RenderContextV1;
  readonly adapter: { readonly id: string; readonly capabilities: CapabilitiesV1 };
}): ProvisioningResultV1 {
  const { pool, adapter } = input;
  assertFeaturesSupported(pool, adapter);
  const options = parseAdapterOptions(pool, adapter.id, k3osAdapterOptionsSchema);
  const { kubernetes, runtime, os } = pool.spec;
  const refuse = (field: string, reason: string, alternative: string) =>
    new UnsupportedFeatureError({ field, distro: adapter.id, reason, alternative });

  os.users.forEach((user, index) => {
    const at = `spec.os.users[${index}]`;
    if (user.name !== 'rancher') {
      throw refuse(
        `${at}.name`,
        `k3OS has one login user, rancher; it cannot create '${user.name}'`,
        'name the user rancher: its SSH keys and password apply to rancher',
      );
    }
    if (user.groups.length > 0)
      throw refuse(
        `${at}.groups`,
        "the rancher user's groups are fixed",
        'drop the groups: rancher already has sudo',
      );
    if (user.shell !== undefined)
      throw refuse(`${at}.shell`, "the rancher user's shell is fixed", 'drop the shell');
  });
  if (runtime.registryMirrors['*'] !== undefined) {
    throw refuse(
      'spec.runtime.registryMirrors["*"]',
      'the k3s versions k3OS ships (<= 1.22) have no wildcard registry mirror',
      'list each registry to mirror by name',
    );
  }

  const warnings: WarningV1[] = [{ code: 'end-of-life', message: K3OS_END_OF_LIFE_NOTICE }];
  const release = options.release ?? pool.spec.image.version ?? K3OS_LATEST_RELEASE;
  const bundled = k3osKubernetesVersion(release);
  const [major, minor] = kubernetes.version.split('.');
  const wanted = `${major}.${minor}`;
  if (bundled !== undefined && !bundled.startsWith(`${wanted}.`)) {
    const bundledMinor = kubernetesMinor(bundled);
    warnings.push({
      code: 'kubernetes-version',
      path: 'spec.kubernetes.version',
      message:
        compareMinor(wanted, bundledMinor) > 0
          ? `k3OS ${release} runs k3s ${bundled}, not ${kubernetes.version}: no k3OS release ships Kubernetes ${wanted}. A ${bundledMinor} kubelet is outside the supported version skew of a ${wanted} control plane once the gap exceeds three minors.`
          : `k3OS ${release} runs k3s ${bundled}, not ${kubernetes.version}; pin spec.adapterOptions.${adapter.id}.release to a release of Kubernetes ${wanted} (v0.${minor}.x).`,
    });
  }

  const files: OsFileV1[] = [...poolOsFiles(pool)];
  const args: string[] = ['agent'];
  if (kubernetes.maxPods !== undefined) args.push(`--kubelet-arg=max-pods=${kubernetes.maxPods}`);
  if (kubernetes.clusterDNS.length > 0)
    args.push(`--kubelet-arg=cluster-dns=${kubernetes.clusterDNS.join(',')}`);
  if (kubernetes.clusterDomain !== undefined)
    args.push(`--kubelet-arg=cluster-domain=${kubernetes.clusterDomain}`);
  if (Object.keys(kubernetes.kubelet).length > 0) {
    files.push({
      path: options.kubeletConfigPath,
      contents: toYaml(sortNestedKeys(renderKubeletConfiguration(pool))),
      encoding: 'utf-8',
      mode: 0o644,
      owner: 'root',
      group: 'root',
      containsSecret: false,
    });
    args.push(`--kubelet-arg=config=${options.kubeletConfigPath}`);
  }
  if (runtime.sandboxImage !== undefined) args.push(`--pause-image=${runtime.sandboxImage}`);
  files.push(...k3osRuntime.render(pool).files);
  const caFiles = renderCaCertFiles(os.caCerts, { directory: K3OS_CA_DIRECTORY, extension: 'crt' });
  files.push(...caFiles);

  const k3os: Record<string, unknown> = {};
  if (options.dataSources.length > 0) k3os.data_sources = [...options.dataSources];
  if (os.kernelModules.length > 0) k3os.modules = [...new Set(os.kernelModules)];
  if (Object.keys(os.sysctls).length > 0) {
    k3os.sysctls = Object.fromEntries(
      Object.keys(os.sysctls)
        .sort()
        .map((key) => [key, os.sysctls[key]!]),
    );
  }
  if (os.ntpServers.length > 0) k3os.ntp_servers = [...os.ntpServers];
  if (options.dnsNameservers.length > 0) k3os.dns_nameservers = [...options.dnsNameservers];
  const password = os.users.find((user) => user.passwordHash !== undefined)?.passwordHash;
  if (password !== undefined) k3os.password = password;
  k3os.server_url = kubernetes.apiServer;
  k3os.token = k3sJoinToken(kubernetes.caCert, kubernetes.bootstrapToken, options.tokenFormat);
  const labels: Record<string, string> = { ...kubernetes.nodeLabels };
  labels['k3os.io/upgrade'] = options.upgrade === 'kubenode' ? 'disabled' : 'enabled';
  k3os.labels = Object.fromEntries(
    Object.keys(labels)
      .sort()
      .map((key) => [key, labels[key]!]),
  );
  k3os.k3s_args = args;
  const environment = proxyEnvironment(os.proxy);
  if (Object.keys(environment).length > 0) {
    k3os.environment = Object.fromEntries(
      Object.keys(environment)
        .sort()
        .map((key) => [key, environment[key]!]),
    );
  }
  if (kubernetes.nodeTaints.length > 0) k3os.taints = kubernetes.nodeTaints.map(taintArgument);

  const config: Record<string, unknown> = {};
  const keys = os.users.flatMap((user) => user.sshAuthorizedKeys);
  if (keys.length > 0) config.ssh_authorized_keys = keys;
  if (files.length > 0) config.write_files = files.map(writeFile);
  if (os.hostname !== null) config.hostname = os.hostname;
  if (options.initCmd.length > 0) config.init_cmd = [...options.initCmd];
  const bootCmd = [...(caFiles.length > 0 ? ['update-ca-certificates'] : []), ...options.bootCmd];
  if (bootCmd.length > 0) config.boot_cmd = bootCmd;
  if (options.runCmd.length > 0) config.run_cmd = [...options.runCmd];
  config.k3os = k3os;

  const header = [
    `# k3OS config.yaml rendered by kubenode for NodePool ${pool.metadata.name}`,
    '# k3OS is end of life (last release v0.22.2-k3s2r0, 2021-10-08; deprecated 2023-12-08, successor: Elemental).',
  ].join('\n');
  const contents = `${header}\n${toYaml(config)}`;
  const issues = validateK3osConfigText(contents);
  if (issues.length > 0) {
    // A rendering bug, never a user error: kubenode's own output must fit the k3OS config fields.
    throw new Error(
      `rendered config.yaml does not fit the k3OS config fields: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    artifacts: [
      {
        name: K3OS_CONFIG,
        mediaType: 'application/yaml',
        contents,
        role: 'user-data',
        containsSecrets: true,
      },
    ],
    warnings,
  };
}
