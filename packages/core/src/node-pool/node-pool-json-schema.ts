import { z } from 'zod';
import { nodePoolSchema } from './node-pool-schema.js';

/**
 * The JSON Schema (draft 2020-12) of a NodePool document as a user writes it, for editor
 * completion and validation (e.g. `# yaml-language-server: $schema=...`). Unknown keys are
 * refused (`additionalProperties: false`), as the parser refuses them.
 */
export function nodePoolJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(nodePoolSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://kubenode.dev/schemas/v1alpha1/nodepool.json',
    title: 'NodePool',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
