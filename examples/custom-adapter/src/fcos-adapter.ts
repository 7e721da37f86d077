import {
  InvalidAdapterOptionsError,
  toSpecIssues,
  type DistroAdapterV1,
  type OutputIssueV1,
} from '@kubenode/core';
import { formatIgnitionPath, validateIgnitionConfig } from 'ignition-config-ts';
import { fedoraCoreOsCapabilities } from './fcos-capabilities.js';
import { createFedoraCoreOsImage } from './fcos-image.js';
import { createFedoraCoreOsImageBuilder } from './fcos-image-builder.js';
import { FCOS_CONFIG_ARTIFACT, provisionFedoraCoreOs } from './fcos-provision.js';
import { fedoraCoreOsRuntime } from './fcos-runtime.js';
import { fedoraCoreOsSettingsSchema, type FedoraCoreOsSettings } from './fcos-settings.js';
import { fedoraCoreOsUpdates } from './fcos-update-strategy.js';

/**
 * Creates the example Fedora CoreOS adapter: Ignition 3.3.0 through ignition-config-ts, kubeadm
 * join with Kubernetes packages layered by rpm-ostree, rpm-ostree updates with Zincati off, and a
 * derived-image recipe. Written only against public API (`@kubenode/core`, `ignition-config-ts`).
 *
 * @throws {InvalidAdapterOptionsError} for invalid settings.
 */
export function createFedoraCoreOs(settings: FedoraCoreOsSettings = {}): DistroAdapterV1 {
  const parsed = fedoraCoreOsSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new InvalidAdapterOptionsError({
      adapterId: 'example.fcos',
      issues: toSpecIssues(parsed.error, { schema: fedoraCoreOsSettingsSchema }),
      cause: parsed.error,
    });
  }
  const { id, podman } = parsed.data;
  const adapter: DistroAdapterV1 = {
    specificationVersion: 'v1',
    id,
    displayName: 'Fedora CoreOS (example adapter)',
    capabilities: fedoraCoreOsCapabilities,
    image: createFedoraCoreOsImage(id),
    runtime: fedoraCoreOsRuntime,
    provision: (pool) => provisionFedoraCoreOs(adapter, pool),
    validate(result): OutputIssueV1[] {
      const artifact = result.artifacts.find((candidate) => candidate.name === FCOS_CONFIG_ARTIFACT);
      if (!artifact)
        return [
          {
            artifact: FCOS_CONFIG_ARTIFACT,
            path: '',
            message: 'missing: Fedora CoreOS boots with an Ignition config',
          },
        ];
      return validateIgnitionConfig(artifact.contents)
        .filter((issue) => issue.severity === 'error')
        .map((issue) => ({
          artifact: artifact.name,
          path: formatIgnitionPath(issue.path),
          message: issue.message,
        }));
    },
    externalValidators: [
      {
        tool: 'ignition-validate',
        debianPackage: 'ignition',
        artifact: FCOS_CONFIG_ARTIFACT,
        args: ['{file}'],
        description: "Ignition's own validator (spec 3.3.0 and older)",
      },
    ],
    updates: fedoraCoreOsUpdates,
    builder: createFedoraCoreOsImageBuilder(id, podman),
  };
  return adapter;
}
