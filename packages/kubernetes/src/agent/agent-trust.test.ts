import { KubenodeError } from '@kubenode/core';
import { ClusterApiError } from '@kubenode/rollout';
import { describe, expect, it } from 'vitest';
import type { K8sConfigMap, K8sSecret } from '../client/k8s-config-objects.js';
import { NamespacedObjectStore } from '../test-double/namespaced-object-store.js';
import { AGENT_TRUST, ensureStepSigningKey, loadTrustedKeys, type TrustStoreClient } from './agent-trust.js';
import type { StepRequestV1 } from './step-protocol.js';
import { StepSigningKeyError } from './step-signing-key-error.js';
import { generateStepSigningKey, StepSigner, StepVerifier } from './step-signing.js';

const NS = 'kubenode-system';
const SECRET_SOURCE = `Secret ${NS}/${AGENT_TRUST.secretName} (${AGENT_TRUST.privateKeyField})`;

type Method = keyof TrustStoreClient;

/**
 * A TrustStoreClient over the test double's in-memory object store (404, 409 AlreadyExists,
 * 409 Conflict on a stale resourceVersion), recording calls; `before` runs before each call and
 * may throw or change the store, as a concurrent replica would.
 */
class FakeTrustStore implements TrustStoreClient {
  readonly secrets = new NamespacedObjectStore('Secret', 'secrets', () => '2026-01-05T10:00:00Z');
  readonly configMaps = new NamespacedObjectStore('ConfigMap', 'configmaps', () => '2026-01-05T10:00:00Z');
  readonly calls: Method[] = [];
  before: ((method: Method, call: number) => void) | undefined;

  private enter(method: Method): void {
    this.calls.push(method);
    this.before?.(method, this.calls.filter((m) => m === method).length);
  }

  count(method: Method): number {
    return this.calls.filter((m) => m === method).length;
  }

  async getSecret(namespace: string, name: string): Promise<K8sSecret> {
    this.enter('getSecret');
    return this.secrets.get(namespace, name, `get secrets/${name}`) as unknown as K8sSecret;
  }

  async createSecret(secret: K8sSecret): Promise<K8sSecret> {
    this.enter('createSecret');
    return this.secrets.create(
      secret.metadata.namespace ?? '',
      secret as never,
      'create secrets',
    ) as unknown as K8sSecret;
  }

  async getConfigMap(namespace: string, name: string): Promise<K8sConfigMap> {
    this.enter('getConfigMap');
    return this.configMaps.get(namespace, name, `get configmaps/${name}`) as unknown as K8sConfigMap;
  }

  async createConfigMap(configMap: K8sConfigMap): Promise<K8sConfigMap> {
    this.enter('createConfigMap');
    return this.configMaps.create(
      configMap.metadata.namespace ?? '',
      configMap as never,
      'create configmaps',
    ) as unknown as K8sConfigMap;
  }

  async replaceConfigMap(configMap: K8sConfigMap): Promise<K8sConfigMap> {
    this.enter('replaceConfigMap');
    return this.configMaps.update(
      configMap.metadata.namespace ?? '',
      configMap.metadata.name,
      configMap as never,
      `update configmaps/${configMap.metadata.name}`,
    ) as unknown as K8sConfigMap;
  }

  /** Stores a Secret holding this private key, as another replica or an administrator would. */
  putSecret(privateKeyPem: string): void {
    this.secrets.create(NS, secretOf(privateKeyPem) as never, 'create secrets');
  }

  /** Stores or replaces the trust ConfigMap's data (another writer). */
  putTrust(data: Record<string, string>): void {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: AGENT_TRUST.configMapName }, data };
    try {
      this.configMaps.get(NS, AGENT_TRUST.configMapName, 'get');
      this.configMaps.update(NS, AGENT_TRUST.configMapName, body as never, 'update');
    } catch (error) {
      if (!ClusterApiError.isInstance(error) || error.code !== 404) throw error;
      this.configMaps.create(NS, body as never, 'create');
    }
  }

  trusted(): string | undefined {
    try {
      return (this.configMaps.get(NS, AGENT_TRUST.configMapName, 'get') as unknown as K8sConfigMap).data?.[
        AGENT_TRUST.publicKeysField
      ];
    } catch {
      return undefined;
    }
  }
}

function secretOf(privateKeyPem: string): K8sSecret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: AGENT_TRUST.secretName, namespace: NS },
    type: 'Opaque',
    data: { [AGENT_TRUST.privateKeyField]: Buffer.from(privateKeyPem).toString('base64') },
  };
}

function apiError(code: number, reason: string): ClusterApiError {
  return ClusterApiError.of('test', code, reason, `${reason} (injected)`);
}

const REQUEST: Omit<StepRequestV1, 'signature' | 'keyId'> = {
  v: 1,
  id: 'request-0001',
  node: 'node-1',
  phase: 'stage',
  description: 'stage',
  command: ['true'],
  timeoutSeconds: 60,
  issuedAt: '2026-01-05T10:00:00.000Z',
  expiresAt: '2026-01-05T10:10:00.000Z',
  issuer: 'controller-0',
};

