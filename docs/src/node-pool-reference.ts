import {
  schemaSections,
  type JsonSchemaNode,
  type SchemaField,
  type SchemaSection,
} from './json-schema-fields.js';
import { frontmatter, inlineCode, markdownTable, proseCell } from './markdown-text.js';

/** Inputs of the NodePool reference page. */
export interface NodePoolReferenceOptions {
  /** `nodePoolJsonSchema()` of the built @kubenode/core. */
  readonly schema: JsonSchemaNode;
  /** An example document shown at the top (YAML), with the path it comes from. */
  readonly example?: { readonly yaml: string; readonly source: string };
  /** Markdown link to the API page of `nodePoolSchema` (a `{@link}` tag or a relative link). */
  readonly schemaApiLink: string;
  /**
   * Per NodePool feature (`os.packages`, a path below `spec`): the registered distros that cannot
   * express it, each with the link of its page. Features absent here are shown without a note.
   */
  readonly unsupportedOn?: ReadonlyMap<string, readonly { readonly name: string; readonly page: string }[]>;
}

/** The NodePool feature a field is (`spec.os.users[].passwordHash` → `os.users.passwordHash`). */
export function featureOfField(path: string): string | undefined {
  return path.startsWith('spec.') ? path.slice('spec.'.length).replace(/\[\]/g, '') : undefined;
}

/** Fields whose schema has no description (the page needs one for every field). */
export function fieldsWithoutDescription(schema: JsonSchemaNode): string[] {
  return schemaSections(schema)
    .flatMap((section) => section.fields)
    .filter((field) => field.description === undefined || field.description.trim() === '')
    .map((field) => field.path);
}

/** The heading text of a section; also what its anchor is made from. */
export function sectionHeading(section: Pick<SchemaSection, 'path'>): string {
  return section.path === '' ? 'Top level' : section.path;
}

function fieldCell(field: SchemaField, anchorOf: (path: string) => string): string {
  const name = inlineCode(field.key);
  return field.section === undefined ? name : `[${name}](#${anchorOf(field.section)})`;
}

function defaultCell(field: SchemaField): string {
  if (!('default' in field)) return '';
  return inlineCode(JSON.stringify(field.default));
}

function descriptionCell(field: SchemaField, options: NodePoolReferenceOptions): string {
  const constraints = field.constraints.map((constraint) =>
    constraint.replace(/\/(.+)\/$/, (_match, pattern: string) => inlineCode(pattern)),
  );
  const parts = [proseCell(field.description ?? '')];
  if (constraints.length > 0)
    parts.push(constraints.map((c) => (c.includes('`') ? c : proseCell(c))).join('; '));
  const feature = featureOfField(field.path);
  const unsupported = feature === undefined ? undefined : options.unsupportedOn?.get(feature);
  if (unsupported && unsupported.length > 0) {
    parts.push(
      `Not expressible on ${unsupported.map((d) => `[${proseCell(d.name)}](${d.page})`).join(', ')}.`,
    );
  }
  return parts.join('<br>');
}

/**
 * The NodePool reference, generated from the JSON Schema that `@kubenode/core` derives from its
 * zod schema: one section per object, one row per field with its type, whether it is required,
 * its default, its description and its constraints.
 *
 * @throws Error naming every field that has no description.
 */
export function renderNodePoolReference(options: NodePoolReferenceOptions): string {
  const missing = fieldsWithoutDescription(options.schema);
  if (missing.length > 0) {
    throw new Error(
      `the NodePool schema has fields without a description (add .describe() in @kubenode/core): ${missing.join(', ')}`,
    );
  }
  const sections = schemaSections(options.schema);
  const anchorOf = (path: string) => sectionAnchor(path);
  const out: string[] = [
    frontmatter({ title: 'NodePool reference', group: 'Guides' }),
    '# NodePool reference',
    '',
    `A \`NodePool\` describes one pool of worker nodes once, for every distro. This page is generated from the zod schema in \`@kubenode/core\` (${options.schemaApiLink}); \`kubenode schema\` prints the same schema as JSON Schema for editor completion, and \`kubenode validate\` reports every problem with its path.`,
    '',
    'Unknown keys are errors everywhere (a typo is never silently ignored). A distro that cannot express a field you set fails with an `UnsupportedFeatureError` naming the field and the alternative; each distro page lists what it supports.',
    '',
  ];
  if (options.example) {
    out.push(
      '## Example',
      '',
      `From \`${options.example.source}\`:`,
      '',
      '```yaml',
      options.example.yaml.trimEnd(),
      '```',
      '',
    );
  }
  out.push('## Sections', '');
  for (const section of sections) {
    out.push(`- [${inlineCode(sectionHeading(section))}](#${anchorOf(section.path)})`);
  }
  out.push('');
  for (const section of sections) {
    out.push(`<a id="${anchorOf(section.path)}"></a>`, '', `## ${sectionHeading(section)}`, '');
    if (section.description) out.push(proseCell(section.description), '');
    if (section.closed) out.push('Keys other than these are refused.', '');
    const rows = section.fields.map((field) => [
      fieldCell(field, anchorOf),
      proseCell(field.type),
      field.required ? 'yes' : 'no',
      defaultCell(field),
      descriptionCell(field, options),
    ]);
    out.push(markdownTable(['Field', 'Type', 'Required', 'Default', 'Description'], rows), '');
  }
  return out.join('\n');
}

/** The anchor id of a section (`spec.os.users[]` → `field-spec-os-users-items`). */
export function sectionAnchor(path: string): string {
  if (path === '') return 'field-document';
  return `field-${path.replace(/\[\]/g, '-items').replace(/[^A-Za-z0-9-]+/g, '-')}`;
}
