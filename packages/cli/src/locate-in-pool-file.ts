import { SpecValidationError, type SpecIssue } from '@kubenode/core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** The NodePool file a command read: where its problems are reported. */
export interface PoolFile {
  /** The path as given (or `<stdin>`). */
  readonly source: string;
  /** The file's text. */
  readonly text: string;
  /** `metadata.name`, which adapters name as the source of the problems they find. */
  readonly poolName: string;
}

/** Line and column of the deepest node of `path` that exists in the document (its key for a mapping entry). */
function locate(text: string, path: readonly (string | number)[]): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, version: '1.2' });
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Problems an adapter found in a pool after it was read (its `spec.adapterOptions`, a release it
 * cannot use) name the pool, not the file, and have no line: this reports them against the file
 * the user gave, at the line and column of the field (or of its nearest parent that exists).
 * Anything else is returned as it is.
 */
export function locateInPoolFile(error: unknown, file: PoolFile | undefined): unknown {
  if (!file || !SpecValidationError.isInstance(error)) return error;
  if (error.source !== undefined && error.source !== file.poolName) return error;
  try {
    const issues: SpecIssue[] = error.issues.map((issue) =>
      issue.line === undefined ? { ...issue, ...locate(file.text, issue.path) } : issue,
    );
    return new SpecValidationError({ issues, source: file.source, cause: error });
  } catch {
    return error;
  }
}
