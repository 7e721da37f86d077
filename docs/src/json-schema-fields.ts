/** A JSON Schema node, as far as the reference page reads it. */
export interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly propertyNames?: JsonSchemaNode;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly $ref?: string;
}

/** One field of a document, flattened out of its JSON Schema. */
export interface SchemaField {
  /** Dotted path from the document root; `[]` marks array items (`spec.os.users[].name`). */
  readonly path: string;
  /** The path of the object that holds the field (`spec.os.users[]`), empty for top-level fields. */
  readonly parent: string;
  /** The field's own key (`name`). */
  readonly key: string;
  /** Human-readable type, e.g. `string`, `list of string`, `map of string to string`, `object`. */
  readonly type: string;
  /** Whether the field must be present. */
  readonly required: boolean;
  /** The default, when the schema has one. */
  readonly default?: unknown;
  /** The field's description (undefined when the schema has none). */
  readonly description: string | undefined;
  /** Constraints in words: allowed values, patterns, ranges, lengths. */
  readonly constraints: readonly string[];
  /** Path of the object section that describes this field's members, when it has any. */
  readonly section: string | undefined;
}

/** An object in the document whose fields are listed together. */
export interface SchemaSection {
  /** Path of the object (`spec.os`), empty for the document root. */
  readonly path: string;
  /** The object's own description. */
  readonly description: string | undefined;
  /** Whether keys other than the listed ones are refused. */
  readonly closed: boolean;
  readonly fields: readonly SchemaField[];
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function variants(node: JsonSchemaNode): readonly JsonSchemaNode[] {
  return node.anyOf ?? node.oneOf ?? [node];
}

function isObjectWithProperties(node: JsonSchemaNode): boolean {
  return node.properties !== undefined;
}

/** The object schema a field leads to (directly, through array items or a union member). */
function nestedObject(
  node: JsonSchemaNode,
  path: string,
): { node: JsonSchemaNode; path: string } | undefined {
  for (const variant of variants(node)) {
    if (isObjectWithProperties(variant)) return { node: variant, path };
    if (variant.items && isObjectWithProperties(variant.items))
      return { node: variant.items, path: `${path}[]` };
  }
  return undefined;
}

/** The type of a schema node in words. */
export function describeType(node: JsonSchemaNode): string {
  if (node.$ref !== undefined) return `see ${node.$ref}`;
  const parts = variants(node).map((variant) => {
    if (variant !== node && (variant.anyOf ?? variant.oneOf)) return describeType(variant);
    if (variant.const !== undefined) return `constant ${JSON.stringify(variant.const)}`;
    if (variant.enum !== undefined) return 'string (one of the values below)';
    const type = Array.isArray(variant.type) ? variant.type.join(' or ') : variant.type;
    if (type === 'array') return variant.items ? `list of ${describeType(variant.items)}` : 'list';
    if (type === 'object') {
      if (isObjectWithProperties(variant)) return 'object';
      const values = variant.additionalProperties;
      if (typeof values === 'object') {
        const valueType = Object.keys(values).length === 0 ? 'any value' : describeType(values);
        return `map of string to ${valueType}`;
      }
      return 'object';
    }
    return type ?? 'any value';
  });
  return [...new Set(parts)].join(' or ');
}

function constraintsOf(node: JsonSchemaNode): string[] {
  const out: string[] = [];
  for (const variant of variants(node)) {
    const target = variant.type === 'array' && variant.items ? variant.items : variant;
    const prefix = target === variant ? '' : 'each item: ';
    if (target.enum !== undefined)
      out.push(`${prefix}one of ${target.enum.map((v) => JSON.stringify(v)).join(', ')}`);
    if (target.pattern !== undefined) out.push(`${prefix}matches /${target.pattern}/`);
    if (target.minimum !== undefined || target.maximum !== undefined) {
      const max = target.maximum !== undefined && target.maximum < MAX_SAFE ? target.maximum : undefined;
      if (target.minimum !== undefined && max !== undefined) out.push(`${prefix}${target.minimum} to ${max}`);
      else if (target.minimum !== undefined) out.push(`${prefix}at least ${target.minimum}`);
      else if (max !== undefined) out.push(`${prefix}at most ${max}`);
    }
    if (target.minLength !== undefined) out.push(`${prefix}at least ${target.minLength} characters`);
    if (target.maxLength !== undefined) out.push(`${prefix}at most ${target.maxLength} characters`);
    if (variant.minItems !== undefined) out.push(`at least ${variant.minItems} items`);
    if (variant.maxItems !== undefined) out.push(`at most ${variant.maxItems} items`);
    if (variant.type === 'null') out.push('null allowed');
  }
  return [...new Set(out)];
}

/**
 * Flattens a JSON Schema object into sections: the root object and every nested object
 * (including objects inside lists), each with its fields in declaration order.
 */
export function schemaSections(root: JsonSchemaNode): SchemaSection[] {
  const sections: SchemaSection[] = [];
  const visit = (node: JsonSchemaNode, path: string, description: string | undefined) => {
    const required = new Set(node.required ?? []);
    const fields: SchemaField[] = [];
    const nested: { node: JsonSchemaNode; path: string; description: string | undefined }[] = [];
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const fieldPath = path === '' ? key : `${path}.${key}`;
      const object = nestedObject(child, fieldPath);
      const itemDescription = child.items?.description;
      fields.push({
        path: fieldPath,
        parent: path,
        key,
        type: describeType(child),
        required: required.has(key),
        ...('default' in child ? { default: child.default } : {}),
        description: child.description,
        constraints: constraintsOf(child),
        section: object?.path,
      });
      if (object) {
        nested.push({
          node: object.node,
          path: object.path,
          description: object.path === fieldPath ? child.description : (itemDescription ?? child.description),
        });
      }
    }
    sections.push({ path, description, closed: node.additionalProperties === false, fields });
    for (const child of nested) visit(child.node, child.path, child.description);
  };
  visit(root, '', root.description);
  return sections;
}

/** Every field of every section, in document order. */
export function schemaFields(root: JsonSchemaNode): SchemaField[] {
  return schemaSections(root).flatMap((section) => section.fields);
}
