import { IgnitionConfigError } from '../ignition-config-error.js';
import { formatIgnitionIssue, type IgnitionIssue } from '../ignition-issue.js';

const name = 'ButaneError';
const marker = `ignition-config-ts.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A Butane document cannot be translated: YAML syntax, a wrong type, an unsupported feature, or
 * an Ignition config that would not validate. Paths point into the Butane document (snake_case)
 * or, for problems of the generated config, into the Ignition output.
 */
export class ButaneError extends IgnitionConfigError {
  private readonly [symbol] = true;

  /** Every problem found. */
  readonly issues: readonly IgnitionIssue[];

  constructor(options: { issues: readonly IgnitionIssue[]; cause?: unknown }) {
    const errors = options.issues.filter((issue) => issue.severity === 'error');
    super({
      name,
      message: `Butane: ${errors.length} error${errors.length === 1 ? '' : 's'}\n${errors.map((issue) => `  ${formatIgnitionIssue(issue)}`).join('\n')}`,
      cause: options.cause,
    });
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is ButaneError {
    return IgnitionConfigError.hasMarker(error, marker);
  }
}
