import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { stepSigningPayload, type StepRequestV1 } from './step-protocol.js';
import { StepSigningKeyError } from './step-signing-key-error.js';

/** A new Ed25519 key pair for signing step requests (PEM: PKCS#8 private, SPKI public). */
export function generateStepSigningKey(): { readonly privateKeyPem: string; readonly publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The key id of a public key: the first 16 hex digits of the SHA-256 of its SPKI DER. */
export function stepKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Signs step requests with the controller's private key. */
export class StepSigner {
  private readonly privateKey: KeyObject;
  /** Id of the matching public key. */
  readonly keyId: string;
  /** The matching public key (PEM). */
  readonly publicKeyPem: string;

  /**
   * @param privateKeyPem an Ed25519 private key (PKCS#8 PEM, as {@link generateStepSigningKey} makes)
   * @param source where the key came from, for the error message (default `the step-signing key`)
   * @throws {StepSigningKeyError} when it is not a private key or not an Ed25519 key
   */
  constructor(privateKeyPem: string, source = 'the step-signing key') {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(privateKeyPem);
    } catch (error) {
      // OpenSSL's reason only: the input may be key material and never goes into the message.
      const code = (error as { code?: unknown }).code;
      throw new StepSigningKeyError({
        source,
        problem: `not a PEM private key${typeof code === 'string' ? ` (${code})` : ''}`,
      });
    }
    if (privateKey.asymmetricKeyType !== 'ed25519')
      throw new StepSigningKeyError({
        source,
        problem: `an ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519`,
      });
    this.privateKey = privateKey;
    const publicKey = createPublicKey(this.privateKey);
    this.keyId = stepKeyId(publicKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Completes a request with this key's id and signature. */
  sign(request: Omit<StepRequestV1, 'signature' | 'keyId'>): StepRequestV1 {
    const unsigned = { ...request, keyId: this.keyId };
    const signature = sign(null, stepSigningPayload(unsigned), this.privateKey).toString('base64');
    return { ...unsigned, signature };
  }
}

/** Checks step request signatures against trusted public keys. */
export class StepVerifier {
  private readonly keys = new Map<string, KeyObject>();
  /**
   * The blocks not trusted, and why (`public key 2: not a valid public key`, `public key 3: an
   * rsa key, not Ed25519`): one bad block never drops the other keys, and never throws.
   */
  readonly ignored: readonly string[];

  /**
   * `pem` may hold several public keys (rotation): every `-----BEGIN PUBLIC KEY-----` block is
   * read; blocks that are not valid Ed25519 public keys are skipped and listed in {@link ignored}.
   */
  constructor(pem: string) {
    const ignored: string[] = [];
    const blocks = pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
    for (const [index, block] of blocks.entries()) {
      let key: KeyObject;
      try {
        key = createPublicKey(block);
      } catch {
        ignored.push(`public key ${index + 1}: not a valid public key`);
        continue;
      }
      if (key.asymmetricKeyType !== 'ed25519') {
        ignored.push(`public key ${index + 1}: an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
        continue;
      }
      this.keys.set(stepKeyId(key), key);
    }
    this.ignored = ignored;
  }

  /** Number of trusted keys. */
  get size(): number {
    return this.keys.size;
  }

  /** Whether the key with this id is trusted. */
  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Why the request's signature is not acceptable, or undefined when it is. */
  check(request: StepRequestV1): string | undefined {
    const key = this.keys.get(request.keyId);
    if (!key) return `signed with key ${request.keyId}, which this agent does not trust`;
    const { signature, ...unsigned } = request;
    // Canonical base64 of 64 bytes only: Node's decoder skips what is not base64.
    const bytes = Buffer.from(signature, 'base64');
    if (bytes.length !== 64 || bytes.toString('base64') !== signature)
      return 'the signature is not a base64-encoded Ed25519 signature';
    let ok = false;
    try {
      ok = verify(null, stepSigningPayload(unsigned), key, bytes);
    } catch {
      ok = false;
    }
    return ok ? undefined : 'the signature does not match the request';
  }
}
