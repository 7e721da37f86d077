import type { z } from 'zod';
import { ignitionConfigSchema } from './ignition-config-schema.js';
import type { IgnitionConfig } from './ignition-config-types.js';
import type { IgnitionIssue, IgnitionPath } from './ignition-issue.js';
import {
  IGNITION_SPEC_VERSIONS,
  isIgnitionSpecVersion,
  type IgnitionSpecVersion,
} from './ignition-spec-version.js';
import { IgnitionValidationError } from './ignition-validation-error.js';

/** A parsed config with its version and the warnings parsing produced. */
export interface ParsedIgnitionConfig {
  readonly config: IgnitionConfig;
  readonly version: IgnitionSpecVersion;
  /** Unknown keys (dropped, as Ignition ignores them with an "Unused key" warning). */
  readonly warnings: readonly IgnitionIssue[];
}

/** The structural outcome of reading a config: either the config or the issues. */
export type IgnitionStructureResult =
  | { readonly ok: true; readonly parsed: ParsedIgnitionConfig }
  | { readonly ok: false; readonly issues: readonly IgnitionIssue[] };

function zodIssues(error: z.ZodError): {
  errors: IgnitionIssue[];
  unknown: { path: IgnitionPath; key: string }[];
} {
  const errors: IgnitionIssue[] = [];
  const unknown: { path: IgnitionPath; key: string }[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) unknown.push({ path, key });
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_type') {
      message = `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`;
    } else if (issue.code === 'invalid_value' && path.join('.') === 'ignition.version') {
      message = 'version does not match the schema used';
    }
    errors.push({ severity: 'error', path, code: `schema-${issue.code}`, message });
  }
  return { errors, unknown };
}

function removeKey(root: unknown, path: IgnitionPath, key: string): void {
  let node = root as Record<string | number, unknown> | undefined;
  for (const segment of path) node = node?.[segment] as Record<string | number, unknown> | undefined;
  if (node && typeof node === 'object') delete node[key];
}

/**
 * Reads a config's structure without throwing: JSON text or an already-parsed value; the version
 * must be a supported stable 3.x version; fields are checked against that version's schema.
 * Unknown keys (including fields of newer versions) become warnings and are dropped.
 */
export function readIgnitionConfig(input: string | unknown): IgnitionStructureResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    if (input.trim() === '') {
      return {
        ok: false,
        issues: [{ severity: 'error', path: [], code: 'empty', message: 'not a config (empty)' }],
      };
    }
    try {
      value = JSON.parse(input);
    } catch (error) {
      return {
        ok: false,
        issues: [
          {
            severity: 'error',
            path: [],
            code: 'invalid-json',
            message: `not JSON: ${(error as Error).message}`,
          },
        ],
      };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      issues: [{ severity: 'error', path: [], code: 'not-an-object', message: 'expected a JSON object' }],
    };
  }
  const version = (value as { ignition?: { version?: unknown } }).ignition?.version;
  if (typeof version !== 'string') {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          path: ['ignition', 'version'],
          code: 'missing-version',
          message: 'ignition.version is required',
        },
      ],
    };
  }
  if (!isIgnitionSpecVersion(version)) {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          path: ['ignition', 'version'],
          code: 'unsupported-version',
          message: `unsupported config version '${version}': expected one of ${IGNITION_SPEC_VERSIONS.join(', ')}`,
        },
      ],
    };
  }
  const schema = ignitionConfigSchema(version);
  let result = schema.safeParse(value);
  const warnings: IgnitionIssue[] = [];
  if (!result.success) {
    const { errors, unknown } = zodIssues(result.error);
    if (errors.length > 0) return { ok: false, issues: errors };
    const copy = structuredClone(value);
    for (const { path, key } of unknown) {
      warnings.push({
        severity: 'warning',
        path: [...path, key],
        code: 'unknown-key',
        message: `Unused key ${key} (not part of spec ${version})`,
      });
      removeKey(copy, path, key);
    }
    result = schema.safeParse(copy);
    if (!result.success) return { ok: false, issues: zodIssues(result.error).errors };
  }
  return { ok: true, parsed: { config: result.data, version, warnings } };
}

/**
 * Parses an Ignition config of any supported 3.x version (3.0.0 to 3.5.0).
 *
 * @throws {IgnitionValidationError} for invalid JSON, an unsupported version or fields of the
 *   wrong type, each issue with its path. Semantic rules are checked by `validateIgnitionConfig`.
 */
export function parseIgnitionConfig(input: string | unknown): ParsedIgnitionConfig {
  const result = readIgnitionConfig(input);
  if (!result.ok) throw new IgnitionValidationError({ issues: result.issues });
  return result.parsed;
}
