import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeConformanceError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A conformance case failed. The message starts with the case id and lists every problem found,
 * each saying what the adapter declares and what it did instead.
 */
export class ConformanceError extends KubenodeError {
  private readonly [symbol] = true;
  /** The stable id of the failed case, e.g. `honest:users-ssh`. */
  readonly caseId: string;
  /** One line per problem. */
  readonly problems: readonly string[];

  constructor(options: { caseId: string; problems: readonly string[] }) {
    const body =
      options.problems.length === 1
        ? options.problems[0]
        : options.problems.map((problem) => `\n  - ${problem}`).join('');
    super({ name, message: `[${options.caseId}] ${body}` });
    this.caseId = options.caseId;
    this.problems = options.problems;
  }

  static override isInstance(error: unknown): error is ConformanceError {
    return KubenodeError.hasMarker(error, marker);
  }
}
