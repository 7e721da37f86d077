/** The last k3OS release (rancher/k3os tag, 2021-10-08); k3OS is end of life. */
export const K3OS_LATEST_RELEASE = 'v0.22.2-k3s2r0';

/** The Kubernetes minor of the last k3OS release's bundled k3s. */
export const K3OS_LATEST_KUBERNETES_MINOR = '1.22';

/** The end-of-life notice every render and validation repeats. */
export const K3OS_END_OF_LIFE_NOTICE =
  'k3OS is end of life: no release since v0.22.2-k3s2r0 (2021-10-08, k3s 1.22) and deprecated upstream on 2023-12-08 in favour of Elemental; it gets no security fixes. Plan a move to a maintained OS.';

/** The Kubernetes version (`1.22.2`) a k3OS release tag bundles (`v0.22.2-k3s2r0`), from the tag scheme v0.<minor>.<patch>-k3s<N>r<rev>. */
export function k3osKubernetesVersion(release: string): string | undefined {
  const match = /^v0\.(\d+)\.(\d+)(?:-k3s\d+r\d+)?$/.exec(release);
  return match ? `1.${match[1]}.${match[2]}` : undefined;
}
