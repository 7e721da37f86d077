import type { JsonPath, NodePool } from '@kubenode/core';

/** Splits a settings path (`settings.kernel.sysctl."net.ipv4.ip_forward"`, `a.b[2]`) into keys and indexes. */
function tokens(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of path.matchAll(/"((?:[^"\\]|\\.)*)"|\[(\d+)\]|([^.[\]"]+)/g)) {
    if (match[1] !== undefined) out.push(JSON.parse(`"${match[1]}"`) as string);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[3] !== undefined) out.push(match[3]);
  }
  return out;
}

/**
 * The NodePool field a rendered Bottlerocket setting comes from, for the settings kubenode writes
 * from pool values (undefined for settings kubenode computes itself): so a pool value the
 * settings model refuses is reported at the field the user wrote.
 */
export function poolFieldOfSetting(settingsPath: string, pool: NodePool): JsonPath | undefined {
  const [root, section, key, index] = tokens(settingsPath);
  if (root !== 'settings') return undefined;
  const { kubernetes, runtime, os } = pool.spec;
  const at = (...path: (string | number)[]): JsonPath => ['spec', ...path];
  const indexOf = <T>(items: readonly T[], match: (item: T) => boolean): number | undefined => {
    const found = items.findIndex(match);
    return found < 0 ? undefined : found;
  };
  switch (`${section}.${key}`) {
    case 'network.https-proxy':
      return at('os', 'proxy', 'https');
    case 'network.no-proxy':
      return typeof index === 'number' ? at('os', 'proxy', 'noProxy', index) : at('os', 'proxy', 'noProxy');
    case 'network.hostname':
      return at('os', 'hostname');
    case 'ntp.time-servers':
      return typeof index === 'number' ? at('os', 'ntpServers', index) : at('os', 'ntpServers');
    case 'kubernetes.cluster-dns-ip':
      return typeof index === 'number'
        ? at('kubernetes', 'clusterDNS', index)
        : at('kubernetes', 'clusterDNS');
    case 'kubernetes.cluster-domain':
      return at('kubernetes', 'clusterDomain');
    case 'kubernetes.cluster-name':
      return at('kubernetes', 'clusterName');
    case 'kubernetes.api-server':
      return at('kubernetes', 'apiServer');
    case 'kubernetes.max-pods':
      return at('kubernetes', 'maxPods');
    case 'kubernetes.node-labels':
      return typeof index === 'string'
        ? at('kubernetes', 'nodeLabels', index)
        : at('kubernetes', 'nodeLabels');
    case 'kubernetes.node-taints': {
      const taint =
        typeof index === 'string' ? indexOf(kubernetes.nodeTaints, (t) => t.key === index) : undefined;
      return taint === undefined ? at('kubernetes', 'nodeTaints') : at('kubernetes', 'nodeTaints', taint);
    }
    case 'kernel.sysctl':
      return typeof index === 'string' ? at('os', 'sysctls', index) : at('os', 'sysctls');
    case 'kernel.modules': {
      const module = typeof index === 'string' ? indexOf(os.kernelModules, (m) => m === index) : undefined;
      return module === undefined ? at('os', 'kernelModules') : at('os', 'kernelModules', module);
    }
    case 'boot.kernel-parameters': {
      const arg =
        typeof index === 'string'
          ? indexOf(os.kernelArgs, (a) => a === index || a.startsWith(`${index}=`))
          : undefined;
      return arg === undefined ? at('os', 'kernelArgs') : at('os', 'kernelArgs', arg);
    }
    case 'container-registry.mirrors': {
      const registry =
        typeof index === 'number' ? Object.keys(runtime.registryMirrors).sort()[index] : undefined;
      return registry === undefined
        ? at('runtime', 'registryMirrors')
        : at('runtime', 'registryMirrors', registry);
    }
    case 'host-containers.admin':
      return at('os', 'users');
    default:
      return section === 'pki' ? at('os', 'caCerts') : undefined;
  }
}
