import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { KubenodeError } from '@kubenode/core';
import { describe, expect, it } from 'vitest';
import { stepSigningPayload, type StepRequestV1 } from './step-protocol.js';
import { StepSigningKeyError } from './step-signing-key-error.js';
import { generateStepSigningKey, stepKeyId, StepSigner, StepVerifier } from './step-signing.js';

const UNSIGNED = {
  v: 1,
  id: '0b5c7a1e-9d7f-4a43-8f3e-5d8f1b2c3d4e',
  node: 'node-1',
  phase: 'apply',
  description: 'install the staged update',
  command: ['apt-get', 'install', '-y', 'linux-image-amd64'],
  timeoutSeconds: 900,
  issuedAt: '2026-01-05T10:00:00.000Z',
  expiresAt: '2026-01-05T10:10:00.000Z',
  issuer: 'kubenode-controller-0',
} as const satisfies Omit<StepRequestV1, 'signature' | 'keyId'>;

function keyPair() {
  const pems = generateStepSigningKey();
  return { ...pems, signer: new StepSigner(pems.privateKeyPem) };
}

const rsaPublicPem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

describe('generateStepSigningKey and stepKeyId', () => {
  it('makes an Ed25519 pair in PEM whose key id is 16 hex digits of the SPKI hash', () => {
    const { privateKeyPem, publicKeyPem } = generateStepSigningKey();
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    const publicKey = createPublicKey(publicKeyPem);
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    expect(createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' })).toBe(
      publicKeyPem,
    );
    expect(stepKeyId(publicKey)).toMatch(/^[0-9a-f]{16}$/);
    expect(stepKeyId(publicKey)).not.toBe(stepKeyId(createPublicKey(generateStepSigningKey().publicKeyPem)));
  });

  it('gives the key id of a fixed key (SHA-256 of the DER, first 16 hex digits)', () => {
    // RFC 8032 test vector 1's public key, as SPKI.
    const spki = Buffer.concat([
      Buffer.from('302a300506032b6570032100', 'hex'),
      Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex'),
    ]);
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    // sha256sum of the DER, computed outside Node.
    expect(stepKeyId(key)).toBe('06e3fd8fda29bb60');
  });
});

