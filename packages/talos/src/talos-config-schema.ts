import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import schema from './schema/talos-v1.13-config.schema.json' with { type: 'json' };

const SCHEMA_ID = 'https://talos.dev/v1.13/schemas/config.schema.json';

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    ajv.addVocabulary(['markdownDescription', 'x-intellij-html-description']);
    ajv.addFormat('uri', {
      type: 'string',
      validate: (value: string) => {
        try {
          return new URL(value).protocol.length > 1;
        } catch {
          return false;
        }
      },
    });
    ajv.addSchema(schema);
  }
  return ajv;
}

/** The `$defs` entry that defines each document `kind` (the `v1alpha1` document has none). */
const DEFINITION_BY_KIND: ReadonlyMap<string, string> = new Map(
  Object.entries(
    (schema as { $defs: Record<string, { properties?: { kind?: { enum?: string[] } } }> }).$defs,
  ).flatMap(([name, definition]) =>
    (definition.properties?.kind?.enum ?? []).map((kind) => [kind, name] as [string, string]),
  ),
);

/** One schema violation in a document. */
export interface TalosSchemaIssue {
  /** JSON pointer inside the document, e.g. `/machine/install/image`. */
  readonly pointer: string;
  readonly message: string;
}

function toIssues(errors: readonly ErrorObject[] | null | undefined): TalosSchemaIssue[] {
  return (errors ?? []).map((error) => ({
    pointer: error.instancePath || '/',
    message:
      error.keyword === 'additionalProperties'
        ? `unknown field '${String((error.params as { additionalProperty?: string }).additionalProperty)}'`
        : (error.message ?? error.keyword),
  }));
}

/**
 * Validates one document of a Talos 1.13 machine configuration against the upstream v1.13 JSON
 * Schema (draft 2020-12): the `v1alpha1` document against `v1alpha1.Config`, a typed document
 * against the definition of its `kind`.
 */
export function validateTalosDocument(document: unknown): TalosSchemaIssue[] {
  const record =
    document !== null && typeof document === 'object' ? (document as Record<string, unknown>) : undefined;
  if (!record) return [{ pointer: '/', message: 'expected a mapping' }];
  let definition: string | undefined;
  if (record.version === 'v1alpha1' && record.kind === undefined) definition = 'v1alpha1.Config';
  else if (typeof record.kind === 'string') definition = DEFINITION_BY_KIND.get(record.kind);
  if (definition === undefined) {
    return [
      {
        pointer: '/kind',
        message: `unknown document kind ${JSON.stringify(record.kind ?? null)} for Talos 1.13`,
      },
    ];
  }
  let validate = validators.get(definition);
  if (!validate) {
    validate = instance().getSchema(`${SCHEMA_ID}#/$defs/${definition}`);
    if (!validate) throw new Error(`the vendored Talos schema has no definition ${definition}`);
    validators.set(definition, validate);
  }
  return validate(document) ? [] : toIssues(validate.errors);
}

/** The document kinds the vendored schema knows. */
export function talosDocumentKinds(): string[] {
  return [...DEFINITION_BY_KIND.keys()].sort();
}
