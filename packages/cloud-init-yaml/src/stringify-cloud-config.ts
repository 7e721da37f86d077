import { canonicalizeCloudConfig } from './canonicalize-cloud-config.js';
import { cloudInitDialectSchema, type CloudInitDialect } from './cloud-init-dialect.js';
import { CloudConfigValidationError } from './errors/cloud-config-validation-error.js';
import type { CloudConfigInput } from './schema/cloud-config-schema.js';
import { validateCloudConfig } from './validate/validate-cloud-config.js';
import { toCloudYaml } from './yaml/to-cloud-yaml.js';

/** The first line of every cloud-config this package writes. */
export const CLOUD_CONFIG_HEADER = '#cloud-config';

/** Options of {@link stringifyCloudConfig}. */
export interface StringifyCloudConfigOptions {
  /** The cloud-init release the output is for; `22.4` (Debian 12) by default. */
  readonly dialect?: CloudInitDialect;
  /**
   * Validate first (model, dialect, unknown keys, cloud-init's JSON schema) and throw on errors.
   * Default true; turn off only for configs already validated.
   */
  readonly validate?: boolean;
}

/**
 * Writes a cloud-config: `#cloud-config` on the first line (never a template header), then
 * canonical YAML: keys in cloud-init's stage order, strings quoted or escaped wherever YAML 1.1
 * (PyYAML, what cloud-init reads with) or YAML 1.2 could misread them, permissions as quoted
 * octal strings, multi-line text (PEM, scripts) as literal blocks, an empty config as `{}`.
 * Same input, same bytes.
 *
 * @throws {CloudConfigValidationError} when the config is invalid for the dialect.
 */
export function stringifyCloudConfig(
  config: CloudConfigInput,
  options: StringifyCloudConfigOptions = {},
): string {
  const dialect = cloudInitDialectSchema.parse(options.dialect ?? '22.4');
  if (options.validate ?? true) {
    const issues = validateCloudConfig(config, { dialect });
    if (issues.some((issue) => issue.severity === 'error'))
      throw new CloudConfigValidationError({ dialect, issues });
  }
  const canonical = canonicalizeCloudConfig(config as Record<string, unknown>);
  // An empty document is `{}`: cloud-init's schema check refuses a config that is not a mapping.
  return `${CLOUD_CONFIG_HEADER}\n${toCloudYaml(canonical)}`;
}
