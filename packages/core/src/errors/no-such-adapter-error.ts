import { KubenodeError } from './kubenode-error.js';

const name = 'KubenodeNoSuchAdapterError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/** No adapter is registered under the requested id. Lists the ids that are. */
export class NoSuchAdapterError extends KubenodeError {
  private readonly [symbol] = true;

  /** The id that was asked for. */
  readonly adapterId: string;
  /** The ids that are registered. */
  readonly available: readonly string[];

  constructor(options: { adapterId: string; available: readonly string[]; suggestion?: string }) {
    const hint = options.suggestion ? ` Did you mean '${options.suggestion}'?` : '';
    super({
      name,
      message: `no adapter for distro '${options.adapterId}'.${hint} Available: ${options.available.join(', ') || '(none registered)'}`,
    });
    this.adapterId = options.adapterId;
    this.available = options.available;
  }

  static override isInstance(error: unknown): error is NoSuchAdapterError {
    return KubenodeError.hasMarker(error, marker);
  }
}
