import { describe, expect, it } from 'vitest';
import { nodePoolJsonSchema } from './node-pool-json-schema.js';

describe('nodePoolJsonSchema', () => {
  const schema = nodePoolJsonSchema() as {
    $schema: string;
    properties: {
      spec: {
        properties: Record<string, { description?: string; properties?: Record<string, unknown> }>;
        additionalProperties: boolean;
      };
    };
    required: string[];
    additionalProperties: boolean;
  };

  it('is a closed draft 2020-12 schema for editors', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.spec.additionalProperties).toBe(false);
  });

  it('describes every field', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as {
        properties?: Record<string, unknown>;
        items?: unknown;
        description?: string;
        anyOf?: unknown[];
      };
      for (const [key, child] of Object.entries(record.properties ?? {})) {
        const description = (child as { description?: string }).description;
        if (!description) undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (record.items) walk(record.items, `${path}[]`);
    };
    walk(schema, '');
    expect(undocumented).toEqual([]);
  });

  it('accepts file modes as integers or strings for editors', () => {
    const os = schema.properties.spec.properties.os as {
      properties: { files: { items: { properties: { mode: { type: string[] } } } } };
    };
    expect(os.properties.files.items.properties.mode.type).toEqual(['number', 'string']);
  });
});
