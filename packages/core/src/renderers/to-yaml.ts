import { libraryToYaml } from './library-to-yaml.js';
import { plainDataYaml } from './plain-data-yaml.js';

/**
 * Serialises a value as YAML 1.2 the same way everywhere: two-space indent, no line folding,
 * strings quoted wherever YAML 1.1 or 1.2 readers could misread them (yes/no/on/off, numbers,
 * leading zeros, ':' and '#'), multi-line strings as block literals. Key order is preserved,
 * so callers build objects in a fixed order for deterministic output.
 *
 * Plain data (objects, arrays, strings, numbers, booleans, null) takes a fast path whose output
 * is byte-identical to the `yaml` library's; anything else is serialised by the library.
 */
export function toYaml(value: unknown): string {
  return plainDataYaml(value) ?? libraryToYaml(value);
}
