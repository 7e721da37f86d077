import { KubenodeError } from './kubenode-error.js';
import type { SpecIssue } from './spec-issue.js';
import { formatSpecIssue } from './spec-issue.js';

const name = 'KubenodeInvalidAdapterOptionsError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An adapter's factory settings or its `spec.adapterOptions.<id>` section are invalid. Carries
 * the problems with their paths and the zod error as `cause`. CLI exit code 1.
 */
export class InvalidAdapterOptionsError extends KubenodeError {
  private readonly [symbol] = true;

  /** The adapter whose options were rejected. */
  readonly adapterId: string;
  /** Every problem, each with its path inside the options object. */
  readonly issues: readonly SpecIssue[];

  constructor(options: { adapterId: string; issues: readonly SpecIssue[]; cause?: unknown }) {
    super({
      name,
      message: `invalid options for adapter '${options.adapterId}':\n${options.issues.map((i) => `  ${formatSpecIssue(i)}`).join('\n')}`,
      cause: options.cause,
    });
    this.adapterId = options.adapterId;
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is InvalidAdapterOptionsError {
    return KubenodeError.hasMarker(error, marker);
  }
}
