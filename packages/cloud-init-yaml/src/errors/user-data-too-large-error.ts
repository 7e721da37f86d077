import type { UserDataMeasure } from '../user-data/user-data-limits.js';
import { CloudInitYamlError } from './cloud-init-yaml-error.js';

const name = 'UserDataTooLargeError';
const marker = `cloud-init-yaml.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * User data exceeds the platform's limit even after gzip. Names the platform, the limit, what it
 * is measured on, and both sizes, so the caller can move content out of user data (e.g.
 * `write_files[].source`, an `#include` URL or a baked image).
 */
export class UserDataTooLargeError extends CloudInitYamlError {
  private readonly [symbol] = true;

  /** The platform whose limit was exceeded, e.g. `aws`. */
  readonly platform: string;
  /** The limit in bytes. */
  readonly limitBytes: number;
  /** What the platform measures. */
  readonly measure: UserDataMeasure;
  /** Size of the uncompressed user data, measured as the limit is. */
  readonly sizeBytes: number;
  /** Size after gzip, measured as the limit is; undefined when compression was not allowed. */
  readonly compressedBytes: number | undefined;

  constructor(options: {
    platform: string;
    limitBytes: number;
    measure: UserDataMeasure;
    sizeBytes: number;
    compressedBytes: number | undefined;
  }) {
    const [plainUnit, gzipUnit, limitUnit] =
      options.measure === 'raw'
        ? ['raw bytes', 'raw bytes', 'raw bytes']
        : options.measure === 'base64'
          ? ['bytes of base64', 'bytes of base64', 'bytes of base64']
          : ['bytes of text', 'bytes of base64', 'bytes'];
    const after =
      options.compressedBytes === undefined
        ? 'compression was turned off'
        : `${options.compressedBytes} ${gzipUnit} after gzip`;
    super({
      name,
      message: `user data for ${options.platform} is ${options.sizeBytes} ${plainUnit} (${after}); the limit is ${options.limitBytes} ${limitUnit}. Move large content out of user data: write_files[].source (cloud-init >= 24.3), an #include URL, or bake it into the image.`,
    });
    this.platform = options.platform;
    this.limitBytes = options.limitBytes;
    this.measure = options.measure;
    this.sizeBytes = options.sizeBytes;
    this.compressedBytes = options.compressedBytes;
  }

  static override isInstance(error: unknown): error is UserDataTooLargeError {
    return CloudInitYamlError.hasMarker(error, marker);
  }
}
