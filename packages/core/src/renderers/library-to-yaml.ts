import { Schema, stringify, type ScalarTag, type Tags } from 'yaml';
import { yaml11SafeString } from './yaml11-safe-string.js';

type StringTag = ScalarTag & { stringify: NonNullable<ScalarTag['stringify']> };
const STR = 'tag:yaml.org,2002:str';
const MERGE = 'tag:yaml.org,2002:merge';

/** The library's YAML 1.1 string tag. */
const LIBRARY_STRING = new Schema({ schema: 'yaml-1.1' }).tags.find(
  (tag) => tag.tag === STR,
) as unknown as StringTag;

/** The string tag with the YAML 1.1 safety layer ({@link yaml11SafeString}) in front of the library's choice. */
const SAFE_STRING: StringTag = {
  ...LIBRARY_STRING,
  stringify: (item, ctx, onComment, onChompKeep) =>
    yaml11SafeString(String(item.value), ctx) ?? LIBRARY_STRING.stringify(item, ctx, onComment, onChompKeep),
};

/** YAML 1.1 tags with the safe string tag, and without the merge key (a string `<<` is a string). */
function customTags(tags: Tags): Tags {
  return tags
    .filter((tag) => typeof tag === 'string' || tag.tag !== MERGE)
    .map((tag) => (typeof tag !== 'string' && tag.tag === STR ? SAFE_STRING : tag)) as Tags;
}

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
  customTags,
} as const;

/**
 * The reference serialisation behind `toYaml`: the `yaml` library's `stringify` with two-space
 * indent, no line folding, YAML 1.1 scalar resolution (so `yes`, `on`, `0644` … are quoted),
 * double quotes only, no aliases, and strings YAML 1.1 readers would misread or refuse written
 * double-quoted with escapes ({@link yaml11SafeString}). `toYaml` takes a faster path for plain
 * data that is byte-identical to this (proved by property tests) and falls back to this for
 * everything else.
 */
export function libraryToYaml(value: unknown): string {
  return stringify(value, OPTIONS);
}
