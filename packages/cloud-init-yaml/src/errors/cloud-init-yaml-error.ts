const marker = 'cloud-init-yaml.error';
const symbol = Symbol.for(marker);

/**
 * The base class of every error `cloud-init-yaml` throws on purpose. Recognise it with
 * {@link CloudInitYamlError.isInstance} (a `Symbol.for` marker, so the check holds across
 * duplicate copies of the package), not `instanceof`. Messages never quote configuration values,
 * so a password hash or key in the input cannot leak through an error.
 */
export class CloudInitYamlError extends Error {
  private readonly [symbol] = true;

  /** A stable, machine-readable identifier of the error kind. */
  override readonly name: string;

  constructor(options: { name: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
  }

  /** True for any error thrown by any copy of `cloud-init-yaml`. */
  static isInstance(error: unknown): error is CloudInitYamlError {
    return CloudInitYamlError.hasMarker(error, marker);
  }

  /** @internal Checks a `Symbol.for(markerName)` marker; used by the subclasses. */
  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
