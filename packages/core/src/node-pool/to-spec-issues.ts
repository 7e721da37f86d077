import type { z } from 'zod';
import type { JsonPath, SpecIssue } from '../errors/spec-issue.js';
import { didYouMean } from './did-you-mean.js';
import { objectKeysOf, schemaAtPath } from './schema-at-path.js';
import type { SourceLocator } from './source-locator.js';

function cleanMessage(issue: z.core.$ZodIssue): string {
  const message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  if (issue.code === 'invalid_type') {
    return message === 'expected nonoptional, received undefined' || /received undefined$/.test(message)
      ? `required field is missing (expected ${issue.expected})`
      : message;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return message;
}

/**
 * Converts zod issues into {@link SpecIssue}s: one issue per unknown key with a "did you mean"
 * when a known key is close, human messages, and line/column when a locator is given. Messages
 * never include the input value (zod does not report it unless asked to).
 */
export function toSpecIssues(
  error: z.ZodError,
  options: { schema: z.ZodType; locator?: SourceLocator; basePath?: JsonPath },
): SpecIssue[] {
  const base = options.basePath ?? [];
  const issues: SpecIssue[] = [];
  for (const issue of error.issues) {
    const path = [
      ...base,
      ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    ];
    if (issue.code === 'unrecognized_keys') {
      const known =
        objectKeysOf(schemaAtPath(options.schema, issue.path as PropertyKey[]) ?? options.schema) ?? [];
      for (const key of issue.keys) {
        const suggestion = didYouMean(key, known);
        const position = options.locator?.keyAt(path, key);
        issues.push({
          path: [...path, key],
          code: 'unrecognized_key',
          message: suggestion
            ? `unknown field '${key}'; did you mean '${suggestion}'?`
            : `unknown field '${key}'; expected one of: ${known.join(', ')}`,
          ...position,
        });
      }
      continue;
    }
    const position = options.locator?.valueAt(path);
    issues.push({ path, code: issue.code, message: cleanMessage(issue), ...position });
  }
  return issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
