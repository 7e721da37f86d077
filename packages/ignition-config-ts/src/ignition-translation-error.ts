import { IgnitionConfigError } from './ignition-config-error.js';
import { formatIgnitionPath, type IgnitionPath } from './ignition-issue.js';

const name = 'IgnitionTranslationError';
const marker = `ignition-config-ts.error.${name}`;
const symbol = Symbol.for(marker);

/** A config cannot be expressed in the requested spec version without losing something. */
export class IgnitionTranslationError extends IgnitionConfigError {
  private readonly [symbol] = true;

  /** The field that has no equivalent in the target version. */
  readonly path: IgnitionPath;
  /** The source spec version. */
  readonly from: string;
  /** The requested spec version. */
  readonly to: string;

  constructor(options: { path: IgnitionPath; from: string; to: string; reason: string }) {
    super({
      name,
      message: `cannot translate spec ${options.from} to ${options.to}: ${formatIgnitionPath(options.path)} ${options.reason}`,
    });
    this.path = options.path;
    this.from = options.from;
    this.to = options.to;
  }

  static override isInstance(error: unknown): error is IgnitionTranslationError {
    return IgnitionConfigError.hasMarker(error, marker);
  }
}
