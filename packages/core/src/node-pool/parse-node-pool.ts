import { isPair, isScalar, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { SpecValidationError } from '../errors/spec-validation-error.js';
import type { SpecIssue } from '../errors/spec-issue.js';
import { nodePoolSchema, type NodePool } from './node-pool-schema.js';
import { SourceLocator } from './source-locator.js';
import { toSpecIssues } from './to-spec-issues.js';
import { findUnrepresentableText } from './unrepresentable-text.js';

/** Largest NodePool text accepted (4 MiB): far above any real pool, small enough to parse safely. */
export const MAX_NODE_POOL_BYTES = 4 * 1024 * 1024;

/** Options of {@link parseNodePool}. */
export interface ParseNodePoolOptions {
  /** The file name or label used in error messages. */
  readonly source?: string;
}

function fail(source: string | undefined, issues: SpecIssue[]): never {
  throw new SpecValidationError({ issues, source });
}

function decode(input: string | Uint8Array, source: string | undefined): string {
  if (typeof input === 'string') {
    if (input.includes('\0'))
      fail(source, [{ path: [], code: 'binary', message: 'not a text file (contains NUL bytes)' }]);
    return input;
  }
  if (input.includes(0))
    fail(source, [{ path: [], code: 'binary', message: 'not a text file (contains NUL bytes)' }]);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return fail(source, [{ path: [], code: 'binary', message: 'not a text file (invalid UTF-8)' }]);
  }
}

/** Butane and YAML 1.1 read `mode: 0644` as octal; keep the digits so the mode schema does too. */
function preserveOctalModes(document: Document.Parsed, text: string): void {
  visit(document, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== 'mode') return;
      const value = pair.value;
      if (isScalar(value) && value.type === 'PLAIN' && value.range && typeof value.value === 'number') {
        const raw = text.slice(value.range[0], value.range[1]);
        if (/^0[0-7]+$/.test(raw)) value.value = raw;
      }
    },
  });
}

/**
 * Parses and validates a NodePool from YAML or JSON text (JSON is read as YAML 1.2, of which it
 * is a subset). Every problem found is reported at once, each with its JSON path and its line
 * and column; nothing in the messages repeats the input's values.
 *
 * @throws {SpecValidationError} for empty, binary, oversized, malformed or invalid input.
 */
export function parseNodePool(input: string | Uint8Array, options: ParseNodePoolOptions = {}): NodePool {
  const { source } = options;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_NODE_POOL_BYTES) {
    fail(source, [
      {
        path: [],
        code: 'too_large',
        message: `file is ${size} bytes; a NodePool may be at most ${MAX_NODE_POOL_BYTES} bytes`,
      },
    ]);
  }
  const text = decode(input, source);
  if (text.trim() === '')
    fail(source, [{ path: [], code: 'empty', message: 'file is empty; expected a NodePool document' }]);

  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    merge: false,
    version: '1.2',
  });
  if (!Array.isArray(documents))
    fail(source, [{ path: [], code: 'empty', message: 'file is empty; expected a NodePool document' }]);
  const syntaxIssues: SpecIssue[] = [];
  for (const document of documents) {
    for (const error of document.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      // yaml's messages describe the problem without quoting the source line.
      syntaxIssues.push({
        path: [],
        code: 'yaml_syntax',
        message: `malformed YAML: ${error.message.split('\n')[0]}`,
        line,
        column: col,
      });
    }
  }
  if (syntaxIssues.length > 0) fail(source, syntaxIssues);
  const nonEmpty = documents.filter((document) => document.contents !== null);
  if (nonEmpty.length === 0)
    fail(source, [{ path: [], code: 'empty', message: 'file is empty; expected a NodePool document' }]);
  if (nonEmpty.length > 1) {
    fail(source, [
      {
        path: [],
        code: 'multiple_documents',
        message: `expected one NodePool document, found ${nonEmpty.length}`,
      },
    ]);
  }
  const document = nonEmpty[0]!;
  preserveOctalModes(document, text);
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail(source, [
      {
        path: [],
        code: 'yaml_syntax',
        message: `malformed YAML: ${(error as Error).message.split('\n')[0]}`,
      },
    ]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail(source, [
      {
        path: [],
        code: 'invalid_type',
        message: 'expected a NodePool mapping with apiVersion, kind, metadata and spec',
        line: 1,
        column: 1,
      },
    ]);
  }
  return validateNodePool(data, { source, locator: new SourceLocator(document, lineCounter) });
}

/**
 * Validates an already-parsed NodePool object (e.g. built in code) and applies defaults. Strings
 * no node format can carry as text (NUL, unpaired surrogates) are refused wherever they are,
 * adapter options and metadata included.
 *
 * @throws {SpecValidationError} listing every problem with its path.
 */
export function validateNodePool(
  value: unknown,
  options: { source?: string; locator?: SourceLocator } = {},
): NodePool {
  const result = nodePoolSchema.safeParse(value);
  const text = findUnrepresentableText(value);
  if (result.success && text.length === 0) return result.data;
  const schemaIssues = result.success
    ? []
    : toSpecIssues(result.error, { schema: nodePoolSchema, locator: options.locator });
  const samePath = (a: SpecIssue, b: SpecIssue) =>
    a.path.length === b.path.length && a.path.every((segment, index) => segment === b.path[index]);
  const textIssues = text
    .filter((issue) => !schemaIssues.some((other) => samePath(other, issue)))
    .map((issue) => ({ ...issue, ...options.locator?.valueAt(issue.path) }));
  throw new SpecValidationError({
    issues: [...schemaIssues, ...textIssues].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    ),
    source: options.source,
  });
}
