import type { JsonPath, SpecIssue } from '../errors/spec-issue.js';

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemOf(text: string): string | undefined {
  if (NUL.test(text)) {
    return 'must not contain NUL (U+0000): no node format carries it in text (use encoding: base64 for binary file contents)';
  }
  if (LONE_SURROGATE.test(text)) {
    return 'is not valid Unicode (it holds half of a UTF-16 surrogate pair, which has no UTF-8 encoding)';
  }
  return undefined;
}

/**
 * Finds every string (and mapping key) in a document that no node format can carry as text: NUL
 * characters (YAML input can spell them as `"\0"`, JSON as `"\u0000"`) and unpaired UTF-16
 * surrogates (which would reach the node as U+FFFD instead of the bytes given). Returns one issue
 * per string, with its path; never repeats the value.
 */
export function findUnrepresentableText(value: unknown, path: JsonPath = []): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const visit = (item: unknown, at: JsonPath, depth: number): void => {
    if (depth > 64) return;
    if (typeof item === 'string') {
      const problem = problemOf(item);
      if (problem) issues.push({ path: at, code: 'unrepresentable_text', message: problem });
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => visit(element, [...at, index], depth + 1));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        const problem = problemOf(key);
        if (problem) issues.push({ path: at, code: 'unrepresentable_text', message: `a key ${problem}` });
        else visit(element, [...at, key], depth + 1);
      }
    }
  };
  visit(value, path, 0);
  return issues;
}