describe('StepSigner and StepVerifier', () => {
  it('round-trips: a signed request verifies against the signer public key', () => {
    const { signer, publicKeyPem } = keyPair();
    expect(signer.publicKeyPem).toBe(publicKeyPem);
    const request = signer.sign(UNSIGNED);
    expect(request).toEqual({ ...UNSIGNED, keyId: signer.keyId, signature: request.signature });
    expect(Buffer.from(request.signature, 'base64')).toHaveLength(64);
    const verifier = new StepVerifier(publicKeyPem);
    expect(verifier.size).toBe(1);
    expect(verifier.has(signer.keyId)).toBe(true);
    expect(verifier.ignored).toEqual([]);
    expect(verifier.check(request)).toBeUndefined();
    // Through its annotation text and back.
    expect(verifier.check(JSON.parse(JSON.stringify(request)) as StepRequestV1)).toBeUndefined();
  });

  describe('refuses a request changed after signing, in any signed field', () => {
    const { signer, publicKeyPem } = keyPair();
    const other = keyPair();
    const verifier = new StepVerifier(`${publicKeyPem}${other.publicKeyPem}`);
    const request = signer.sign(UNSIGNED);
    const changes: [string, Partial<Record<keyof StepRequestV1, unknown>>][] = [
      ['v', { v: 2 }],
      ['id', { id: '0b5c7a1e-9d7f-4a43-8f3e-5d8f1b2c3d4f' }],
      ['node', { node: 'node-2' }],
      ['phase', { phase: 'reboot' }],
      ['description', { description: 'install the staged update ' }],
      ['command: an element changed', { command: ['apt-get', 'install', '-y', 'linux-image-arm64'] }],
      ['command: an element added', { command: [...UNSIGNED.command, '--allow-downgrades'] }],
      ['command: an element removed', { command: UNSIGNED.command.slice(0, 3) }],
      ['command: reordered', { command: ['apt-get', '-y', 'install', 'linux-image-amd64'] }],
      ['command: elements merged', { command: ['apt-get', 'install -y', 'linux-image-amd64'] }],
      ['timeoutSeconds', { timeoutSeconds: 901 }],
      ['issuedAt', { issuedAt: '2026-01-05T10:00:00.001Z' }],
      ['expiresAt', { expiresAt: '2026-01-06T10:10:00.000Z' }],
      ['issuer', { issuer: 'kubenode-controller-1' }],
      // Another trusted key's id: the claim is covered by the signature too.
      ['keyId', { keyId: other.signer.keyId }],
      // A boot fence added to a request signed without one.
      ['bootID added', { bootID: 'boot-2' }],
    ];
    for (const [what, change] of changes)
      it(what, () => {
        const tampered = { ...request, ...change } as StepRequestV1;
        expect(verifier.check(tampered)).toBe('the signature does not match the request');
      });
  });

  it('refuses a request signed with a key it does not trust, naming the key', () => {
    const trusted = keyPair();
    const stranger = keyPair();
    const verifier = new StepVerifier(trusted.publicKeyPem);
    expect(verifier.check(stranger.signer.sign(UNSIGNED))).toBe(
      `signed with key ${stranger.signer.keyId}, which this agent does not trust`,
    );
  });

  it('covers a boot fence: changed or removed, the signature no longer matches', () => {
    const { signer, publicKeyPem } = keyPair();
    const verifier = new StepVerifier(publicKeyPem);
    const fenced = signer.sign({ ...UNSIGNED, bootID: 'boot-1' });
    expect(verifier.check(fenced)).toBeUndefined();
    expect(verifier.check({ ...fenced, bootID: 'boot-2' })).toBe('the signature does not match the request');
    const { bootID: _bootID, ...unfenced } = fenced;
    expect(verifier.check(unfenced)).toBe('the signature does not match the request');
  });

  it('refuses a signature made with another Ed25519 key that claims a trusted key id', () => {
    const trusted = keyPair();
    const forger = keyPair();
    const forged = forger.signer.sign(UNSIGNED);
    const claimed = { ...forged, keyId: trusted.signer.keyId };
    const signature = sign(
      null,
      stepSigningPayload({ ...UNSIGNED, keyId: trusted.signer.keyId }),
      createPrivateKey(forger.privateKeyPem),
    ).toString('base64');
    const verifier = new StepVerifier(trusted.publicKeyPem);
    expect(verifier.check(claimed)).toBe('the signature does not match the request');
    expect(verifier.check({ ...claimed, signature })).toBe('the signature does not match the request');
  });

  it('refuses a signature over the fields without the domain-separation prefix', () => {
    const { signer, privateKeyPem, publicKeyPem } = keyPair();
    const unsigned = { ...UNSIGNED, keyId: signer.keyId };
    const payload = stepSigningPayload(unsigned);
    const bare = payload.subarray(payload.indexOf('\n') + 1);
    const signature = sign(null, bare, createPrivateKey(privateKeyPem)).toString('base64');
    expect(new StepVerifier(publicKeyPem).check({ ...unsigned, signature })).toBe(
      'the signature does not match the request',
    );
  });

  it('refuses garbage, empty, truncated and non-canonical signatures without throwing', () => {
    const { signer, publicKeyPem } = keyPair();
    const verifier = new StepVerifier(publicKeyPem);
    const request = signer.sign(UNSIGNED);
    const bytes = Buffer.from(request.signature, 'base64');
    const notASignature = 'the signature is not a base64-encoded Ed25519 signature';
    for (const signature of [
      '',
      '!!!!',
      'not base64 at all',
      Buffer.alloc(64).toString('base64').slice(0, 10),
      bytes.subarray(0, 63).toString('base64'),
      Buffer.concat([bytes, Buffer.from([0])]).toString('base64'),
      // The same bytes, spelled differently: Node's decoder ignores whitespace and stray characters.
      `${request.signature.slice(0, 20)}\n${request.signature.slice(20)}`,
      `${request.signature}*`,
      request.signature.replace(/=+$/, ''),
      bytes.toString('base64url'),
    ])
      expect(verifier.check({ ...request, signature }), JSON.stringify(signature)).toBe(notASignature);
    // 64 bytes that are not the signature.
    expect(verifier.check({ ...request, signature: Buffer.alloc(64).toString('base64') })).toBe(
      'the signature does not match the request',
    );
    const flipped = Buffer.from(bytes);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(verifier.check({ ...request, signature: flipped.toString('base64') })).toBe(
      'the signature does not match the request',
    );
  });
});

