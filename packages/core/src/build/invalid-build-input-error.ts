import { KubenodeError } from '../errors/kubenode-error.js';

const name = 'KubenodeInvalidBuildInputError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The input of a build is unusable: a file tree with entries a system extension cannot carry,
 * an option outside its range, an output name that is not a plain file name. Names the path or
 * option and what was expected. CLI exit code 1.
 */
export class InvalidBuildInputError extends KubenodeError {
  private readonly [symbol] = true;

  /** The option, or the path inside the input tree, that is wrong. */
  readonly path: string;
  /** What was expected there. */
  readonly expected: string;

  constructor(options: { path: string; expected: string; cause?: unknown }) {
    super({ name, message: `${options.path}: ${options.expected}`, cause: options.cause });
    this.path = options.path;
    this.expected = options.expected;
  }

  static override isInstance(error: unknown): error is InvalidBuildInputError {
    return KubenodeError.hasMarker(error, marker);
  }
}
