import type { NodePool } from '@kubenode/core';

/** The pkgs.k8s.io RPM repository of the pool's Kubernetes minor. */
export function kubernetesRepository(pool: NodePool): string {
  const [major, minor] = pool.spec.kubernetes.version.split('.');
  const base = `https://pkgs.k8s.io/core:/stable:/v${major}.${minor}/rpm/`;
  return `[kubernetes]\nname=Kubernetes v${major}.${minor}\nbaseurl=${base}\nenabled=1\ngpgcheck=1\ngpgkey=${base}repodata/repomd.xml.key\n`;
}

/**
 * The packages layered onto the image: kubelet and kubeadm at the pool's exact version,
 * cri-tools (kubeadm's preflight needs crictl), then the pool's own packages (`name=version`
 * becomes rpm's `name-version`), sorted and de-duplicated.
 */
export function layeredPackages(pool: NodePool): string[] {
  const { version } = pool.spec.kubernetes;
  const own = pool.spec.os.packages.map((spec) => spec.replace('=', '-'));
  return [`kubelet-${version}`, `kubeadm-${version}`, 'cri-tools', ...[...new Set(own)].sort()];
}
