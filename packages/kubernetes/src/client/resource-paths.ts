import type { ResourceKindV1 } from '@kubenode/rollout';

/** Where a kind lives in the API: group/version prefix, plural, whether it is namespaced. */
export interface ResourceLocation {
  readonly prefix: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** The kinds the Kubernetes client reads and writes. */
export type ClientResourceKind = ResourceKindV1 | 'ConfigMap' | 'Secret';

/** API locations of every kind the client uses. */
export const RESOURCE_LOCATIONS: Readonly<Record<ClientResourceKind, ResourceLocation>> = {
  Node: { prefix: '/api/v1', plural: 'nodes', namespaced: false },
  Pod: { prefix: '/api/v1', plural: 'pods', namespaced: true },
  PodDisruptionBudget: { prefix: '/apis/policy/v1', plural: 'poddisruptionbudgets', namespaced: true },
  Lease: { prefix: '/apis/coordination.k8s.io/v1', plural: 'leases', namespaced: true },
  Event: { prefix: '/api/v1', plural: 'events', namespaced: true },
  ConfigMap: { prefix: '/api/v1', plural: 'configmaps', namespaced: true },
  Secret: { prefix: '/api/v1', plural: 'secrets', namespaced: true },
};

/**
 * The path of a collection (`name` omitted) or an object; namespaced kinds without a namespace
 * address all namespaces (collections only).
 */
export function resourcePath(kind: ClientResourceKind, namespace?: string, name?: string): string {
  const { prefix, plural, namespaced } = RESOURCE_LOCATIONS[kind];
  const scope = namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${scope}/${plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
