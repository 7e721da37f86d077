import { KubenodeError } from '@kubenode/core';

const name = 'KubenodeStepSigningKeyError';
const marker = `kubenode.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The controller's step-signing key cannot be used: it is not a PEM private key, not an Ed25519
 * key, or the Secret that should hold it lacks the key. `source` names where the key came from.
 * The message never contains key material (nor the text that failed to parse as a key).
 */
export class StepSigningKeyError extends KubenodeError {
  private readonly [symbol] = true;

  /** Where the key came from, e.g. `Secret kubenode-system/kubenode-step-signing-key (ed25519.pem)`. */
  readonly source: string;
  /** What is wrong with it, e.g. `an rsa key, not Ed25519`. */
  readonly problem: string;

  constructor(options: { source: string; problem: string }) {
    super({ name, message: `${options.source}: ${options.problem}` });
    this.source = options.source;
    this.problem = options.problem;
  }

  static override isInstance(error: unknown): error is StepSigningKeyError {
    return KubenodeError.hasMarker(error, marker);
  }
}
