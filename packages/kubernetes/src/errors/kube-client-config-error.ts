import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeKubeClientConfigError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The Kubernetes client cannot be set up: no kubeconfig was found, it names no current cluster,
 * the requested context does not exist, or a client option is out of range. `setting` names the
 * option or file at fault. CLI exit code 1 (invalid input).
 */
export class KubeClientConfigError extends KubenodeError {
  private readonly [symbol] = true;

  /** The option, file or context at fault, e.g. `--kubeconfig`, `qps`, `context "prod"`. */
  readonly setting: string;

  constructor(options: { setting: string; message: string; cause?: unknown }) {
    super({ name, message: `${options.setting}: ${options.message}`, cause: options.cause });
    this.setting = options.setting;
  }

  static override isInstance(error: unknown): error is KubeClientConfigError {
    return KubenodeError.hasMarker(error, marker);
  }
}
