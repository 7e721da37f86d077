import {
  assertFeaturesSupported,
  parseAdapterOptions,
  renderCaCertFiles,
  SpecValidationError,
  UnsupportedFeatureError,
  type CapabilitiesV1,
  type NodePool,
  type ProvisioningResultV1,
  type RenderContextV1,
  type SpecIssue,
  type WarningV1,
} from '@kubenode/core';
import { stringify } from 'smol-toml';
import {
  bottlerocketAdapterOptionsSchema,
  type BottlerocketAdapterOptions,
} from './bottlerocket-adapter-options.js';
import { mapKubeletFields } from './bottlerocket-kubelet-fields.js';
import { poolFieldOfSetting } from './bottlerocket-pool-field.js';
import { validateBottlerocketSettings } from './bottlerocket-settings-validator.js';
import type { BottlerocketPlatform, BottlerocketVariant } from './bottlerocket-variant.js';
import { resolveBottlerocketVariant } from './resolve-bottlerocket-variant.js';
import { LATEST_SETTINGS_RELEASE } from './settings-model/settings-model.js';

/** The name of the user-data artifact. */
export const BOTTLEROCKET_USER_DATA = 'user-data.toml';

/** User-data size limits of the platforms Bottlerocket runs on, in bytes (EC2: 16 KiB before base64). */
export const BOTTLEROCKET_USER_DATA_LIMITS: Readonly<Record<string, number>> = { aws: 16_384 };

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Sorts table keys recursively (arrays keep their order), so output never depends on input order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isTable(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/** Merges the pool's extra settings under kubenode's; a key both set is a conflict. */
function mergeExtraSettings(target: Table, extra: Table, path: string[], conflicts: string[][]): void {
  for (const [key, value] of Object.entries(extra)) {
    const existing = target[key];
    if (existing === undefined) target[key] = value;
    else if (isTable(existing) && isTable(value))
      mergeExtraSettings(existing, value, [...path, key], conflicts);
    else conflicts.push([...path, key]);
  }
}

/** The kernel parameters as Bottlerocket models them: name → values (`quiet` → `quiet = []`). */
export function kernelParameters(kernelArgs: readonly string[]): Record<string, string[]> {
  const parameters: Record<string, string[]> = {};
  for (const argument of kernelArgs) {
    const equals = argument.indexOf('=');
    const name = equals < 0 ? argument : argument.slice(0, equals);
    const values = (parameters[name] ??= []);
    if (equals >= 0) values.push(argument.slice(equals + 1));
  }
  return parameters;
}

/** The kernel command line Bottlerocket builds from settings.boot.kernel-parameters (for previews and evidence). */
export function kernelCommandLine(settings: unknown): string {
  const boot = isTable(settings) && isTable(settings.settings) ? settings.settings.boot : undefined;
  const parameters = isTable(boot) && isTable(boot['kernel-parameters']) ? boot['kernel-parameters'] : {};
  return Object.entries(parameters)
    .flatMap(([name, values]) =>
      Array.isArray(values) && values.length > 0 ? values.map((value) => `${name}=${String(value)}`) : [name],
    )
    .join(' ');
}

interface ProvisionInput {
  readonly pool: NodePool;
  readonly context: RenderContextV1;
  readonly adapter: { readonly id: string; readonly capabilities: CapabilitiesV1 };
  readonly defaultPlatform: BottlerocketPlatform;
  readonly release?: string;
}

function unsupported(
  adapterId: string,
  field: string,
  reason: string,
  alternative: string,
): UnsupportedFeatureError {
  return new UnsupportedFeatureError({ field, distro: adapterId, reason, alternative });
}

function kubernetesSettings(
  input: ProvisionInput,
  variant: BottlerocketVariant,
  options: BottlerocketAdapterOptions,
): { settings: Table; containsToken: boolean; warnings: WarningV1[] } {
  const { pool, adapter } = input;
  const { kubernetes } = pool.spec;
  const warnings: WarningV1[] = [];
  const settings: Table = {
    'api-server': kubernetes.apiServer,
    'cluster-certificate': base64(kubernetes.caCert),
  };
  const mode = options.authenticationMode ?? (variant.platform === 'aws' ? 'aws' : 'tls');
  if (mode === 'aws' && variant.platform !== 'aws') {
    throw new SpecValidationError({
      issues: [
        {
          path: ['spec', 'adapterOptions', adapter.id, 'authenticationMode'],
          code: 'invalid_value',
          message: `authentication-mode "aws" (IAM) needs an aws variant; ${variant.name} joins with the bootstrap token ("tls")`,
        },
      ],
      source: pool.metadata.name,
    });
  }
  settings['authentication-mode'] = mode;
  if (mode === 'tls') settings['bootstrap-token'] = kubernetes.bootstrapToken;
  else {
    warnings.push({
      code: 'bootstrap-token-unused',
      path: 'spec.kubernetes.bootstrapToken',
      message: `${variant.name} authenticates the kubelet with IAM (authentication-mode "aws"); the bootstrap token is not rendered. Set spec.adapterOptions.${adapter.id}.authenticationMode: tls to join with it instead.`,
    });
  }
  if (variant.platform === 'aws') {
    if (kubernetes.clusterName === undefined) {
      throw new SpecValidationError({
        issues: [
          {
            path: ['spec', 'kubernetes', 'clusterName'],
            code: 'invalid_type',
            message: `required for ${variant.name}: Bottlerocket on AWS needs the cluster name (settings.kubernetes.cluster-name)`,
          },
        ],
        source: pool.metadata.name,
      });
    }
  }
  if (kubernetes.clusterName !== undefined) settings['cluster-name'] = kubernetes.clusterName;
  if (kubernetes.clusterDNS.length > 0) settings['cluster-dns-ip'] = [...kubernetes.clusterDNS];
  if (kubernetes.clusterDomain !== undefined) settings['cluster-domain'] = kubernetes.clusterDomain;
  if (kubernetes.maxPods !== undefined) settings['max-pods'] = kubernetes.maxPods;
  if (Object.keys(kubernetes.nodeLabels).length > 0) settings['node-labels'] = { ...kubernetes.nodeLabels };
  if (kubernetes.nodeTaints.length > 0) {
    const taints: Record<string, string[]> = {};
    for (const taint of kubernetes.nodeTaints)
      (taints[taint.key] ??= []).push(`${taint.value ?? ''}:${taint.effect}`);
    settings['node-taints'] = taints;
  }
  const mapped = mapKubeletFields(kubernetes.kubelet);
  const refused = mapped.refused[0];
  if (refused) {
    throw unsupported(
      adapter.id,
      `spec.kubernetes.kubelet.${refused.field}`,
      refused.reason,
      refused.instead,
    );
  }
  if (mapped.invalid.length > 0) {
    throw new SpecValidationError({
      issues: mapped.invalid.map(({ field, setting, issue }) => ({
        path: ['spec', 'kubernetes', 'kubelet', field],
        code: 'invalid_value',
        message: `${issue.path === field ? '' : `${issue.path}: `}${issue.message} (Bottlerocket's settings.kubernetes.${setting})`,
      })),
      source: pool.metadata.name,
    });
  }
  Object.assign(settings, mapped.settings);
  return { settings, containsToken: mode === 'tls', warnings };
}

/**
 * Renders a NodePool into Bottlerocket user-data TOML for a Kubernetes variant. Pure and
 * deterministic (keys sorted; keys with `.` or `/` quoted by the TOML serializer).
 *
 * @throws {UnsupportedFeatureError} for a field Bottlerocket cannot take (with the alternative).
 * @throws {SpecValidationError} for an inconsistent variant, invalid adapter options, or a pool
 *   value the variant's settings model does not take (named at its NodePool field).
 */
export function provisionBottlerocket(input: ProvisionInput): ProvisioningResultV1 {
  const { pool, context, adapter } = input;
  assertFeaturesSupported(pool, adapter);
  const options = parseAdapterOptions(pool, adapter.id, bottlerocketAdapterOptionsSchema);
  const variant = resolveBottlerocketVariant({
    pool,
    options,
    context,
    defaultPlatform: input.defaultPlatform,
    adapterId: adapter.id,
  });
  const release = pool.spec.image.version ?? input.release ?? LATEST_SETTINGS_RELEASE;
  const { os, runtime } = pool.spec;
  const warnings: WarningV1[] = [];

  os.users.forEach((user, index) => {
    const at = `spec.os.users[${index}]`;
    const restriction =
      "Bottlerocket's admin host container has exactly one login user (named by its user-data, with passwordless sudo)";
    if (index > 0) {
      throw unsupported(
        adapter.id,
        `${at}.name`,
        `${restriction}; it cannot also create '${user.name}'`,
        `give every SSH key to one user (spec.os.users[0], '${os.users[0]!.name}'): they all log in to the admin container`,
      );
    }
    if (user.groups.length > 0) {
      throw unsupported(
        adapter.id,
        `${at}.groups`,
        `${restriction}; its groups are fixed`,
        'drop the groups: the admin user already has sudo, and `sudo sheltie` gives a root shell on the host',
      );
    }
    if (user.shell !== undefined) {
      throw unsupported(adapter.id, `${at}.shell`, `${restriction}; its shell is fixed`, 'drop the shell');
    }
  });
  if (os.proxy.http !== null && os.proxy.http !== os.proxy.https) {
    throw unsupported(
      adapter.id,
      'spec.os.proxy.http',
      'Bottlerocket has one proxy setting (settings.network.https-proxy), used for HTTPS and HTTP alike',
      'set spec.os.proxy.https to the proxy and spec.os.proxy.http to the same URL or null',
    );
  }

  const kubernetes = kubernetesSettings(input, variant, options);
  warnings.push(...kubernetes.warnings);
  const settings: Table = { kubernetes: kubernetes.settings };

  const mirrors = Object.keys(runtime.registryMirrors).sort();
  if (mirrors.length > 0) {
    settings['container-registry'] = {
      mirrors: mirrors.map((registry) => ({ registry, endpoint: [...runtime.registryMirrors[registry]!] })),
    };
  }
  const kernel: Table = {};
  if (Object.keys(os.sysctls).length > 0) kernel.sysctl = { ...os.sysctls };
  if (os.kernelModules.length > 0) {
    kernel.modules = Object.fromEntries(
      [...new Set(os.kernelModules)].map((name) => [name, { allowed: true, autoload: true }]),
    );
  }
  if (Object.keys(kernel).length > 0) settings.kernel = kernel;
  if (os.kernelArgs.length > 0) {
    settings.boot = { 'kernel-parameters': kernelParameters(os.kernelArgs), 'reboot-to-reconcile': true };
    warnings.push({
      code: 'reboot-to-reconcile',
      path: 'spec.os.kernelArgs',
      message:
        'Bottlerocket applies kernel parameters from user data by rebooting once during the first boot (settings.boot.reboot-to-reconcile).',
    });
  }
  const network: Table = {};
  if (os.hostname !== null) network.hostname = os.hostname;
  if (os.proxy.https !== null) network['https-proxy'] = os.proxy.https;
  if (os.proxy.noProxy.length > 0) network['no-proxy'] = [...os.proxy.noProxy];
  if (Object.keys(network).length > 0) settings.network = network;
  if (os.ntpServers.length > 0) settings.ntp = { 'time-servers': [...os.ntpServers] };
  if (os.caCerts.length > 0) {
    settings.pki = Object.fromEntries(
      renderCaCertFiles(os.caCerts, { directory: '/pki', extension: 'pem' }).map((file) => [
        file.path.slice('/pki/'.length, -'.pem'.length),
        { data: base64(file.contents), trusted: true },
      ]),
    );
  }
  const adminUser = os.users[0];
  if (adminUser) {
    // The admin container's start script reads `.user` (default ec2-user, same POSIX name rule as
    // the NodePool schema) and `.ssh.authorized-keys` from this JSON.
    const userData = { user: adminUser.name, ssh: { 'authorized-keys': [...adminUser.sshAuthorizedKeys] } };
    settings['host-containers'] = {
      admin: { enabled: true, 'user-data': base64(JSON.stringify(userData)) },
    };
  }
  const updates: Table = {
    'ignore-waves': options.updates.ignoreWaves,
    'version-lock':
      pool.spec.image.version !== undefined ? `v${pool.spec.image.version.replace(/^v/, '')}` : 'latest',
  };
  if (options.updates.seed !== undefined) updates.seed = options.updates.seed;
  if (options.updates.metadataBaseUrl !== undefined)
    updates['metadata-base-url'] = options.updates.metadataBaseUrl;
  if (options.updates.targetsBaseUrl !== undefined)
    updates['targets-base-url'] = options.updates.targetsBaseUrl;
  settings.updates = updates;

  const extra = options.settings;
  const extraPath = ['spec', 'adapterOptions', adapter.id, 'settings'];
  let releaseIssues: SpecIssue[] = [];
  let extraIssues: { path: string; message: string }[];
  try {
    extraIssues = validateBottlerocketSettings(
      { settings: extra },
      { variant: variant.name, release, partial: true },
    );
  } catch (error) {
    releaseIssues = [
      {
        path: ['spec', 'image', 'version'],
        code: 'invalid_value',
        message: error instanceof Error ? error.message : String(error),
      },
    ];
    extraIssues = [];
  }
  if (releaseIssues.length > 0 || extraIssues.length > 0) {
    throw new SpecValidationError({
      issues: [
        ...releaseIssues,
        ...extraIssues.map((issue) => ({
          path: [...extraPath, issue.path.replace(/^settings\./, '')],
          code: 'invalid_value',
          message: issue.message,
        })),
      ],
      source: pool.metadata.name,
    });
  }
  const conflicts: string[][] = [];
  mergeExtraSettings(settings, structuredClone(extra), [], conflicts);
  if (conflicts.length > 0) {
    throw new SpecValidationError({
      issues: conflicts.map((path) => ({
        path: [...extraPath, ...path],
        code: 'invalid_value',
        message: 'kubenode renders this setting from the NodePool; set it through the NodePool field instead',
      })),
      source: pool.metadata.name,
    });
  }

  const document = { settings: sortKeys(settings) as Table };
  const ownIssues = validateBottlerocketSettings(document, { variant: variant.name, release });
  const fields = ownIssues.map((issue) => poolFieldOfSetting(issue.path, pool));
  if (ownIssues.length > 0 && fields.every((field) => field !== undefined)) {
    // Valid NodePool values the settings model does not take (a proxy URL with a path, an NTP
    // server with a zone index): refused at the field the user wrote.
    throw new SpecValidationError({
      issues: ownIssues.map((issue, index) => ({
        path: fields[index]!,
        code: 'invalid_value',
        message: `${issue.message} (Bottlerocket ${release}'s settings model, ${issue.path})`,
      })),
      source: pool.metadata.name,
    });
  }
  if (ownIssues.length > 0) {
    // A rendering bug, never a user error: kubenode's own output must fit the settings model.
    throw new Error(
      `rendered settings do not fit the Bottlerocket ${release} model: ${ownIssues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
  }
  const header = [
    `# Bottlerocket user data rendered by kubenode for NodePool ${pool.metadata.name}`,
    `# variant: ${variant.name}`,
    `# settings model: Bottlerocket ${release}`,
    '',
  ].join('\n');
  const contents = `${header}\n${stringify(document).trimEnd()}\n`;
  const limit = context.platform !== undefined ? BOTTLEROCKET_USER_DATA_LIMITS[context.platform] : undefined;
  const size = Buffer.byteLength(contents, 'utf8');
  if (limit !== undefined && size > limit) {
    warnings.push({
      code: 'user-data-size',
      message: `the user data is ${size} bytes, over the ${limit}-byte limit of ${context.platform}; gzip it (Bottlerocket reads gzip-compressed user data)`,
    });
  }
  return {
    artifacts: [
      {
        name: BOTTLEROCKET_USER_DATA,
        mediaType: 'application/toml',
        contents,
        role: 'user-data',
        containsSecrets: kubernetes.containsToken || Object.keys(extra).length > 0,
      },
    ],
    warnings,
  };
}
