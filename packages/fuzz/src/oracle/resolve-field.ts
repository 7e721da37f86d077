/**
 * Resolves a field named in an error (`spec.os.files[0].path`, `spec.runtime.registryMirrors["*"]`,
 * `spec.kubernetes.nodeLabels.example.com/tier`) in a pool: the value, or undefined when the
 * path names nothing. Dotted map keys are matched greedily.
 */
export function resolveField(root: unknown, field: string): { found: boolean; value?: unknown } {
  const tokens: (string | number)[] = [];
  const pattern = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/g;
  for (const match of field.matchAll(pattern)) {
    if (match[1] !== undefined) tokens.push(Number(match[1]));
    else if (match[2] !== undefined) tokens.push(JSON.parse(`"${match[2]}"`) as string);
    else if (match[3] !== undefined) tokens.push(match[3]);
  }
  const walk = (value: unknown, index: number): { found: boolean; value?: unknown } => {
    if (index >= tokens.length) return { found: true, value };
    if (value === null || typeof value !== 'object') return { found: false };
    const token = tokens[index]!;
    if (typeof token === 'number') {
      return Array.isArray(value) && token < value.length ? walk(value[token], index + 1) : { found: false };
    }
    const record = value as Record<string, unknown>;
    for (let end = index; end < tokens.length; end++) {
      if (tokens.slice(index, end + 1).some((part) => typeof part === 'number')) break;
      const key = tokens.slice(index, end + 1).join('.');
      if (Object.prototype.hasOwnProperty.call(record, key)) {
        const found = walk(record[key], end + 1);
        if (found.found) return found;
      }
    }
    return { found: false };
  };
  const found = walk(root, 0);
  return found.found ? found : resolveRaw(root, field);
}

/** Fallback for map keys the token syntax cannot split (`featureGates.[[array]]`): match keys as literal prefixes. */
function resolveRaw(value: unknown, rest: string): { found: boolean; value?: unknown } {
  if (rest === '') return { found: true, value };
  if (value === null || typeof value !== 'object') return { found: false };
  const index = /^\[(\d+)\]/.exec(rest);
  if (Array.isArray(value)) {
    if (!index) return { found: false };
    const item = Number(index[1]);
    return item < value.length
      ? resolveRaw(value[item], rest.slice(index[0].length).replace(/^\./, ''))
      : { found: false };
  }
  for (const [key, item] of Object.entries(value)) {
    if (rest === key) return { found: true, value: item };
    for (const separator of ['.', '[']) {
      if (rest.startsWith(`${key}${separator}`)) {
        const found = resolveRaw(item, rest.slice(key.length + (separator === '.' ? 1 : 0)));
        if (found.found) return found;
      }
    }
  }
  return { found: false };
}
