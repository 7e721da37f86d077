import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeNoSuchImageError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The catalog has no image line matching a request: an unknown distro, stream, version,
 * architecture or variant. Names the field and what exists.
 */
export class NoSuchImageError extends KubenodeError {
  private readonly [symbol] = true;

  readonly distro: string;
  /** The request field that did not match: `distro`, `channel`, `version`, `arch` or `variant`. */
  readonly field: 'distro' | 'channel' | 'version' | 'arch' | 'variant';
  /** The value that did not match. */
  readonly value: string;
  /** Values that would have matched (possibly shortened). */
  readonly available: readonly string[];

  constructor(options: {
    distro: string;
    field: NoSuchImageError['field'];
    value: string;
    available: readonly string[];
    detail?: string;
  }) {
    const list = options.available.slice(0, 12).join(', ');
    const more = options.available.length > 12 ? `, ... (${options.available.length} in all)` : '';
    super({
      name,
      message:
        `${options.distro}: no ${options.field} '${options.value}' in the catalog` +
        (options.detail ? ` (${options.detail})` : '') +
        (options.available.length > 0 ? `; available: ${list}${more}` : ''),
    });
    this.distro = options.distro;
    this.field = options.field;
    this.value = options.value;
    this.available = options.available;
  }

  static override isInstance(error: unknown): error is NoSuchImageError {
    return KubenodeError.hasMarker(error, marker);
  }
}
