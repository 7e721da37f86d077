import type { ErrorObject } from 'ajv';
import type { z } from 'zod';
import { formatIssuePath, type CloudConfigIssue } from '../cloud-config-issue.js';
import { cloudInitDialectSchema, dialectRelease, type CloudInitDialect } from '../cloud-init-dialect.js';
import { cloudConfigSchema } from '../schema/cloud-config-schema.js';
import { checkDialect } from './check-dialect.js';
import { didYouMean } from './did-you-mean.js';
import { upstreamDeprecation, upstreamTopLevelKeys, upstreamValidator } from './upstream-schema.js';

/** Options of {@link validateCloudConfig}. */
export interface ValidateCloudConfigOptions {
  /** The cloud-init release to check against; `22.4` (Debian 12) by default. */
  readonly dialect?: CloudInitDialect;
}

type ZodIssue = z.core.$ZodIssue;

/**
 * Replaces a failed union by the issues of the alternative that got furthest (the deepest
 * path, then one whose type matched, then the fewest issues), so `users[0].expiredate` is reported instead of "no
 * alternative of users[0] matched".
 */
function unwrapUnions(issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): ZodIssue[] {
  const out: ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly ZodIssue[]) => Math.max(...branch.map((item) => item.path.length));
      const typeOnly = (branch: readonly ZodIssue[]) =>
        branch.every((item) => item.code === 'invalid_type') ? 1 : 0;
      const best = [...issue.errors].sort(
        (a, b) => depth(b) - depth(a) || typeOnly(a) - typeOnly(b) || a.length - b.length,
      )[0]!;
      if (depth(best) > 0 || typeOnly(best) === 0) {
        out.push(...unwrapUnions(best, path));
        continue;
      }
    }
    out.push({ ...issue, path } as ZodIssue);
  }
  return out;
}

function modelIssues(error: z.ZodError): CloudConfigIssue[] {
  return unwrapUnions(error.issues).map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const message =
      keys.length > 0
        ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((key) => `'${key}'`).join(', ')}`
        : issue.message;
    return { path: formatIssuePath(issue.path), message, severity: 'error', rule: 'model' } as const;
  });
}

/** A JSON-like copy for ajv: bytes (`!!binary`) count as strings, as in cloud-init's own checker. */
function forSchema(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  if (Array.isArray(value)) return value.map(forSchema);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = forSchema(item);
    return out;
  }
  return value;
}

function pointerToPath(pointer: string): PropertyKey[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function upstreamMessage(error: ErrorObject): { path: PropertyKey[]; message: string } {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: [...path, String(params.additionalProperty)], message: 'not a key this module accepts' };
    case 'required':
      return { path, message: `missing required key '${String(params.missingProperty)}'` };
    case 'type':
      return { path, message: `expected ${String(params.type).replace(',', ' or ')}` };
    case 'enum':
      return {
        path,
        message: `expected one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
      };
    case 'format':
      return { path, message: `expected a ${String(params.format)}` };
    case 'oneOf':
    case 'anyOf':
      return { path, message: 'matches none of the shapes cloud-init accepts here' };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

/**
 * cloud-init's schema errors, condensed: at a path where a `oneOf`/`anyOf` failed, the errors of
 * the individual alternatives are dropped when a deeper error explains the failure, and
 * otherwise folded into one message listing the shapes that were expected.
 */
function upstreamIssues(errors: readonly ErrorObject[]): CloudConfigIssue[] {
  const entries = errors
    .filter((error) => !(error.keyword === 'additionalProperties' && error.instancePath === ''))
    .map((error) => ({ error, ...upstreamMessage(error) }))
    .map((entry) => ({ ...entry, formatted: formatIssuePath(entry.path) }));
  const alternatives = new Set(
    entries
      .filter((entry) => entry.error.keyword === 'oneOf' || entry.error.keyword === 'anyOf')
      .map((entry) => entry.error.instancePath),
  );
  const issues: CloudConfigIssue[] = [];
  const seen = new Set<string>();
  for (const pointer of alternatives) {
    const deeper = entries.some((entry) => entry.error.instancePath.startsWith(`${pointer}/`));
    if (deeper) continue;
    const expected = [
      ...new Set(
        entries
          .filter(
            (entry) =>
              entry.error.instancePath === pointer && !['oneOf', 'anyOf'].includes(entry.error.keyword),
          )
          .map((entry) => entry.message.replace(/^expected /, '')),
      ),
    ];
    const formatted = formatIssuePath(pointerToPath(pointer));
    seen.add(formatted);
    issues.push({
      path: formatted,
      severity: 'error',
      rule: 'upstream-schema',
      message: `cloud-init schema: matches none of the shapes accepted here${expected.length > 0 ? ` (expected ${expected.join('; or ')})` : ''}`,
    });
  }
  for (const entry of entries) {
    if (alternatives.has(entry.error.instancePath)) continue;
    const id = `${entry.formatted}\u0000${entry.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push({
      path: entry.formatted,
      severity: 'error',
      rule: 'upstream-schema',
      message: `cloud-init schema: ${entry.message}`,
    });
  }
  return issues;
}

/**
 * Checks a cloud-config (the parsed document) four ways and returns every finding, errors first:
 * 1. this package's typed model (shapes, octal permission strings, enums);
 * 2. the dialect: keys and shapes newer than the dialect's cloud-init (see `DIALECT_FEATURES`);
 * 3. top-level keys no module of the dialect reads (errors, although cloud-init 22.4's own
 *    schema lets them pass: a typo must not be silently ignored);
 * 4. cloud-init's own JSON schema for the dialect (ajv, draft-04; formats as Debian's
 *    cloud-init checks them), plus deprecated top-level keys as warnings.
 * Messages name the path and what was expected; values are never quoted.
 */
export function validateCloudConfig(
  config: unknown,
  options: ValidateCloudConfigOptions = {},
): CloudConfigIssue[] {
  const dialect = cloudInitDialectSchema.parse(options.dialect ?? '22.4');
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    return [
      { path: '', message: 'expected a mapping of cloud-config keys', severity: 'error', rule: 'yaml' },
    ];
  }
  const issues: CloudConfigIssue[] = [];
  const model = cloudConfigSchema.safeParse(config);
  if (!model.success) issues.push(...modelIssues(model.error));
  issues.push(...checkDialect(config, dialect));

  const known = upstreamTopLevelKeys(dialect);
  for (const key of Object.keys(config)) {
    if ((config as Record<string, unknown>)[key] === undefined || known.includes(key)) continue;
    const suggestion = didYouMean(key, known);
    issues.push({
      path: formatIssuePath([key]),
      severity: 'error',
      rule: 'unknown-key',
      message: `no cloud-init ${dialectRelease(dialect)} module reads this key${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    });
  }

  const validate = upstreamValidator(dialect);
  if (!validate(forSchema(config))) issues.push(...upstreamIssues(validate.errors ?? []));

  for (const key of Object.keys(config)) {
    const deprecation = upstreamDeprecation(dialect, key);
    if (!deprecation) continue;
    issues.push({
      path: formatIssuePath([key]),
      severity: 'warning',
      rule: 'deprecated',
      message: `deprecated${deprecation.since ? ` since cloud-init ${deprecation.since}` : ''}${deprecation.description ? `: ${deprecation.description}` : ''}`,
    });
  }
  return issues;
}
