/**
 * The `major.minor` of a Kubernetes version (`1.32.4` → `1.32`): the first two dot-separated
 * parts, as package repositories, sysext names and version skew rules use it.
 */
export function kubernetesMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
