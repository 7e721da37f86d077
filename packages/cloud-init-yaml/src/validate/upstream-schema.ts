import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import type { CloudInitDialect } from '../cloud-init-dialect.js';
import schema224 from '../schemas/cloud-init-22.4-schema-cloud-config-v1.json' with { type: 'json' };
import schemaCurrent from '../schemas/cloud-init-current-schema-cloud-config-v1.json' with { type: 'json' };

/** A JSON schema node, loosely typed. */
type SchemaNode = { readonly [key: string]: unknown };

const SCHEMAS: Readonly<Record<CloudInitDialect, SchemaNode>> = {
  '22.4': schema224 as SchemaNode,
  current: schemaCurrent as SchemaNode,
};

/**
 * cloud-init's own `schema-cloud-config-v1.json` (JSON Schema draft-04) for a dialect: the copy
 * Debian 12 ships in cloud-init 22.4.2-1+deb12u4, or upstream tag 26.2.
 */
export function upstreamCloudConfigSchema(dialect: CloudInitDialect): SchemaNode {
  return SCHEMAS[dialect];
}

// ajv-draft-04 is CommonJS: `module.exports = Ajv` and `Ajv.default = Ajv`. Whichever of the two
// an ESM loader or a bundler hands out as the default import, its `.default` is the class.
const AjvDraft04 = AjvDraft04Module.default;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** As cloud-init's validator checks formats on Debian 12: `date` and `uri` checked, `hostname` not (python3-fqdn is absent). */
function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isUri(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value);
}

const compiled = new Map<CloudInitDialect, ValidateFunction>();

/** The compiled ajv validator of a dialect's upstream schema (compiled once, lazily). */
export function upstreamValidator(dialect: CloudInitDialect): ValidateFunction {
  const cached = compiled.get(dialect);
  if (cached) return cached;
  {
    const ajv = new AjvDraft04({ strict: false, allErrors: true, validateSchema: false, logger: false });
    ajv.addFormat('date', { type: 'string', validate: isDate });
    ajv.addFormat('uri', { type: 'string', validate: isUri });
    ajv.addFormat('hostname', { type: 'string', validate: () => true });
    const validate = ajv.compile(SCHEMAS[dialect]);
    compiled.set(dialect, validate);
    return validate;
  }
}

function resolve(root: SchemaNode, node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let target: unknown = root;
  for (const segment of ref.slice(2).split('/'))
    target = (target as SchemaNode)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  return target as SchemaNode;
}

/** For each top-level key some module of the dialect reads, its property schema(s). */
function topLevelProperties(dialect: CloudInitDialect): Map<string, SchemaNode[]> {
  const root = SCHEMAS[dialect];
  const properties = new Map<string, SchemaNode[]>();
  const add = (node: SchemaNode | undefined) => {
    const props = node?.properties as Record<string, SchemaNode> | undefined;
    for (const [key, value] of Object.entries(props ?? {}))
      properties.set(key, [...(properties.get(key) ?? []), value]);
  };
  for (const entry of (root.allOf as SchemaNode[] | undefined) ?? []) add(resolve(root, entry));
  add(root);
  return properties;
}

const topLevelCache = new Map<CloudInitDialect, Map<string, SchemaNode[]>>();

function cachedTopLevel(dialect: CloudInitDialect): Map<string, SchemaNode[]> {
  let map = topLevelCache.get(dialect);
  if (!map) {
    map = topLevelProperties(dialect);
    topLevelCache.set(dialect, map);
  }
  return map;
}

/** Every top-level key a module of the dialect's cloud-init reads (sorted). */
export function upstreamTopLevelKeys(dialect: CloudInitDialect): readonly string[] {
  return [...cachedTopLevel(dialect).keys()].sort();
}

/** What cloud-init's schema says about a deprecated top-level key, or undefined when it is not deprecated. */
export function upstreamDeprecation(
  dialect: CloudInitDialect,
  key: string,
): { readonly since: string | undefined; readonly description: string | undefined } | undefined {
  const root = SCHEMAS[dialect];
  for (const property of cachedTopLevel(dialect).get(key) ?? []) {
    const parts = [property, ...((property.allOf as SchemaNode[] | undefined) ?? [])].map((node) =>
      resolve(root, node),
    );
    const marked = parts.find((node) => node.deprecated === true);
    if (marked) {
      const withText = parts.find((node) => typeof node.deprecated_description === 'string') ?? marked;
      return {
        since: typeof marked.deprecated_version === 'string' ? marked.deprecated_version : undefined,
        description:
          typeof withText.deprecated_description === 'string' ? withText.deprecated_description : undefined,
      };
    }
  }
  return undefined;
}

/** ajv's errors of the last run (typed). */
export type UpstreamSchemaError = ErrorObject;
