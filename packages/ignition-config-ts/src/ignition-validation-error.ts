import { IgnitionConfigError } from './ignition-config-error.js';
import { formatIgnitionIssue, type IgnitionIssue } from './ignition-issue.js';

const name = 'IgnitionValidationError';
const marker = `ignition-config-ts.error.${name}`;
const symbol = Symbol.for(marker);

/** A config (or Butane document) is invalid. Carries every problem with its path. */
export class IgnitionValidationError extends IgnitionConfigError {
  private readonly [symbol] = true;

  /** All problems found, errors and warnings, in document order. */
  readonly issues: readonly IgnitionIssue[];

  constructor(options: { issues: readonly IgnitionIssue[]; source?: string; cause?: unknown }) {
    const errors = options.issues.filter((issue) => issue.severity === 'error');
    super({
      name,
      message: `${options.source ?? 'Ignition config'}: ${errors.length} error${errors.length === 1 ? '' : 's'}\n${errors
        .map((issue) => `  ${formatIgnitionIssue(issue)}`)
        .join('\n')}`,
      cause: options.cause,
    });
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is IgnitionValidationError {
    return IgnitionConfigError.hasMarker(error, marker);
  }
}
