import { stringify } from 'yaml';

/** The `yaml` library options that define kubenode's YAML (see {@link libraryToYaml}). */
const OPTIONS = {
  indent: 2,
  lineWidth: 0,
  minContentWidth: 0,
  defaultKeyType: 'PLAIN',
  defaultStringType: 'PLAIN',
  // YAML 1.1 readers (Go's yaml.v2, PyYAML) read these plain scalars as booleans or octal.
  version: '1.1',
  singleQuote: false,
  aliasDuplicateObjects: false,
} as const;

/**
 * The reference serialisation behind `toYaml`: the `yaml` library's `stringify` with two-space
 * indent, no line folding, YAML 1.1 scalar resolution (so `yes`, `on`, `0644` … are quoted),
 * double quotes only, no aliases. `toYaml` takes a faster path for plain data that is
 * byte-identical to this (proved by property tests) and falls back to this for everything else.
 */
export function libraryToYaml(value: unknown): string {
  return stringify(value, OPTIONS);
}
