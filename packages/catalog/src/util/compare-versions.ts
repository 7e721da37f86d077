/**
 * Compares dotted versions numerically part by part (`4081.3.10` > `4081.3.2`, `1.10` > `1.9`);
 * parts that are not numbers compare as strings, and a version with more parts is newer when the
 * shared parts are equal. A leading `v` is ignored.
 */
export function compareVersions(a: string, b: string): number {
  const left = a.replace(/^v/, '').split(/[.+-]/);
  const right = b.replace(/^v/, '').split(/[.+-]/);
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const x = left[index];
    const y = right[index];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
