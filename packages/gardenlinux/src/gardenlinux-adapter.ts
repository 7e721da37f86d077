import {
  InvalidAdapterOptionsError,
  toSpecIssues,
  type DistroAdapterV1,
  type ExecFunction,
  type ExternalValidatorV1,
} from '@kubenode/core';
import { gardenLinuxCapabilities } from './gardenlinux-capabilities.js';
import { CLOUD_CONFIG_ARTIFACT } from './gardenlinux-cloud-config.js';
import { IGNITION_ARTIFACT } from './gardenlinux-ignition.js';
import { createGardenLinuxImage } from './gardenlinux-image.js';
import { createGardenLinuxImageBuilder } from './gardenlinux-image-builder.js';
import { provisionGardenLinux } from './gardenlinux-provision.js';
import { createGardenLinuxRuntime } from './gardenlinux-runtime.js';
import { gardenLinuxSettingsSchema, type GardenLinuxSettingsInput } from './gardenlinux-settings.js';
import { gardenLinuxTarget, type GardenLinuxTarget } from './gardenlinux-target.js';
import { createGardenLinuxUpdateStrategy } from './gardenlinux-update-strategy.js';
import { validateGardenLinuxOutput } from './gardenlinux-validate.js';

/** The Garden Linux adapter (a `DistroAdapterV1` of `@kubenode/core`). */
export type GardenLinuxAdapter = DistroAdapterV1;

/**
 * The upstream judges of standalone output, declared in every mode: a pool may switch mode and
 * flavour in its adapter options, so either artifact can appear. The OperatingSystemConfig is
 * checked against the CRD's OpenAPI schema by `validate()`; Gardener has no standalone validator.
 */
const EXTERNAL_VALIDATORS: readonly ExternalValidatorV1[] = [
  {
    tool: 'cloud-init',
    debianPackage: 'cloud-init',
    artifact: CLOUD_CONFIG_ARTIFACT,
    args: ['schema', '--config-file', '{file}'],
    description:
      "cloud-init's own schema check of the #cloud-config (Debian bookworm's 22.4; the output uses only keys 22.4 and Garden Linux's 25.1 both accept)",
  },
  {
    tool: 'ignition-validate',
    debianPackage: 'ignition',
    artifact: IGNITION_ARTIFACT,
    args: ['{file}'],
    description: "Ignition's own validator of config.ign (spec 3.3.0)",
  },
];

/**
 * Creates the Garden Linux adapter. Two modes, chosen by `settings.mode` or per pool by
 * `spec.adapterOptions.gardenlinux.mode`:
 * - `gardener`: the pool as Gardener fragments: OperatingSystemConfig files and units, and a
 *   Shoot patch for what Gardener owns (labels, taints, kubelet, sysctls, CA bundle, registry
 *   mirrors, Kubernetes and image version, update strategy);
 * - `standalone`: first-boot user data for the flavour's agent: #cloud-config on AWS, Azure,
 *   OpenStack and VMware, Ignition on kvm and `_ignite`/`_pxe` flavours; the node joins with the
 *   kubeadm baked into the image by `kubenode build`.
 * Updates replace nodes, except standalone `_usi` flavours (gardenlinux-update, in place).
 *
 * @param settings mode, flavour, builder container engine and repository, adapter id, and an injectable `exec` for the builder.
 * @throws {InvalidAdapterOptionsError} for invalid settings (e.g. a standalone flavour without cloud-init or Ignition), with the cause.
 */
export function createGardenLinux(
  settings: GardenLinuxSettingsInput & { readonly exec?: ExecFunction } = {},
): GardenLinuxAdapter {
  const { exec, ...rest } = settings;
  const parsed = gardenLinuxSettingsSchema.safeParse(rest);
  const adapterId = typeof rest.id === 'string' ? rest.id : 'gardenlinux';
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId,
      issues: toSpecIssues(parsed.error, { schema: gardenLinuxSettingsSchema }),
      cause: parsed.error,
    });
  }
  let target: GardenLinuxTarget;
  try {
    target = gardenLinuxTarget(parsed.data.mode, parsed.data.flavor);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new InvalidAdapterOptionsError({
      adapterId,
      issues: [{ path: ['flavor'], code: 'invalid_value', message: error.message }],
      cause: error,
    });
  }
  const config = parsed.data;
  const runtime = createGardenLinuxRuntime(config);
  const updates = createGardenLinuxUpdateStrategy(config);
  const adapter: GardenLinuxAdapter = {
    specificationVersion: 'v1',
    id: config.id,
    displayName: 'Garden Linux',
    capabilities: gardenLinuxCapabilities(target),
    image: createGardenLinuxImage(target, config.id),
    runtime,
    updates,
    builder: createGardenLinuxImageBuilder(config, exec),
    provision: (pool, context) => provisionGardenLinux({ settings: config, runtime, updates }, pool, context),
    validate: validateGardenLinuxOutput,
    externalValidators: EXTERNAL_VALIDATORS,
  };
  return adapter;
}
