/** A resource as discovery lists it. */
interface DiscoveredResource {
  readonly name: string;
  readonly singularName: string;
  readonly namespaced: boolean;
  readonly kind: string;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
  readonly group?: string;
  readonly version?: string;
}

/** The API groups and resources the test double serves, as discovery documents. */
export const SERVED_GROUPS: Readonly<Record<string, readonly DiscoveredResource[]>> = {
  v1: [
    {
      name: 'nodes',
      singularName: 'node',
      namespaced: false,
      kind: 'Node',
      verbs: ['get', 'list', 'patch', 'watch'],
      shortNames: ['no'],
    },
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['delete', 'get', 'list', 'watch'],
      shortNames: ['po'],
    },
    {
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    },
    {
      name: 'events',
      singularName: 'event',
      namespaced: true,
      kind: 'Event',
      verbs: ['create', 'get', 'list', 'watch'],
      shortNames: ['ev'],
    },
    {
      name: 'configmaps',
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      verbs: ['create', 'delete', 'get', 'list', 'update'],
      shortNames: ['cm'],
    },
    {
      name: 'secrets',
      singularName: 'secret',
      namespaced: true,
      kind: 'Secret',
      verbs: ['create', 'delete', 'get', 'list', 'update'],
    },
  ],
  'policy/v1': [
    {
      name: 'poddisruptionbudgets',
      singularName: 'poddisruptionbudget',
      namespaced: true,
      kind: 'PodDisruptionBudget',
      verbs: ['get', 'list', 'watch'],
      shortNames: ['pdb'],
    },
  ],
  'coordination.k8s.io/v1': [
    {
      name: 'leases',
      singularName: 'lease',
      namespaced: true,
      kind: 'Lease',
      verbs: ['create', 'get', 'list', 'update', 'watch'],
    },
  ],
};

/** `GET /api`. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `GET /apis`. */
export function apiGroupList(): object {
  const groups = Object.keys(SERVED_GROUPS)
    .filter((groupVersion) => groupVersion.includes('/'))
    .map((groupVersion) => {
      const [name, version] = groupVersion.split('/') as [string, string];
      const entry = { groupVersion, version };
      return { name, versions: [entry], preferredVersion: entry };
    });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`; undefined for a group version not served. */
export function apiResourceList(groupVersion: string): object | undefined {
  const resources = SERVED_GROUPS[groupVersion];
  if (!resources) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** `GET /version`: says plainly that this is kubenode's test double. */
export function versionInfo(kubeletVersion: string): object {
  const [major, minor] = kubeletVersion.replace(/^v/, '').split('.');
  return {
    major: major ?? '1',
    minor: minor ?? '32',
    gitVersion: `${kubeletVersion}+kubenode-simulated`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-05T00:00:00Z',
    goVersion: 'n/a (kubenode simulated API server, a test double)',
    compiler: 'n/a',
    platform: 'linux/amd64',
  };
}
