import { KubenodeError } from './kubenode-error.js';

const name = 'KubenodeUnsupportedFeatureError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The NodePool asks for something the target distro cannot express. Never dropped silently:
 * the error names the field, the distro and the idiomatic alternative. CLI exit code 3.
 */
export class UnsupportedFeatureError extends KubenodeError {
  private readonly [symbol] = true;

  /** The NodePool field, as a dotted path, e.g. `spec.os.packages`. */
  readonly field: string;
  /** The adapter id, e.g. `flatcar`. */
  readonly distro: string;
  /** What to do instead on this distro, e.g. "ship the software as a systemd-sysext image". */
  readonly alternative: string;

  constructor(options: { field: string; distro: string; alternative: string; reason?: string }) {
    super({
      name,
      message: `${options.field}: ${options.reason ?? 'not supported'} on ${options.distro}; instead: ${options.alternative}`,
    });
    this.field = options.field;
    this.distro = options.distro;
    this.alternative = options.alternative;
  }

  static override isInstance(error: unknown): error is UnsupportedFeatureError {
    return KubenodeError.hasMarker(error, marker);
  }
}