function publicKeysIn(pem: string | undefined): string[] {
  return pem?.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----\n/g) ?? [];
}

describe('ensureStepSigningKey', () => {
  it('creates the key pair and the ConfigMap on first use', async () => {
    const store = new FakeTrustStore();
    const signer = await ensureStepSigningKey(store, NS);
    expect(store.calls).toEqual(['getSecret', 'createSecret', 'getConfigMap', 'createConfigMap']);

    const secret = store.secrets.get(NS, AGENT_TRUST.secretName, 'get') as unknown as K8sSecret;
    expect(secret.type).toBe('Opaque');
    expect(secret.metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'kubenode',
      'app.kubernetes.io/component': 'agent-trust',
    });
    const privateKeyPem = Buffer.from(secret.data?.[AGENT_TRUST.privateKeyField] ?? '', 'base64').toString();
    expect(new StepSigner(privateKeyPem).keyId).toBe(signer.keyId);

    expect(store.trusted()).toBe(signer.publicKeyPem);
    const verifier = await loadTrustedKeys(store, NS);
    expect(verifier?.size).toBe(1);
    expect(verifier?.check(signer.sign(REQUEST))).toBeUndefined();
  });

  it('reuses the key of an existing Secret, and changes nothing once its key is trusted', async () => {
    const store = new FakeTrustStore();
    const { privateKeyPem } = generateStepSigningKey();
    store.putSecret(privateKeyPem);
    const first = await ensureStepSigningKey(store, NS);
    expect(first.keyId).toBe(new StepSigner(privateKeyPem).keyId);
    expect(store.count('createSecret')).toBe(0);
    const trusted = store.trusted();

    store.calls.length = 0;
    const second = await ensureStepSigningKey(store, NS);
    expect(second.keyId).toBe(first.keyId);
    expect(store.calls).toEqual(['getSecret', 'getConfigMap']);
    expect(store.trusted()).toBe(trusted);
  });

  it('survives the create race: another replica created the Secret first (409), its key is read back', async () => {
    const store = new FakeTrustStore();
    const theirs = generateStepSigningKey();
    store.before = (method) => {
      if (method === 'createSecret') store.putSecret(theirs.privateKeyPem);
    };
    const signer = await ensureStepSigningKey(store, NS);
    expect(store.calls.slice(0, 3)).toEqual(['getSecret', 'createSecret', 'getSecret']);
    expect(signer.keyId).toBe(new StepSigner(theirs.privateKeyPem).keyId);
    expect(publicKeysIn(store.trusted())).toEqual([theirs.publicKeyPem]);
  });

  it('keeps the keys already trusted and the ConfigMap other data when adding its own', async () => {
    const store = new FakeTrustStore();
    const old = generateStepSigningKey();
    store.putTrust({
      [AGENT_TRUST.publicKeysField]: `# rotated out soon\n${old.publicKeyPem}`,
      note: 'kept',
    });
    const signer = await ensureStepSigningKey(store, NS);
    const configMap = store.configMaps.get(NS, AGENT_TRUST.configMapName, 'get') as unknown as K8sConfigMap;
    expect(configMap.data).toEqual({
      [AGENT_TRUST.publicKeysField]: `# rotated out soon\n${old.publicKeyPem}${signer.publicKeyPem}`,
      note: 'kept',
    });
    const verifier = new StepVerifier(configMap.data?.[AGENT_TRUST.publicKeysField] ?? '');
    expect(verifier.size).toBe(2);
    expect(verifier.has(signer.keyId)).toBe(true);
  });

  it('adds its key beside a malformed block instead of failing', async () => {
    const store = new FakeTrustStore();
    const broken = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
    store.putTrust({ [AGENT_TRUST.publicKeysField]: broken });
    const signer = await ensureStepSigningKey(store, NS);
    expect(store.trusted()).toBe(`${broken}\n${signer.publicKeyPem}`);
    expect((await loadTrustedKeys(store, NS))?.has(signer.keyId)).toBe(true);
  });

  it('retries on a ConfigMap conflict and keeps what the other writer added', async () => {
    const store = new FakeTrustStore();
    const a = generateStepSigningKey();
    const b = generateStepSigningKey();
    store.putTrust({ [AGENT_TRUST.publicKeysField]: a.publicKeyPem });
    store.before = (method, call) => {
      // Between our read and our write, another replica adds its key.
      if (method === 'replaceConfigMap' && call === 1)
        store.putTrust({ [AGENT_TRUST.publicKeysField]: `${a.publicKeyPem}${b.publicKeyPem}` });
    };
    const signer = await ensureStepSigningKey(store, NS);
    expect(store.count('replaceConfigMap')).toBe(2);
    expect(publicKeysIn(store.trusted())).toEqual([a.publicKeyPem, b.publicKeyPem, signer.publicKeyPem]);
  });

  it('retries when another replica created the ConfigMap first (409 AlreadyExists)', async () => {
    const store = new FakeTrustStore();
    const theirs = generateStepSigningKey();
    store.before = (method) => {
      if (method === 'createConfigMap')
        store.putTrust({ [AGENT_TRUST.publicKeysField]: theirs.publicKeyPem });
    };
    const signer = await ensureStepSigningKey(store, NS);
    expect(store.calls.slice(-3)).toEqual(['createConfigMap', 'getConfigMap', 'replaceConfigMap']);
    expect(publicKeysIn(store.trusted())).toEqual([theirs.publicKeyPem, signer.publicKeyPem]);
  });

  it('gives up after 6 conflicting writes, with the conflict', async () => {
    const store = new FakeTrustStore();
    store.putTrust({ [AGENT_TRUST.publicKeysField]: '' });
    store.before = (method) => {
      if (method === 'replaceConfigMap') throw apiError(409, 'Conflict');
    };
    const error = await ensureStepSigningKey(store, NS).catch((e: unknown) => e);
    expect(ClusterApiError.isInstance(error) && error.code).toBe(409);
    expect(store.count('replaceConfigMap')).toBe(6);
    expect(store.count('getConfigMap')).toBe(6);
  });

  it('passes other API errors on without creating anything', async () => {
    const store = new FakeTrustStore();
    store.before = (method) => {
      if (method === 'getSecret') throw apiError(403, 'Forbidden');
    };
    const error = await ensureStepSigningKey(store, NS).catch((e: unknown) => e);
    expect(ClusterApiError.isInstance(error) && error.code).toBe(403);
    expect(store.calls).toEqual(['getSecret']);

    const other = new FakeTrustStore();
    other.before = (method) => {
      if (method === 'getConfigMap') throw apiError(500, 'InternalError');
    };
    expect(ClusterApiError.isInstance(await ensureStepSigningKey(other, NS).catch((e: unknown) => e))).toBe(
      true,
    );
    expect(other.count('createConfigMap')).toBe(0);
  });

  it('refuses a Secret without the key, or with a key that is not Ed25519, with a typed error naming it', async () => {
    const empty = new FakeTrustStore();
    empty.secrets.create(NS, { ...secretOf(''), data: { other: 'eA==' } } as never, 'create');
    const missing = await ensureStepSigningKey(empty, NS).catch((e: unknown) => e);
    expect(StepSigningKeyError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toBe(`${SECRET_SOURCE}: the Secret has no such key`);
    expect(empty.count('createConfigMap')).toBe(0);

    const { generateKeyPairSync } = await import('node:crypto');
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    for (const [pem, problem] of [
      [ecPem, 'an ec key, not Ed25519'],
      [
        '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXZhbHVl\n-----END PRIVATE KEY-----\n',
        /^not a PEM private key/,
      ],
    ] as const) {
      const store = new FakeTrustStore();
      store.putSecret(pem);
      const error = await ensureStepSigningKey(store, NS).catch((e: unknown) => e);
      expect(StepSigningKeyError.isInstance(error) && KubenodeError.isInstance(error)).toBe(true);
      expect((error as StepSigningKeyError).source).toBe(SECRET_SOURCE);
      expect((error as StepSigningKeyError).problem).toMatch(problem);
      for (const line of pem.split('\n').filter((l) => l && !l.startsWith('-----')))
        expect(String(error)).not.toContain(line);
      expect(store.count('createConfigMap') + store.count('replaceConfigMap')).toBe(0);
    }
  });
});

