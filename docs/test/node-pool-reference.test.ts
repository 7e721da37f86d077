import { nodePoolJsonSchema } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import {
  describeType,
  schemaFields,
  schemaSections,
  type JsonSchemaNode,
} from '../src/json-schema-fields.js';
import { proseCell } from '../src/markdown-text.js';
import {
  featureOfField,
  fieldsWithoutDescription,
  renderNodePoolReference,
  sectionAnchor,
} from '../src/node-pool-reference.js';

const schema = nodePoolJsonSchema() as JsonSchemaNode;
const page = renderNodePoolReference({ schema, schemaApiLink: '`nodePoolSchema`' });

/** The table row of a field in its section. */
function row(path: string): string {
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
  const key = path.slice(path.lastIndexOf('.') + 1);
  const section = page.split(`<a id="${sectionAnchor(parent)}"></a>`)[1]?.split('<a id=')[0] ?? '';
  const line = section
    .split('\n')
    .find((l) => l.startsWith(`| \`${key}\``) || l.startsWith(`| [\`${key}\`]`));
  if (!line) throw new Error(`no row for ${path}`);
  return line;
}

describe('the NodePool reference', () => {
  it('gives every field of the core schema its description', () => {
    const fields = schemaFields(schema);
    expect(fields.length).toBeGreaterThan(50);
    expect(fieldsWithoutDescription(schema)).toEqual([]);
    for (const field of fields) {
      const cell = row(field.path);
      expect(field.description?.length, field.path).toBeGreaterThan(3);
      expect(cell, field.path).toContain(proseCell(field.description ?? ''));
    }
  });

  it('shows type, requiredness, default and constraints as the schema states them', () => {
    expect(row('spec.kubernetes.bootstrapToken')).toMatch(
      /\| string \| yes \| {2}\| .*`\^\[a-z0-9\]\{6\}\\\.\[a-z0-9\]\{16\}\$`/,
    );
    expect(row('spec.updates.maxUnavailable')).toContain('| integer or string | no | `1` |');
    expect(row('spec.updates.maxUnavailable')).toContain('`^(100\\|[1-9][0-9]?)%$`');
    expect(row('spec.os.hostname')).toContain('| string or null | no | `null` |');
    expect(row('spec.os.hostname')).toContain('null allowed');
    expect(row('spec.kubernetes.maxPods')).toContain('1 to 10000');
    expect(row('kind')).toContain('constant "NodePool"');
    expect(row('spec.kubernetes.nodeLabels')).toContain('map of string to string');
    expect(row('spec.kubernetes.kubelet')).toContain('map of string to any value');
    expect(row('spec.image.arch')).toContain('one of "amd64", "arm64"');
  });

  it('has a section for every nested object, linked from its field, with a unique anchor', () => {
    const sections = schemaSections(schema);
    const paths = sections.map((s) => s.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '',
        'metadata',
        'spec',
        'spec.os',
        'spec.os.users[]',
        'spec.os.units[].dropins[]',
      ]),
    );
    const anchors = sections.map((s) => sectionAnchor(s.path));
    expect(new Set(anchors).size).toBe(anchors.length);
    for (const anchor of anchors) expect(page).toContain(`<a id="${anchor}"></a>`);
    expect(row('spec.os.users')).toContain(`(#${sectionAnchor('spec.os.users[]')})`);
    // Every in-page link leads to an anchor that exists.
    for (const [, target] of page.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors).toContain(target);
  });

  it('names the distros that cannot express a field, linking their pages', () => {
    const withSupport = renderNodePoolReference({
      schema,
      schemaApiLink: '',
      unsupportedOn: new Map([
        [
          'os.packages',
          [
            { name: 'Flatcar', page: './distro-flatcar.md' },
            { name: 'Talos', page: './distro-talos.md' },
          ],
        ],
        ['os.users.passwordHash', [{ name: 'Talos', page: './distro-talos.md' }]],
      ]),
    });
    const line = (key: string) => withSupport.split('\n').find((l) => l.startsWith(`| \`${key}\``)) ?? '';
    expect(line('packages')).toContain(
      '<br>Not expressible on [Flatcar](./distro-flatcar.md), [Talos](./distro-talos.md).',
    );
    expect(line('passwordHash')).toContain('Not expressible on [Talos](./distro-talos.md).');
    expect(line('sysctls')).not.toContain('Not expressible');
    expect(featureOfField('spec.os.users[].passwordHash')).toBe('os.users.passwordHash');
    expect(featureOfField('metadata.name')).toBeUndefined();
  });

  it('refuses a schema with an undescribed field, naming it', () => {
    const bad: JsonSchemaNode = {
      type: 'object',
      properties: {
        a: { type: 'string', description: 'A.' },
        b: { type: 'object', properties: { c: { type: 'integer' } } },
      },
    };
    expect(fieldsWithoutDescription(bad)).toEqual(['b', 'b.c']);
    expect(() => renderNodePoolReference({ schema: bad, schemaApiLink: '' })).toThrow(/b, b\.c/);
  });
});

describe('describeType', () => {
  it('names unions, lists and maps in words', () => {
    expect(describeType({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string or null');
    expect(describeType({ type: 'array', items: { type: 'array', items: { type: 'integer' } } })).toBe(
      'list of list of integer',
    );
    expect(
      describeType({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } }),
    ).toBe('map of string to list of string');
    expect(describeType({ type: 'object', properties: {} })).toBe('object');
    expect(describeType({})).toBe('any value');
  });
});
