import type { z } from 'zod';
import { SpecValidationError } from '../../errors/spec-validation-error.js';
import type { NodePool } from '../../node-pool/node-pool-schema.js';
import { toSpecIssues } from '../../node-pool/to-spec-issues.js';

/**
 * Reads and validates `spec.adapterOptions.<adapterId>` with the adapter's own (strict) zod
 * schema; problems are reported with their full path.
 *
 * @throws {SpecValidationError}
 */
export function parseAdapterOptions<Schema extends z.ZodType>(
  pool: NodePool,
  adapterId: string,
  schema: Schema,
): z.output<Schema> {
  const raw = pool.spec.adapterOptions[adapterId] ?? {};
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new SpecValidationError({
    issues: toSpecIssues(result.error, { schema, basePath: ['spec', 'adapterOptions', adapterId] }),
    source: pool.metadata.name,
  });
}
