import {
  collectSecrets,
  NODE_POOL_FEATURES,
  type CapabilitiesV1,
  type DistroAdapterV1,
  type NodePool,
  type NodePoolFeature,
  type ProvisioningArtifactV1,
} from '@kubenode/core';
import { CANONICAL_POOLS } from '../canonical-pools/canonical-pools.js';
import { kubernetesVersionInRange } from './kubernetes-version-range.js';
import { artifactHaystack, type Haystack } from '../evidence/artifact-haystack.js';
import type { RenderOutcome } from '../golden/golden-text.js';
import { GoldenStore } from '../golden/golden-store.js';
import { conformancePool, type ConformancePool } from '../pools/conformance-pool.js';
import { deepFreeze } from '../pools/deep-freeze.js';
import { isolatedFeaturePool } from '../pools/isolated-feature-pool.js';
import type { AdapterConformanceOptions, ConformanceAdapterFactory } from './adapter-conformance-options.js';

/** Options without the injected runner (for {@link runAdapterConformance}). */
export type ConformanceSuiteOptions<Settings> = Omit<AdapterConformanceOptions<Settings>, 'test'> & {
  readonly test?: AdapterConformanceOptions<Settings>['test'];
};

/**
 * Everything the cases share that is not state: the factory, the prepared pools, the golden
 * store and helpers. Each case creates its own adapter with {@link ConformanceSuite.newAdapter}.
 */
export class ConformanceSuite<Settings> {
  /** The adapter id, read once when the cases are collected. */
  readonly adapterId: string;
  /** The adapter's display name, for titles. */
  readonly displayName: string;
  /** Capabilities as declared when the cases were collected (only used to choose which cases apply). */
  readonly declared: CapabilitiesV1 | undefined;
  /** Canonical pools followed by the adapter's own pools, prepared for this adapter. */
  readonly pools: readonly ConformancePool[];
  /** One pool per feature: minimal plus that feature. */
  readonly featurePools: ReadonlyMap<NodePoolFeature, ConformancePool>;
  readonly golden: GoldenStore;
  readonly defaultTimeout: number;

  constructor(
    readonly factory: ConformanceAdapterFactory<Settings>,
    readonly options: ConformanceSuiteOptions<Settings>,
    probe: DistroAdapterV1 | undefined,
  ) {
    this.adapterId = typeof probe?.id === 'string' ? probe.id : 'unknown';
    this.displayName = typeof probe?.displayName === 'string' ? probe.displayName : this.adapterId;
    this.declared = probe?.capabilities;
    const extra = options.pools ?? [];
    const ids = new Set(CANONICAL_POOLS.map((entry) => entry.id));
    for (const entry of extra) {
      if (ids.has(entry.id))
        throw new Error(`options.pools: pool id '${entry.id}' is already used by another pool`);
      ids.add(entry.id);
    }
    this.pools = [
      ...CANONICAL_POOLS.map((entry) => conformancePool(entry, this.adapterId, options.adapterOptions)),
      ...extra.map((entry) => conformancePool(entry, this.adapterId, options.adapterOptions)),
    ];
    this.featurePools = new Map(
      NODE_POOL_FEATURES.map((feature) => [
        feature,
        conformancePool(isolatedFeaturePool(feature), this.adapterId, options.adapterOptions),
      ]),
    );
    this.golden = new GoldenStore({ directory: options.goldenDir, update: options.updateGoldens });
    this.defaultTimeout = options.timeouts?.default ?? 30_000;
  }

  /** A fresh adapter from the factory, with the configured settings. */
  newAdapter(): DistroAdapterV1 {
    return this.factory(this.options.settings);
  }

  /** Renders a deep-frozen copy of the pool (an adapter must not mutate its input). */
  render(adapter: DistroAdapterV1, pool: NodePool): RenderOutcome {
    const input = deepFreeze(structuredClone(pool));
    try {
      return { kind: 'rendered', result: adapter.provision(input) };
    } catch (error) {
      return { kind: 'refused', error };
    }
  }

  /** Every secret of the pool: the core's list plus the adapter's `secrets` probe. */
  secretsOf(pool: NodePool): string[] {
    const extra = this.options.probes?.secrets?.(pool) ?? [];
    return [...new Set([...collectSecrets(pool), ...extra.filter((secret) => secret.length >= 8)])];
  }

  /** The decoded texts of artifacts. */
  haystack(artifacts: readonly ProvisioningArtifactV1[]): Haystack {
    return artifactHaystack(artifacts, this.options.probes?.decode);
  }

  /**
   * Whether the declared capabilities let the pool render: its Kubernetes version is in the
   * declared window and no feature it uses is declared unsupported. (Restricted features may
   * still refuse some values.)
   */
  declaredRenderable(pool: ConformancePool): boolean {
    const features = this.declared?.features;
    if (!features) return false;
    const range = this.declared?.kubernetesVersions;
    if (range !== undefined && !kubernetesVersionInRange(pool.pool.spec.kubernetes.version, range))
      return false;
    return pool.features.every((feature) => features[feature]?.level !== 'unsupported');
  }
}
