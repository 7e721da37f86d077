import { NoSuchAdapterError } from '../errors/no-such-adapter-error.js';
import { UnsupportedSpecificationVersionError } from '../errors/unsupported-specification-version-error.js';
import { KubenodeError } from '../errors/kubenode-error.js';
import type { DistroAdapterV1 } from '../adapter/v1/distro-adapter-v1.js';
import { didYouMean } from '../node-pool/did-you-mean.js';
import { ADAPTER_ID } from '../node-pool/node-pool-schema.js';

const SUPPORTED_VERSIONS = ['v1'] as const;
const REQUIRED_MEMBERS = [
  'id',
  'displayName',
  'capabilities',
  'image',
  'runtime',
  'provision',
  'validate',
  'externalValidators',
  'updates',
  'builder',
] as const;

/**
 * Checks, at the boundary, that a value is an adapter this core can drive: a known
 * `specificationVersion` and every required member present.
 *
 * @throws {UnsupportedSpecificationVersionError} for an unknown specification version.
 * @throws {KubenodeError} (`KubenodeInvalidAdapterError`) for a malformed adapter.
 */
export function asDistroAdapterV1(value: unknown): DistroAdapterV1 {
  const candidate = value as (Partial<DistroAdapterV1> & { specificationVersion?: unknown }) | null;
  const id = typeof candidate?.id === 'string' ? candidate.id : '(unknown)';
  if (candidate === null || typeof candidate !== 'object') {
    throw new KubenodeError({
      name: 'KubenodeInvalidAdapterError',
      message: 'an adapter must be an object created by an adapter factory',
    });
  }
  if (!SUPPORTED_VERSIONS.includes(candidate.specificationVersion as 'v1')) {
    throw new UnsupportedSpecificationVersionError({
      adapterId: id,
      version: String(candidate.specificationVersion),
      supported: SUPPORTED_VERSIONS,
    });
  }
  const missing = REQUIRED_MEMBERS.filter((member) => candidate[member] === undefined);
  if (missing.length > 0) {
    throw new KubenodeError({
      name: 'KubenodeInvalidAdapterError',
      message: `adapter '${id}' lacks required members: ${missing.join(', ')}`,
    });
  }
  if (!ADAPTER_ID.test(id)) {
    throw new KubenodeError({
      name: 'KubenodeInvalidAdapterError',
      message: `adapter id '${id}' must match ${ADAPTER_ID.source}`,
    });
  }
  return candidate as DistroAdapterV1;
}

/**
 * Resolves `spec.distro` to an adapter. First-party and third-party adapters register the same
 * way: `registry.register(createFlatcar())`, `registry.register(createAcmeOs())`.
 */
export class AdapterRegistry {
  private readonly adapters = new Map<string, DistroAdapterV1>();

  /** Registers an adapter; a second adapter with the same id replaces the first only with `replace: true`. */
  register(adapter: DistroAdapterV1, options: { replace?: boolean } = {}): this {
    const checked = asDistroAdapterV1(adapter);
    if (this.adapters.has(checked.id) && !options.replace) {
      throw new KubenodeError({
        name: 'KubenodeDuplicateAdapterError',
        message: `an adapter with id '${checked.id}' is already registered`,
      });
    }
    this.adapters.set(checked.id, checked);
    return this;
  }

  /** True when an adapter is registered under `id`. */
  has(id: string): boolean {
    return this.adapters.has(id);
  }

  /**
   * The adapter registered under `id`.
   *
   * @throws {NoSuchAdapterError} naming the registered ids and a likely intended one.
   */
  get(id: string): DistroAdapterV1 {
    const adapter = this.adapters.get(id);
    if (!adapter) {
      throw new NoSuchAdapterError({
        adapterId: id,
        available: this.ids(),
        suggestion: didYouMean(id, this.adapters.keys()),
      });
    }
    return adapter;
  }

  /** Registered ids, sorted. */
  ids(): string[] {
    return [...this.adapters.keys()].sort();
  }

  /** Registered adapters, sorted by id. */
  list(): DistroAdapterV1[] {
    return this.ids().map((id) => this.adapters.get(id)!);
  }
}

/** Creates a registry holding the given adapters. */
export function createAdapterRegistry(adapters: Iterable<DistroAdapterV1> = []): AdapterRegistry {
  const registry = new AdapterRegistry();
  for (const adapter of adapters) registry.register(adapter);
  return registry;
}
