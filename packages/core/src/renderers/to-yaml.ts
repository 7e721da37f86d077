import { stringify } from 'yaml';

/**
 * Serialises a value as YAML 1.2 the same way everywhere: two-space indent, no line folding,
 * strings quoted wherever YAML 1.1 or 1.2 readers could misread them (yes/no/on/off, numbers,
 * leading zeros, ':' and '#'), multi-line strings as block literals. Key order is preserved,
 * so callers build objects in a fixed order for deterministic output.
 */
export function toYaml(value: unknown): string {
  return stringify(value, {
    indent: 2,
    lineWidth: 0,
    minContentWidth: 0,
    defaultKeyType: 'PLAIN',
    defaultStringType: 'PLAIN',
    // YAML 1.1 readers (Go's yaml.v2, PyYAML) read these plain scalars as booleans or octal.
    version: '1.1',
    singleQuote: false,
    aliasDuplicateObjects: false,
  });
}
