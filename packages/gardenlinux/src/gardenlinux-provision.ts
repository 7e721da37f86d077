import {
  assertFeaturesSupported,
  UnsupportedFeatureError,
  poolOsFiles,
  toYaml,
  type NodePool,
  type ProvisioningArtifactV1,
  type ProvisioningResultV1,
  type RenderContextV1,
  type RuntimeV1,
  type UpdateStrategyV1,
  type WarningV1,
} from '@kubenode/core';
import { userDataLimit } from 'cloud-init-yaml';
import { gardenLinuxCapabilities, updatesInPlace } from './gardenlinux-capabilities.js';
import {
  CLOUD_CONFIG_ARTIFACT,
  CLOUD_CONFIG_MEDIA_TYPE,
  renderGardenLinuxCloudConfig,
} from './gardenlinux-cloud-config.js';
import { renderGardenerFragments } from './gardenlinux-gardener.js';
import { IGNITION_ARTIFACT, IGNITION_MEDIA_TYPE, renderGardenLinuxIgnition } from './gardenlinux-ignition.js';
import { planGardenLinuxNode } from './gardenlinux-node-plan.js';
import { assertGardenLinuxPoolExpressible } from './gardenlinux-pool-restrictions.js';
import { gardenLinuxReleaseLine } from './gardenlinux-releases.js';
import type { GardenLinuxSettings } from './gardenlinux-settings.js';
import { resolvePoolTarget } from './gardenlinux-target.js';
import { OPERATING_SYSTEM_CONFIG_ARTIFACT, SHOOT_PATCH_ARTIFACT } from './gardenlinux-validate.js';

/** The media type of the Gardener-mode YAML artifacts. */
export const GARDENER_YAML_MEDIA_TYPE = 'application/yaml';

/** What {@link provisionGardenLinux} needs from the adapter. */
export interface GardenLinuxProvisionDependencies {
  /** The adapter's id, mode and flavour (a pool's adapter options override the last two). */
  readonly settings: Pick<GardenLinuxSettings, 'id' | 'mode' | 'flavor'>;
  /** The adapter's container runtime. */
  readonly runtime: RuntimeV1;
  /** The adapter's update strategy. */
  readonly updates: UpdateStrategyV1;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, sortKeysDeep(record[key])]),
    );
  }
  return value;
}

/** The pool with the pass-through kubelet fields' maps in sorted key order (their order carries no meaning). */
function withSortedKubeletFields(pool: NodePool): NodePool {
  const kubelet = sortKeysDeep(pool.spec.kubernetes.kubelet) as NodePool['spec']['kubernetes']['kubelet'];
  return { ...pool, spec: { ...pool.spec, kubernetes: { ...pool.spec.kubernetes, kubelet } } };
}

function sizeWarning(platform: string, contents: string, kind: string): WarningV1 | undefined {
  const limit = userDataLimit(platform);
  if (!limit) return undefined;
  const size =
    limit.measure === 'base64'
      ? Buffer.from(contents).toString('base64').length
      : Buffer.byteLength(contents);
  if (size <= limit.limitBytes) return undefined;
  return {
    code: 'user-data-size',
    message: `the ${kind} is ${size} bytes (${limit.measure}), over the ${limit.limitBytes}-byte user-data limit of ${platform}: ${
      kind === 'cloud-config'
        ? 'gzip it (cloud-init detects gzip; cloud-init-yaml encodeUserData does it within the limit)'
        : 'serve it over HTTPS and boot with a config.replace stub'
    }`,
  };
}

/**
 * Renders a NodePool for Garden Linux. In Gardener mode: `operatingsystemconfig.yaml` (the
 * node-side files and units, role `user-data`) and `shoot-patch.yaml` (the worker pool fields
 * Gardener owns). Standalone: `user-data` (#cloud-config) on cloud-init flavours or `config.ign`
 * on Ignition flavours, joining with the kubeadm the image carries. The pool's
 * `spec.adapterOptions.<id>.mode` and `.flavor` override the adapter's. Pure and deterministic.
 *
 * @throws {UnsupportedFeatureError} for a field the target cannot express (checked against the
 *   target's capabilities first).
 * @throws {SpecValidationError} for invalid adapter options or a flavour that cannot be provisioned.
 */
