/**
 * The `major.minor` of a Kubernetes version (`1.32.4`, `v1.32`, `1.32`) or undefined when the
 * string is not one.
 */
export function kubernetesMinor(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

/** Adds `delta` minors to a `1.x` minor. */
export function shiftMinor(minor: string, delta: number): string {
  const [major, value] = minor.split('.').map(Number) as [number, number];
  return `${major}.${value + delta}`;
}

/** Minor distance `b - a` between two `1.x` minors of the same major. */
export function minorDistance(a: string, b: string): number {
  const [majorA, minorA] = a.split('.').map(Number) as [number, number];
  const [majorB, minorB] = b.split('.').map(Number) as [number, number];
  if (majorA !== majorB) return Number.NaN;
  return minorB - minorA;
}