describe('loadTrustedKeys', () => {
  it('answers undefined while nothing is published (404, no data, an empty or key-less field)', async () => {
    const store = new FakeTrustStore();
    expect(await loadTrustedKeys(store, NS)).toBeUndefined();
    store.putTrust({});
    expect(await loadTrustedKeys(store, NS)).toBeUndefined();
    store.putTrust({ [AGENT_TRUST.publicKeysField]: '' });
    expect(await loadTrustedKeys(store, NS)).toBeUndefined();
    store.putTrust({
      [AGENT_TRUST.publicKeysField]: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
    });
    expect(await loadTrustedKeys(store, NS)).toBeUndefined();
  });

  it('returns a verifier of the published keys, reading the namespace given', async () => {
    const store = new FakeTrustStore();
    const a = generateStepSigningKey();
    store.putTrust({ [AGENT_TRUST.publicKeysField]: a.publicKeyPem });
    const verifier = await loadTrustedKeys(store, NS);
    expect(verifier?.size).toBe(1);
    expect(verifier?.check(new StepSigner(a.privateKeyPem).sign(REQUEST))).toBeUndefined();
    expect(await loadTrustedKeys(store, 'elsewhere')).toBeUndefined();
  });

  it('passes errors other than 404 on', async () => {
    const store = new FakeTrustStore();
    store.before = () => {
      throw apiError(503, 'ServiceUnavailable');
    };
    const error = await loadTrustedKeys(store, NS).catch((e: unknown) => e);
    expect(ClusterApiError.isInstance(error) && error.code).toBe(503);
  });
});