describe('StepVerifier: the trusted keys', () => {
  it('trusts every Ed25519 block of a PEM bundle (rotation), in any order and with text around them', () => {
    const a = keyPair();
    const b = keyPair();
    const verifier = new StepVerifier(
      `# rotated in on 2026-01-05\n${b.publicKeyPem}\nsome comment\n${a.publicKeyPem.replace(/\n/g, '\r\n')}`,
    );
    expect(verifier.size).toBe(2);
    expect(verifier.check(a.signer.sign(UNSIGNED))).toBeUndefined();
    expect(verifier.check(b.signer.sign(UNSIGNED))).toBeUndefined();
  });

  it('ignores keys that are not Ed25519, saying so', () => {
    const a = keyPair();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const verifier = new StepVerifier(`${rsaPublicPem}${a.publicKeyPem}${ec}`);
    expect(verifier.size).toBe(1);
    expect(verifier.has(a.signer.keyId)).toBe(true);
    expect(verifier.ignored).toEqual([
      'public key 1: an rsa key, not Ed25519',
      'public key 3: an ec key, not Ed25519',
    ]);
    expect(verifier.check(a.signer.sign(UNSIGNED))).toBeUndefined();
  });

  it('keeps the good keys when one block is malformed (one bad block never drops all trust or throws)', () => {
    const a = keyPair();
    const b = keyPair();
    const broken = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAnot-a-key\n-----END PUBLIC KEY-----\n';
    const verifier = new StepVerifier(`${a.publicKeyPem}${broken}${b.publicKeyPem}`);
    expect(verifier.size).toBe(2);
    expect(verifier.ignored).toEqual(['public key 2: not a valid public key']);
    expect(verifier.check(a.signer.sign(UNSIGNED))).toBeUndefined();
    expect(verifier.check(b.signer.sign(UNSIGNED))).toBeUndefined();
  });

  it('trusts nothing in an empty or key-less text', () => {
    for (const text of ['', '\n', 'no keys here', '-----BEGIN PUBLIC KEY-----\n']) {
      const verifier = new StepVerifier(text);
      expect(verifier.size).toBe(0);
      expect(verifier.check(keyPair().signer.sign(UNSIGNED))).toMatch(/which this agent does not trust$/);
    }
  });
});

describe('StepSigner: the private key', () => {
  it('refuses a key that is not Ed25519 with a typed error that holds no key material', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const [pem, type] of [
      [rsa, 'rsa'],
      [ec, 'ec'],
    ] as const) {
      const error = thrown(() => new StepSigner(pem));
      expect(StepSigningKeyError.isInstance(error)).toBe(true);
      expect(KubenodeError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        name: 'KubenodeStepSigningKeyError',
        source: 'the step-signing key',
        problem: `an ${type} key, not Ed25519`,
        message: `the step-signing key: an ${type} key, not Ed25519`,
      });
      expectNoKeyMaterial(error, pem);
    }
  });

  it('refuses text that is not a private key (garbage, a public key, a damaged key), naming the source', () => {
    const { privateKeyPem, publicKeyPem } = generateStepSigningKey();
    const damaged = privateKeyPem.replace(/\n[A-Za-z0-9+/]{8}/, '\nAAAAAAAA');
    for (const text of ['', 'sk-live-0123456789 not a key', publicKeyPem, damaged]) {
      const error = thrown(() => new StepSigner(text, 'Secret kubenode-system/kubenode-step-signing-key'));
      expect(StepSigningKeyError.isInstance(error), text).toBe(true);
      expect((error as StepSigningKeyError).message).toMatch(
        /^Secret kubenode-system\/kubenode-step-signing-key: not a PEM private key( \(ERR_[A-Z0-9_]+\))?$/,
      );
      expect((error as StepSigningKeyError).cause).toBeUndefined();
      expectNoKeyMaterial(error, text);
    }
  });
});

function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** No line of the key (or of the text given as one) appears in the error or its serialisations. */
function expectNoKeyMaterial(error: Error, key: string): void {
  const shown = [error.message, String(error), JSON.stringify(error), error.stack ?? ''].join('\n');
  for (const line of key.split('\n')) {
    const body = line.trim();
    if (body.length >= 8 && !body.startsWith('-----')) expect(shown).not.toContain(body);
  }
}
