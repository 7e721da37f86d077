import { CloudInitYamlError } from './cloud-init-yaml-error.js';

const name = 'MimeMultipartError';
const marker = `cloud-init-yaml.error.${name}`;
const symbol = Symbol.for(marker);

/** MIME multi-part user data could not be built or read (bad part type, missing boundary, ...). */
export class MimeMultipartError extends CloudInitYamlError {
  private readonly [symbol] = true;

  constructor(message: string) {
    super({ name, message });
  }

  static override isInstance(error: unknown): error is MimeMultipartError {
    return CloudInitYamlError.hasMarker(error, marker);
  }
}
