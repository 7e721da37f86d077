import type { LineCounter } from 'yaml';
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { JsonPath } from '../errors/spec-issue.js';

/** A 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps JSON paths of a parsed YAML (or JSON) document back to line and column, so every issue
 * can say where it is in the user's file.
 */
export class SourceLocator {
  constructor(
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of its nearest existing ancestor. */
  valueAt(path: JsonPath): SourcePosition | undefined {
    let node: unknown = this.document.contents;
    let position = this.positionOf(node);
    for (const segment of path) {
      const next = this.child(node, segment);
      if (next === undefined) break;
      node = isPair(next) ? next.value : next;
      position = this.positionOf(isPair(next) ? (next.value ?? next.key) : next) ?? position;
    }
    return position;
  }

  /** Position of the key `key` of the mapping at `path` (for unknown keys). */
  keyAt(path: JsonPath, key: string): SourcePosition | undefined {
    const parent = this.nodeAt(path);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      if (pair) return this.positionOf(pair.key);
    }
    return this.valueAt(path);
  }

  private nodeAt(path: JsonPath): unknown {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      const next = this.child(node, segment);
      if (next === undefined) return undefined;
      node = isPair(next) ? next.value : next;
    }
    return node;
  }

  private child(node: unknown, segment: string | number): Pair | Node | undefined {
    if (isMap(node)) {
      return node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment)) as
        Pair | undefined;
    }
    if (isSeq(node) && typeof segment === 'number') return node.items[segment] as Node | undefined;
    return undefined;
  }

  private positionOf(node: unknown): SourcePosition | undefined {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}
