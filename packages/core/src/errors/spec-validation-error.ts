import { KubenodeError } from './kubenode-error.js';
import { formatSpecIssue, type SpecIssue } from './spec-issue.js';

const name = 'KubenodeSpecValidationError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The input is invalid. Carries every problem found, each with its JSON path (and line and column
 * for YAML/JSON text), so a user can fix them all in one pass. CLI exit code 1.
 */
export class SpecValidationError extends KubenodeError {
  private readonly [symbol] = true;

  /** All problems, in document order. */
  readonly issues: readonly SpecIssue[];
  /** The file or source the issues refer to, when known. */
  readonly source: string | undefined;

  constructor(options: { issues: readonly SpecIssue[]; source?: string; cause?: unknown }) {
    const count = options.issues.length;
    const lines = options.issues.map((issue) => `  ${formatSpecIssue(issue)}`).join('\n');
    super({
      name,
      message: `${options.source ?? 'input'}: ${count} problem${count === 1 ? '' : 's'}\n${lines}`,
      cause: options.cause,
    });
    this.issues = options.issues;
    this.source = options.source;
  }

  static override isInstance(error: unknown): error is SpecValidationError {
    return KubenodeError.hasMarker(error, marker);
  }
}
