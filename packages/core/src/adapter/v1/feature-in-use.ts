import type { NodePool } from '../../node-pool/node-pool-schema.js';
import type { NodePoolFeature } from './capabilities-v1.js';

/**
 * True when the pool asks for the feature: sets it to something other than its default.
 * (`os.rootDisk` counts as in use only when growth is turned off, since growth is the default.)
 */
export function featureInUse(pool: NodePool, feature: NodePoolFeature): boolean {
  const { kubernetes, runtime, os } = pool.spec;
  switch (feature) {
    case 'kubernetes.nodeLabels':
      return Object.keys(kubernetes.nodeLabels).length > 0;
    case 'kubernetes.nodeTaints':
      return kubernetes.nodeTaints.length > 0;
    case 'kubernetes.maxPods':
      return kubernetes.maxPods !== undefined;
    case 'kubernetes.clusterDNS':
      return kubernetes.clusterDNS.length > 0;
    case 'kubernetes.kubelet':
      return Object.keys(kubernetes.kubelet).length > 0;
    case 'runtime.registryMirrors':
      return Object.keys(runtime.registryMirrors).length > 0;
    case 'runtime.sandboxImage':
      return runtime.sandboxImage !== undefined;
    case 'os.hostname':
      return os.hostname !== null;
    case 'os.users':
      return os.users.length > 0;
    case 'os.users.passwordHash':
      return os.users.some((user) => user.passwordHash !== undefined);
    case 'os.files':
      return os.files.length > 0;
    case 'os.units':
      return os.units.length > 0;
    case 'os.sysctls':
      return Object.keys(os.sysctls).length > 0;
    case 'os.kernelModules':
      return os.kernelModules.length > 0;
    case 'os.kernelArgs':
      return os.kernelArgs.length > 0;
    case 'os.ntpServers':
      return os.ntpServers.length > 0;
    case 'os.proxy':
      return os.proxy.http !== null || os.proxy.https !== null || os.proxy.noProxy.length > 0;
    case 'os.caCerts':
      return os.caCerts.length > 0;
    case 'os.rootDisk':
      return !os.rootDisk.grow;
    case 'os.packages':
      return os.packages.length > 0;
  }
}
