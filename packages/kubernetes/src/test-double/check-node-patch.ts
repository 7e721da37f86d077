/**
 * Checks that a Node patch touches only what the test double implements: `metadata.labels`,
 * `metadata.annotations` (string or null values), `metadata.resourceVersion` (a precondition),
 * `spec.unschedulable` and `spec.taints` (merge patches only: a strategic merge patch merges
 * lists by key, which the double does not implement). Returns the problem, or undefined.
 */
export function checkNodePatch(patch: unknown, strategic: boolean): string | undefined {
  if (!isObject(patch)) return 'the patch must be a JSON object';
  for (const key of Object.keys(patch)) {
    if (key !== 'metadata' && key !== 'spec' && key !== 'apiVersion' && key !== 'kind')
      return `${key}: this test double patches metadata and spec only`;
  }
  const metadata = patch.metadata;
  if (metadata !== undefined) {
    if (!isObject(metadata)) return 'metadata: must be an object';
    for (const [key, value] of Object.entries(metadata)) {
      if (key === 'resourceVersion') {
        if (typeof value !== 'string') return 'metadata.resourceVersion: must be a string';
      } else if (key === 'labels' || key === 'annotations') {
        if (!isObject(value)) return `metadata.${key}: must be an object`;
        for (const [name, text] of Object.entries(value)) {
          if (text !== null && typeof text !== 'string')
            return `metadata.${key}[${name}]: must be a string or null`;
          if (name.startsWith('$'))
            return `metadata.${key}: strategic merge directives are not supported by this test double`;
        }
      } else if (key !== 'name') return `metadata.${key}: not supported by this test double`;
    }
  }
  const spec = patch.spec;
  if (spec !== undefined) {
    if (!isObject(spec)) return 'spec: must be an object';
    for (const [key, value] of Object.entries(spec)) {
      if (key === 'unschedulable') {
        if (value !== null && typeof value !== 'boolean') return 'spec.unschedulable: must be a boolean';
      } else if (key === 'taints') {
        if (strategic)
          return 'spec.taints: strategic merge patches of lists are not supported by this test double; use a merge patch';
        if (value !== null && !Array.isArray(value)) return 'spec.taints: must be a list';
        for (const [index, taint] of ((value as unknown[] | null) ?? []).entries()) {
          if (
            !isObject(taint) ||
            typeof taint.key !== 'string' ||
            !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(String(taint.effect))
          )
            return `spec.taints[${index}]: needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute`;
        }
      } else return `spec.${key}: not supported by this test double`;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
