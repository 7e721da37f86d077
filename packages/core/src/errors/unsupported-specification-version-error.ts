import { KubenodeError } from './kubenode-error.js';

const name = 'KubenodeUnsupportedSpecificationVersionError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/** An adapter implements a version of the adapter specification this core does not know. */
export class UnsupportedSpecificationVersionError extends KubenodeError {
  private readonly [symbol] = true;

  /** The adapter's id, as far as it could be read. */
  readonly adapterId: string;
  /** The version the adapter declared. */
  readonly version: string;

  constructor(options: { adapterId: string; version: string; supported: readonly string[] }) {
    super({
      name,
      message: `adapter '${options.adapterId}' implements specification version '${options.version}'; this @kubenode/core supports ${options.supported.join(', ')}`,
    });
    this.adapterId = options.adapterId;
    this.version = options.version;
  }

  static override isInstance(error: unknown): error is UnsupportedSpecificationVersionError {
    return KubenodeError.hasMarker(error, marker);
  }
}
