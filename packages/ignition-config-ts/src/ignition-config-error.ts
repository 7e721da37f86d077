const marker = 'ignition-config-ts.error';
const symbol = Symbol.for(marker);

/**
 * The base class of every error this package throws on purpose. Recognise it with
 * {@link IgnitionConfigError.isInstance} (a `Symbol.for` marker, so it holds across duplicate
 * copies of the package), not `instanceof`.
 */
export class IgnitionConfigError extends Error {
  private readonly [symbol] = true;

  /** Stable name of the error kind. */
  override readonly name: string;

  constructor(options: { name: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
  }

  /** True for any error thrown by any copy of this package. */
  static isInstance(error: unknown): error is IgnitionConfigError {
    return IgnitionConfigError.hasMarker(error, marker);
  }

  /** @internal Checks a `Symbol.for(markerName)` marker; used by the subclasses. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const key = Symbol.for(markerName);
    return error != null && typeof error === 'object' && (error as Record<symbol, unknown>)[key] === true;
  }
}
