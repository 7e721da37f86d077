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
  return walk(root, 0);
}
