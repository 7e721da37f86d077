import { KubenodeError } from './kubenode-error.js';

const name = 'KubenodeExternalToolError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/** Why an external tool or service could not do its part. */
export type ExternalToolFailure = 'missing' | 'failed' | 'timeout' | 'unreachable';

/**
 * Something outside kubenode failed: a tool is not installed, exited non-zero, timed out, or a
 * cluster or network endpoint could not be reached. CLI exit code 4.
 */
export class ExternalToolError extends KubenodeError {
  private readonly [symbol] = true;

  /** The tool or endpoint, e.g. `ignition-validate`, `mmdebstrap`, `kube-apiserver`. */
  readonly tool: string;
  /** What went wrong. */
  readonly failure: ExternalToolFailure;
  /** The Debian package that provides the tool, when there is one. */
  readonly debianPackage: string | undefined;
  /** The tool's exit code, for `failed`. */
  readonly exitCode: number | undefined;

  constructor(options: {
    tool: string;
    failure: ExternalToolFailure;
    detail?: string;
    debianPackage?: string;
    exitCode?: number;
    cause?: unknown;
  }) {
    const install = options.debianPackage
      ? ` (install it with: apt-get install ${options.debianPackage})`
      : '';
    const what =
      options.failure === 'missing'
        ? `${options.tool} is not installed${install}`
        : options.failure === 'timeout'
          ? `${options.tool} timed out`
          : options.failure === 'unreachable'
            ? `${options.tool} is unreachable`
            : `${options.tool} failed${options.exitCode === undefined ? '' : ` with exit code ${options.exitCode}`}`;
    super({ name, message: options.detail ? `${what}: ${options.detail}` : what, cause: options.cause });
    this.tool = options.tool;
    this.failure = options.failure;
    this.debianPackage = options.debianPackage;
    this.exitCode = options.exitCode;
  }

  static override isInstance(error: unknown): error is ExternalToolError {
    return KubenodeError.hasMarker(error, marker);
  }
}
