import { Document, Schema, type Scalar } from 'yaml';
import {
  doubleQuoted,
  isAmbiguousPlainScalar,
  isLiteralBlockSafe,
  needsEscapes,
  singleQuoted,
} from './yaml-scalars.js';

type StringifyFn = NonNullable<ScalarTagLike['stringify']>;
interface ScalarTagLike {
  readonly tag: string;
  stringify?: (
    item: Scalar,
    ctx: { implicitKey?: boolean; inFlow?: boolean | null },
    onComment?: () => void,
    onChompKeep?: () => void,
  ) => string;
}

const STR = 'tag:yaml.org,2002:str';
const MERGE = 'tag:yaml.org,2002:merge';
const defaultString = new Schema({ schema: 'yaml-1.1' }).tags.find(
  (tag) => (tag as ScalarTagLike).tag === STR,
) as unknown as ScalarTagLike & { stringify: StringifyFn };

/**
 * The string tag cloud-init's YAML is written with: strings PyYAML would misread or refuse are
 * escaped (double quotes; multi-line text that cannot be a literal block, see
 * {@link isLiteralBlockSafe}, too); strings a YAML 1.1 or 1.2 reader would resolve to a boolean, number,
 * null or timestamp are single-quoted; tabs on one line are escaped; multi-line text becomes a
 * literal block (`|`, with chomping and indentation indicators as needed); the rest is left to
 * `yaml`, which quotes what its grammar needs (`: `, ` #`, leading indicators, edge spaces).
 */
const cloudString: ScalarTagLike = {
  ...defaultString,
  stringify(item, ctx, onComment, onChompKeep) {
    const value = String(item.value);
    if (needsEscapes(value)) return doubleQuoted(value);
    if (value.includes('\n')) {
      if (ctx.implicitKey || ctx.inFlow || !isLiteralBlockSafe(value)) return doubleQuoted(value);
      return defaultString.stringify(
        Object.assign(Object.create(Object.getPrototypeOf(item) as object) as Scalar, item, {
          type: 'BLOCK_LITERAL',
        }),
        ctx,
        onComment,
        onChompKeep,
      );
    }
    if (value.includes('\t')) return doubleQuoted(value);
    if (isAmbiguousPlainScalar(value)) return singleQuoted(value);
    return defaultString.stringify(item, ctx, onComment, onChompKeep);
  },
};

/**
 * Serialises a value as block-style YAML that PyYAML (YAML 1.1, what cloud-init reads with) and
 * YAML 1.2 readers both read back exactly: two-space indentation, sequences indented under
 * their key, no line folding, no anchors or aliases, `Uint8Array` as `!!binary`.
 */
export function toCloudYaml(value: unknown): string {
  const document = new Document(value, {
    version: '1.1',
    aliasDuplicateObjects: false,
    customTags: (tags) =>
      tags
        .filter((tag) => (tag as ScalarTagLike).tag !== MERGE)
        .map((tag) => ((tag as ScalarTagLike).tag === STR ? cloudString : tag)) as never,
  });
  return document.toString({
    indent: 2,
    indentSeq: true,
    lineWidth: 0,
    minContentWidth: 76,
    blockQuote: 'literal',
    defaultKeyType: 'PLAIN',
    defaultStringType: 'PLAIN',
    doubleQuotedAsJSON: false,
    singleQuote: false,
  });
}
