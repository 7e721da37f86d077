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

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    if (this.privateKey.asymmetricKeyType !== 'ed25519')
      throw new Error('the step signing key must be an Ed25519 key');
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

  /** `pem` may hold several public keys (rotation): every `-----BEGIN PUBLIC KEY-----` block. */
  constructor(pem: string) {
    for (const block of pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
      const key = createPublicKey(block);
      if (key.asymmetricKeyType !== 'ed25519') continue;
      this.keys.set(stepKeyId(key), key);
    }
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
    let ok = false;
    try {
      ok = verify(null, stepSigningPayload(unsigned), key, Buffer.from(signature, 'base64'));
    } catch {
      ok = false;
    }
    return ok ? undefined : 'the signature does not match the request';
  }
}
