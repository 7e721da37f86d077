import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { vectorFiles } from '../test/support/vectors.js';
import { ignitionConfigSchema } from './ignition-config-schema.js';

type JsonSchema = {
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  type?: unknown;
  anyOf?: JsonSchema[];
};

/** Every object path and its property names, following $ref and allOf (upstream) or anyOf (zod's nullables). */
function shape(
  schema: JsonSchema,
  root: JsonSchema,
  path = '$',
  out = new Map<string, string[]>(),
): Map<string, string[]> {
  const resolve = (s: JsonSchema): JsonSchema => {
    if (s.$ref) {
      const target = s.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
      return resolve(target as JsonSchema);
    }
    return s;
  };
  const s = resolve(schema);
  const parts = [s, ...(s.allOf ?? []).map(resolve), ...(s.anyOf ?? []).map(resolve)];
  const properties: Record<string, JsonSchema> = Object.assign({}, ...parts.map((p) => p.properties ?? {}));
  const items = parts.map((p) => p.items).find(Boolean);
  if (Object.keys(properties).length > 0) {
    out.set(path, Object.keys(properties).sort());
    for (const [key, child] of Object.entries(properties)) shape(child, root, `${path}.${key}`, out);
  }
  if (items) shape(items, root, `${path}[]`, out);
  return out;
}

describe('zod schemas against the upstream JSON Schemas', () => {
  it.each(vectorFiles('schemas'))('%s: every object has exactly the upstream fields', (name, text) => {
    const version = name.replace(/^ignition-config-v(\d)_(\d)\.schema\.json$/, '$1.$2.0') as '3.3.0';
    const upstream = JSON.parse(text) as JsonSchema;
    const ours = z.toJSONSchema(ignitionConfigSchema(version), {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    expect(Object.fromEntries(shape(ours, ours))).toEqual(Object.fromEntries(shape(upstream, upstream)));
  });

  it('adds fields version by version as the spec documents', () => {
    const fields = (version: '3.0.0' | '3.1.0' | '3.2.0' | '3.3.0') => {
      const s = z.toJSONSchema(ignitionConfigSchema(version), {
        io: 'input',
        unrepresentable: 'any',
      }) as JsonSchema;
      return shape(s, s);
    };
    expect(fields('3.0.0').get('$')).toEqual(['ignition', 'passwd', 'storage', 'systemd']);
    expect(fields('3.0.0').get('$.ignition')).toEqual(['config', 'security', 'timeouts', 'version']);
    expect(fields('3.0.0').get('$.storage.files[].contents')).toEqual([
      'compression',
      'source',
      'verification',
    ]);
    expect(fields('3.0.0').get('$.ignition.config.merge[]')).toEqual(['source', 'verification']);
    expect(fields('3.1.0').get('$.ignition')).toContain('proxy');
    expect(fields('3.1.0').get('$.storage.filesystems[]')).toContain('mountOptions');
    expect(fields('3.1.0').get('$.storage')).not.toContain('luks');
    expect(fields('3.2.0').get('$.storage')).toContain('luks');
    expect(fields('3.2.0').get('$.passwd.users[]')).toContain('shouldExist');
    expect(fields('3.2.0').get('$.storage.disks[].partitions[]')).toContain('resize');
    expect(fields('3.2.0').get('$')).not.toContain('kernelArguments');
    expect(fields('3.3.0').get('$')).toContain('kernelArguments');
  });
});