export function provisionGardenLinux(
  deps: GardenLinuxProvisionDependencies,
  input: NodePool,
  context: RenderContextV1 = {},
): ProvisioningResultV1 {
  const { target, options } = resolvePoolTarget(deps.settings, input);
  const id = deps.settings.id;
  assertFeaturesSupported(input, { id, capabilities: gardenLinuxCapabilities(target) });
  const pool = withSortedKubeletFields(input);
  const warnings: WarningV1[] = [];
  const channel = pool.spec.image.channel;
  const line = channel === undefined ? undefined : gardenLinuxReleaseLine(channel);
  const kubernetesMinor = Number(pool.spec.kubernetes.version.split('.')[1]);
  if (line !== undefined && line.containerd.startsWith('1.') && kubernetesMinor >= 36) {
    throw new UnsupportedFeatureError({
      field: 'spec.kubernetes.version',
      distro: id,
      reason: `Garden Linux ${line.major} ships containerd ${line.containerd}, and Kubernetes 1.35 is the last release that supports containerd 1.x`,
      alternative: 'use Garden Linux 1877 or newer (containerd 2.x), or Kubernetes 1.35 at most',
    });
  }
  if (line?.endOfLife !== undefined) {
    warnings.push({
      code: 'end-of-life',
      path: 'spec.image.channel',
      message: `Garden Linux ${line.major} reached the end of maintenance on ${line.endOfLife}: move the pool to a maintained release`,
    });
  }

  if (pool.spec.updates.channel !== undefined) {
    warnings.push({
      code: 'not-applicable',
      path: 'spec.updates.channel',
      message:
        'Garden Linux has no update channels: the release line is spec.image.channel, and updates go to the version the rollout (or the Shoot) names',
    });
  }
  if (pool.spec.kubernetes.clusterName !== undefined) {
    warnings.push({
      code: 'not-applicable',
      path: 'spec.kubernetes.clusterName',
      message: 'Garden Linux nodes do not need the cluster name: it is written nowhere',
    });
  }

  assertGardenLinuxPoolExpressible(pool, id, target.format);
  if (target.mode === 'gardener') {
    const domain = pool.spec.kubernetes.clusterDomain;
    if (domain !== undefined && domain !== 'cluster.local') {
      throw new UnsupportedFeatureError({
        field: 'spec.kubernetes.clusterDomain',
        distro: id,
        reason: 'Gardener Shoots use the cluster domain cluster.local, set by Gardener',
        alternative: 'omit spec.kubernetes.clusterDomain (or set cluster.local)',
      });
    }
    const fragments = renderGardenerFragments(pool, target, options, id);
    const secretFiles = poolOsFiles(pool).some((file) => file.containsSecret);
    const artifacts: ProvisioningArtifactV1[] = [
      {
        name: OPERATING_SYSTEM_CONFIG_ARTIFACT,
        mediaType: GARDENER_YAML_MEDIA_TYPE,
        contents: `# kubenode: files and units for the OperatingSystemConfig of worker pool ${fragments.workerName} (Garden Linux, purpose reconcile).\n# Gardener creates the worker pool's OperatingSystemConfig itself; merge these files (by path) and units (by name) into it, e.g. from an OperatingSystemConfig webhook.\n${toYaml(fragments.operatingSystemConfig)}`,
        role: 'user-data',
        containsSecrets: secretFiles,
      },
      {
        name: SHOOT_PATCH_ARTIFACT,
        mediaType: GARDENER_YAML_MEDIA_TYPE,
        contents: `# kubenode: the worker pool ${fragments.workerName} as Gardener's Shoot holds it. Apply to the Shoot as a strategic merge patch\n# (workers merge by name): kubectl patch shoot <name> -n garden-<project> --type strategic --patch-file shoot-patch.yaml\n${toYaml(fragments.shootPatch)}`,
        role: 'auxiliary',
        containsSecrets: false,
      },
    ];
    return { artifacts, warnings: [...warnings, ...fragments.warnings] };
  }

  if (pool.spec.updates.strategy === 'in-place' && !updatesInPlace(target)) {
    warnings.push({
      code: 'updates-by-replacement',
      path: 'spec.updates.strategy',
      message: `${target.flavor.name} has no in-place update mechanism (gardenlinux-update ships only in _usi flavours): nodes are updated by replacing them with nodes booted from the new image`,
    });
  }
  const plan = planGardenLinuxNode({ runtime: deps.runtime, updates: deps.updates }, pool, target, options);
  warnings.push(...plan.warnings);
  const platform = context.platform ?? target.flavor.platform;
  if (target.format === 'cloud-init') {
    const contents = renderGardenLinuxCloudConfig(plan);
    const size = sizeWarning(platform, contents, 'cloud-config');
    if (size) warnings.push(size);
    return {
      artifacts: [
        {
          name: CLOUD_CONFIG_ARTIFACT,
          mediaType: CLOUD_CONFIG_MEDIA_TYPE,
          contents,
          role: 'user-data',
          containsSecrets: true,
        },
      ],
      warnings,
    };
  }
  const contents = renderGardenLinuxIgnition(plan);
  const size = sizeWarning(platform, contents, 'Ignition config');
  if (size) warnings.push(size);
  return {
    artifacts: [
      {
        name: IGNITION_ARTIFACT,
        mediaType: IGNITION_MEDIA_TYPE,
        contents,
        role: 'user-data',
        containsSecrets: true,
      },
    ],
    warnings,
  };
}
