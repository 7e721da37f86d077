import type {
  DistroAdapterV1,
  NodeObservationV1,
  NodePool,
  ProvisioningArtifactV1,
  StepOutputV1,
  UpdateAvailabilityV1,
  UpdateTargetV1,
} from '@kubenode/core';
import type { CanonicalPool } from '../canonical-pools/canonical-pools.js';
import type { ConformanceTestApi } from './conformance-test-api.js';

/** An adapter factory as every adapter package exports it: `create<Name>(settings?)`. */
export type ConformanceAdapterFactory<Settings> = (settings?: Settings) => DistroAdapterV1;

/** A sample the update strategy's `interpretDetect` must read correctly. */
export interface DetectSample {
  /** What the sample is, for the failure message. */
  readonly description: string;
  readonly output: StepOutputV1;
  /** The fields the result must have (compared with deep equality). */
  readonly expected: Partial<UpdateAvailabilityV1>;
}

/** A before/after pair the update strategy's `verify` must judge correctly. */
export interface VerifySample {
  readonly description: string;
  readonly before: NodeObservationV1;
  readonly after: NodeObservationV1;
  readonly target: UpdateTargetV1;
  /** Whether the update took effect. */
  readonly ok: boolean;
}

/**
 * Ground-truth probes the adapter author supplies (the next-auth pattern): knowledge about the
 * adapter's output and mechanics the suite cannot derive generically.
 */
export interface AdapterConformanceProbes {
  /**
   * Extra decoded texts of an artifact, for encodings the suite does not decode itself (it
   * decodes JSON, YAML, `data:` URLs, base64 and gzip, recursively).
   */
  readonly decode?: (artifact: ProvisioningArtifactV1) => readonly string[];
  /**
   * Secrets the adapter knows of beyond the pool's own (`collectSecrets`), e.g. values of
   * `spec.adapterOptions.<id>` that are keys or tokens. They must never appear in errors or
   * warnings, and artifacts holding them must say `containsSecrets: true`.
   */
  readonly secrets?: (pool: NodePool) => readonly string[];
  /**
   * Run the adapter's declared external validators (`externalValidators`) on every rendered
   * pool. A missing tool fails the case, naming the Debian package to install.
   */
  readonly externalValidators?: boolean;
  /**
   * Fields added to the image refs the `image` case describes, for adapters whose image lines
   * need more than an architecture and a channel (a Bottlerocket variant, for example).
   */
  readonly imageRef?: { readonly variant?: string; readonly version?: string };
  /** Samples for the update strategy. */
  readonly updates?: {
    /** A node as the adapter's OS reports itself (used for `planNode`). */
    readonly node?: NodeObservationV1;
    /** The update target used for `planNode`. */
    readonly target?: UpdateTargetV1;
    readonly detect?: readonly DetectSample[];
    readonly verify?: readonly VerifySample[];
  };
}

/** Options of {@link describeAdapterConformance} and {@link runAdapterConformance}. */
export interface AdapterConformanceOptions<Settings = unknown> {
  /** The test runner, injected: `{ describe, it, expect }` from vitest. */
  readonly test: ConformanceTestApi;
  /**
   * Where the adapter's golden files live (`<pool id>.golden`), e.g.
   * `new URL('../golden/conformance/', import.meta.url)`. Refresh them with
   * `KUBENODE_UPDATE_GOLDENS=1` or `updateGoldens: true`.
   */
  readonly goldenDir: string | URL;
  /** Rewrite the golden files instead of comparing (default: `KUBENODE_UPDATE_GOLDENS=1`). */
  readonly updateGoldens?: boolean;
  /** Settings passed to the factory for every adapter the suite creates. */
  readonly settings?: Settings;
  /**
   * `spec.adapterOptions.<id>` set on every canonical pool: what the adapter needs that a neutral
   * NodePool does not carry (e.g. Talos PKI material). Keep it minimal.
   */
  readonly adapterOptions?: Readonly<Record<string, unknown>>;
  /**
   * Adapter-specific pools, run through the same per-pool cases as the canonical ones. Needed
   * for features declared with `restrictions`: at least one pool must stay within them.
   */
  readonly pools?: readonly CanonicalPool[];
  /**
   * Invalid `spec.adapterOptions.<id>` values the adapter must reject with a typed error whose
   * issues name `path` (a dotted path inside the options, e.g. `cluster.id`).
   */
  readonly invalidAdapterOptions?: readonly { readonly value: unknown; readonly path: string }[];
  readonly probes?: AdapterConformanceProbes;
  /** Per-case timeouts in milliseconds. */
  readonly timeouts?: {
    readonly default?: number;
    readonly build?: number;
    readonly externalValidators?: number;
  };
  /** Title of the describe block; default `<displayName> (<id>) conformance`. */
  readonly title?: string;
}
