import { Document, Schema, type ScalarTag } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pyYamlLoad } from '../../test/support/cloud-init-tool.js';
import { yaml11SafeScalar } from './yaml-scalars.js';

type StringTag = ScalarTag & { stringify: NonNullable<ScalarTag['stringify']> };
const STR = 'tag:yaml.org,2002:str';
const MERGE = 'tag:yaml.org,2002:merge';
const defaultString = new Schema({ schema: 'yaml-1.1' }).tags.find(
  (tag) => tag.tag === STR,
) as unknown as StringTag;

/** The `yaml` library's own emitter (merge keys off), with or without the YAML 1.1 safety layer. */
function emit(value: unknown, safe: boolean): string {
  const tag: StringTag = {
    ...defaultString,
    stringify: (item, ctx, onComment, onChompKeep) =>
      (safe ? yaml11SafeScalar(String(item.value), ctx) : undefined) ??
      defaultString.stringify(item, ctx, onComment, onChompKeep),
  };
  return new Document(value, {
    version: '1.1',
    customTags: (tags) =>
      tags
        .filter((candidate) => typeof candidate === 'string' || candidate.tag !== MERGE)
        .map((candidate) =>
          typeof candidate !== 'string' && candidate.tag === STR ? tag : candidate,
        ) as never,
  }).toString({ lineWidth: 0 });
}

// Strings the hostile-input property tests (@kubenode/fuzz) found the yaml library writing in a
// form YAML 1.1 readers (PyYAML, Go) read differently or refuse.
const MISREAD = [
  'a\u0085b',
  'line\u2028separator',
  'para\u2029graph',
  'c1\u009bcontrol',
  'del\u007f',
  '\ufffe',
  '\uffff',
  '=',
  '<<',
];

describe('yaml11SafeScalar', () => {
  it('makes the yaml library write what PyYAML reads back exactly, as values and as keys', () => {
    for (const text of [...MISREAD, '  \n  indented first line\n']) {
      const document = { value: text, [text]: 'key', list: [text] };
      expect(pyYamlLoad([emit(document, true)])[0]).toEqual(document);
    }
  });

  it('is needed: without it PyYAML misreads or refuses each of them', () => {
    for (const text of MISREAD) {
      expect(pyYamlLoad([emit({ [text]: text }, false)])[0]).not.toEqual({ [text]: text });
    }
  });

  it('leaves everything else to the emitter', () => {
    for (const text of ['plain', 'yes', '0644', 'two\nlines\n', 'tab\there', '#comment', '']) {
      expect(yaml11SafeScalar(text)).toBeUndefined();
    }
  });
});
