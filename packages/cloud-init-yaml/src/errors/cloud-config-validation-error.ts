import { formatCloudConfigIssue, type CloudConfigIssue } from '../cloud-config-issue.js';
import type { CloudInitDialect } from '../cloud-init-dialect.js';
import { CloudInitYamlError } from './cloud-init-yaml-error.js';

const name = 'CloudConfigValidationError';
const marker = `cloud-init-yaml.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A cloud-config failed validation: not YAML, a wrong header, a wrong shape, a key its dialect's
 * cloud-init does not accept, or a violation of cloud-init's own JSON schema. Carries every
 * error-severity issue with its path.
 */
export class CloudConfigValidationError extends CloudInitYamlError {
  private readonly [symbol] = true;

  /** The dialect the config was checked against. */
  readonly dialect: CloudInitDialect;
  /** Every problem (errors first, then warnings). */
  readonly issues: readonly CloudConfigIssue[];

  constructor(options: { dialect: CloudInitDialect; issues: readonly CloudConfigIssue[]; cause?: unknown }) {
    const errors = options.issues.filter((issue) => issue.severity === 'error');
    super({
      name,
      message: `invalid cloud-config for cloud-init ${options.dialect}:\n${errors
        .map((issue) => `  ${formatCloudConfigIssue(issue)}`)
        .join('\n')}`,
      cause: options.cause,
    });
    this.dialect = options.dialect;
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is CloudConfigValidationError {
    return CloudInitYamlError.hasMarker(error, marker);
  }
}
