function minor(version: string): [number, number] {
  const [major = 0, minorPart = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return [major, minorPart];
}

/** Whether a Kubernetes version's minor lies in an inclusive `{ min, max }` range of minors. */
export function kubernetesVersionInRange(
  version: string,
  range: { readonly min: string; readonly max: string },
): boolean {
  const compare = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  const value = minor(version);
  return compare(value, minor(range.min)) >= 0 && compare(value, minor(range.max)) <= 0;
}
