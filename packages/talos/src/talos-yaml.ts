import { Document, isPair, isScalar, parseAllDocuments, visit } from 'yaml';

/**
 * Serialises Talos configuration documents as multi-document YAML the way Talos writes its own
 * (four-space indent), with YAML 1.1 quoting so strings such as `yes`, `on` or `0644` stay
 * strings for every reader, and file permissions in octal (`0644`), which Go's yaml.v3 reads as
 * octal. Key order is the order the objects were built in.
 */
export function stringifyTalosDocuments(documents: readonly unknown[]): string {
  return documents
    .map((value) => {
      const document = new Document(value, { version: '1.1' });
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
