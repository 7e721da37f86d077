import type { ValidateFunction } from 'ajv';
import AjvModule from 'ajv';
import crdSchema from './schemas/operatingsystemconfig-v1alpha1.openapi.json' with { type: 'json' };

// ajv is CommonJS (`module.exports = Ajv`, `Ajv.default = Ajv`): whichever one an ESM loader or a
// bundler hands out as the default import, its `.default` is the class.
const Ajv = AjvModule.default;

/** The OpenAPI v3 schema of Gardener's OperatingSystemConfig CRD (`apiVersion`, `kind`, `metadata`, `spec`). */
export const OPERATING_SYSTEM_CONFIG_OPENAPI_SCHEMA: Readonly<Record<string, unknown>> = crdSchema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // The CRD's structural schema: types, required, enum. The x-kubernetes-* markers and the
  // int32/date-time formats are the API server's; the integer range is checked separately.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const validate = ajv.compile(crdSchema);
  compiled = validate;
  return validate;
}

/** One problem the CRD schema finds, with a JSON path (`spec.files[0].content.inline`). */
export interface CrdSchemaIssue {
  /** Where, e.g. `spec.files[0].permissions`. */
  readonly path: string;
  /** What the schema expected. */
  readonly message: string;
}

function pointerToPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (out, segment) =>
        /^\d+$/.test(segment) ? `${out}[${segment}]` : out === '' ? segment : `${out}.${segment}`,
      '',
    );
}

/**
 * Checks a parsed OperatingSystemConfig against the CRD's OpenAPI schema, as the Kubernetes API
 * server would on create, plus the int32 range of `permissions`. Pure.
 */
export function checkOperatingSystemConfigCrd(document: unknown): CrdSchemaIssue[] {
  const validate = validator();
  const issues: CrdSchemaIssue[] = [];
  if (!validate(document)) {
    for (const error of validate.errors ?? []) {
      const missing =
        error.keyword === 'required'
          ? `.${String((error.params as { missingProperty?: string }).missingProperty)}`
          : '';
      issues.push({
        path: `${pointerToPath(error.instancePath)}${missing}`,
        message: `${error.message ?? 'invalid'} (OperatingSystemConfig CRD schema)`,
      });
    }
  }
  const files = (document as { spec?: { files?: unknown } })?.spec?.files;
  if (Array.isArray(files)) {
    files.forEach((file, index) => {
      const permissions = (file as { permissions?: unknown })?.permissions;
      if (typeof permissions === 'number' && (permissions < -(2 ** 31) || permissions >= 2 ** 31))
        issues.push({ path: `spec.files[${index}].permissions`, message: 'expected an int32 (CRD format)' });
    });
  }
  return issues;
}
