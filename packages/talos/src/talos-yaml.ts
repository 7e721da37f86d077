import { doubleQuoted, yaml11SafeScalar } from 'cloud-init-yaml';
import { Document, isPair, isScalar, parseAllDocuments, Schema, visit, type ScalarTag } from 'yaml';

/** Text whose first non-empty line starts with a space or a tab (with or without a line after it). */
const LEADING_BLANKS = /^\n*[ \t]/;

type StringTag = ScalarTag & { stringify: NonNullable<ScalarTag['stringify']> };
const STR = 'tag:yaml.org,2002:str';
const MERGE = 'tag:yaml.org,2002:merge';
const defaultString = new Schema({ schema: 'yaml-1.1' }).tags.find(
  (tag) => tag.tag === STR,
) as unknown as StringTag;

/**
 * Strings Go's yaml.v3 would misread or refuse as the `yaml` library writes them (U+0085,
 * U+2028 and U+2029 are line breaks to it; C1 controls and U+FFFE/U+FFFF are not printable)
 * are written double-quoted with escapes.
 */
const goSafeString: StringTag = {
  ...defaultString,
  stringify: (item, ctx, onComment, onChompKeep) => {
    const value = String(item.value);
    // A literal block whose text starts with blanks needs an indentation indicator, which the
    // library writes relative to another indentation than libyaml (Go's yaml.v3, PyYAML) reads
    // it in a sequence of mappings at four-space indent: the file would gain or lose spaces.
    if (LEADING_BLANKS.test(value)) return doubleQuoted(value);
    return yaml11SafeScalar(value, ctx) ?? defaultString.stringify(item, ctx, onComment, onChompKeep);
  },
};

/**
 * Serialises Talos configuration documents as multi-document YAML the way Talos writes its own
 * (four-space indent), with YAML 1.1 quoting so strings such as `yes`, `on` or `0644` stay
 * strings for every reader, characters Go's reader takes for line breaks or refuses escaped, and
 * file permissions in octal (`0644`), which Go's yaml.v3 reads as octal. Key order is the order
 * the objects were built in.
 */
export function stringifyTalosDocuments(documents: readonly unknown[]): string {
  return documents
    .map((value) => {
      const document = new Document(value, {
        version: '1.1',
        customTags: (tags) =>
          tags
            .filter((tag) => typeof tag === 'string' || tag.tag !== MERGE)
            .map((tag) => (typeof tag !== 'string' && tag.tag === STR ? goSafeString : tag)) as never,
      });
      visit(document, {
        Pair(_, pair) {
          if (
            isPair(pair) &&
            isScalar(pair.key) &&
            pair.key.value === 'permissions' &&
            isScalar(pair.value)
          ) {
            pair.value.format = 'OCT';
          }
        },
      });
      return document.toString({ indent: 4, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
    })
    .join('---\n');
}

/** One parsed document of a multi-document config, or the parse errors of that document. */
export interface ParsedTalosDocument {
  readonly value: unknown;
  readonly errors: readonly string[];
}

/** Parses multi-document YAML with YAML 1.1 semantics (`0644` is octal), as Talos does. */
export function parseTalosDocuments(text: string): ParsedTalosDocument[] {
  return parseAllDocuments(text, { version: '1.1', uniqueKeys: true }).map((document) => ({
    value: document.errors.length === 0 ? document.toJS({ maxAliasCount: 0 }) : undefined,
    errors: document.errors.map((error) => `${error.code} at line ${error.linePos?.[0]?.line ?? '?'}`),
  }));
}
