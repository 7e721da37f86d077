const marker = 'kubenode.error';
const symbol = Symbol.for(marker);

/**
 * The base class of every error kubenode throws on purpose.
 *
 * Recognise it with {@link KubenodeError.isInstance}, not `instanceof`: the marker is a
 * `Symbol.for` key, so the check holds across duplicate copies of `@kubenode/core`.
 * Messages never contain secrets (bootstrap tokens, keys, password hashes).
 */
export class KubenodeError extends Error {
  private readonly [symbol] = true;

  /** A stable, machine-readable identifier of the error kind, e.g. `KubenodeSpecValidationError`. */
  override readonly name: string;

  constructor(options: { name: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
  }

  /** True for any error thrown by any copy of `@kubenode/core` or an adapter built on it. */
  static isInstance(error: unknown): error is KubenodeError {
    return KubenodeError.hasMarker(error, marker);
  }

  /** @internal Checks a `Symbol.for(markerName)` marker; used by the subclasses. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      typeof (error as Record<symbol, unknown>)[markerSymbol] === 'boolean' &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
