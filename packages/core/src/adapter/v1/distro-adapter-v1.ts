import type { NodePool } from '../../node-pool/node-pool-schema.js';
import type { CapabilitiesV1 } from './capabilities-v1.js';
import type { ExternalValidatorV1, OutputIssueV1 } from './external-validator-v1.js';
import type { ImageBuilderV1 } from './image-builder-v1.js';
import type { NodeImageV1 } from './node-image-v1.js';
import type { ProvisioningResultV1 } from './provisioning-result-v1.js';
import type { RenderContextV1 } from './render-context-v1.js';
import type { RuntimeV1 } from './runtime-v1.js';
import type { UpdateStrategyV1 } from './update-strategy-v1.js';

/**
 * Version 1 of the distro adapter specification: everything kubenode needs from one node OS.
 * Adapters are created by a factory (`createFlatcar(settings)`) and registered by `id`.
 */
export interface DistroAdapterV1 {
  /** The specification version this adapter implements. */
  readonly specificationVersion: 'v1';
  /** Stable id, e.g. `flatcar`. Third parties use a dotted id, e.g. `acme.os`. */
  readonly id: string;
  /** Human name, e.g. "Flatcar Container Linux". */
  readonly displayName: string;
  /** What the adapter supports, as data. */
  readonly capabilities: CapabilitiesV1;
  /** The OS's facts and image lines. */
  readonly image: NodeImageV1;
  /** The container runtime configuration on this OS. */
  readonly runtime: RuntimeV1;
  /**
   * Renders the pool into the distro's native provisioning configuration. Pure and
   * deterministic: the same pool gives byte-identical artifacts.
   *
   * @throws {UnsupportedFeatureError} for a field the distro cannot express.
   * @throws {SpecValidationError} for invalid `spec.adapterOptions.<id>`.
   */
  provision(pool: NodePool, context?: RenderContextV1): ProvisioningResultV1;
  /** Checks rendered output with the adapter's own rules and schemas (pure, no external tools). */
  validate(result: ProvisioningResultV1): readonly OutputIssueV1[];
  /** Upstream tools that judge the output (run by the CLI's `validate` and by CI). */
  readonly externalValidators: readonly ExternalValidatorV1[];
  /** Update mechanics. */
  readonly updates: UpdateStrategyV1;
  /** Image build or recipe. */
  readonly builder: ImageBuilderV1;
}

/** The factory convention: every adapter package exports `create<Name>(settings?)`. */
export type DistroAdapterFactoryV1<Settings = Record<string, never>> = (
  settings?: Settings,
) => DistroAdapterV1;
