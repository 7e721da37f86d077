import { ClusterApiError } from '@kubenode/rollout';
import type { K8sConfigMap, K8sSecret } from '../client/k8s-config-objects.js';
import { StepSigningKeyError } from './step-signing-key-error.js';
import { generateStepSigningKey, StepSigner, StepVerifier } from './step-signing.js';

/** What the trust functions need from a client (the Kubernetes client and the test double both have it). */
export interface TrustStoreClient {
  /** Reads a Secret (`ClusterApiError` 404 when there is none). */
  getSecret(namespace: string, name: string): Promise<K8sSecret>;
  /** Creates a Secret (`ClusterApiError` 409 when it exists). */
  createSecret(secret: K8sSecret): Promise<K8sSecret>;
  /** Reads a ConfigMap (`ClusterApiError` 404 when there is none). */
  getConfigMap(namespace: string, name: string): Promise<K8sConfigMap>;
  /** Creates a ConfigMap (`ClusterApiError` 409 when it exists). */
  createConfigMap(configMap: K8sConfigMap): Promise<K8sConfigMap>;
  /** Replaces a ConfigMap at its `resourceVersion` (`ClusterApiError` 409 on a conflict). */
  replaceConfigMap(configMap: K8sConfigMap): Promise<K8sConfigMap>;
}

/**
 * Where the step-signing key lives, in the controller's namespace: the private key in a Secret
 * only the controller's ServiceAccount may read, the public keys the agents trust in a ConfigMap
 * they may read (never write).
 */
export const AGENT_TRUST = {
  secretName: 'kubenode-step-signing-key',
  privateKeyField: 'ed25519.pem',
  configMapName: 'kubenode-agent-trust',
  publicKeysField: 'trusted-keys.pem',
} as const;

/** Writes of the trust ConfigMap tried before a run of conflicts is given up. */
const CONFIG_MAP_ATTEMPTS = 6;

const LABELS = { 'app.kubernetes.io/part-of': 'kubenode', 'app.kubernetes.io/component': 'agent-trust' };

function isStatus(error: unknown, code: number): boolean {
  return ClusterApiError.isInstance(error) && error.code === code;
}

/**
 * The controller's signer: reads the signing key from its Secret, creating the key pair on first
 * use (two replicas racing: one creates, the other reads it back), and makes sure the agents'
 * ConfigMap trusts its public key (keys already trusted stay, so a rotated-out key can be
 * removed by hand once no request signed with it is pending). A conflicting write of the
 * ConfigMap (another replica's) is retried on the fresh object, up to 6 writes.
 *
 * @throws {StepSigningKeyError} when the Secret lacks the key or holds one that is not Ed25519
 * @throws {ClusterApiError} when the API refuses (after 6 conflicting writes: the 409)
 */
export async function ensureStepSigningKey(client: TrustStoreClient, namespace: string): Promise<StepSigner> {
  let secret: K8sSecret;
  try {
    secret = await client.getSecret(namespace, AGENT_TRUST.secretName);
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
    const { privateKeyPem } = generateStepSigningKey();
    try {
      secret = await client.createSecret({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: AGENT_TRUST.secretName, namespace, labels: LABELS },
        type: 'Opaque',
        data: { [AGENT_TRUST.privateKeyField]: Buffer.from(privateKeyPem).toString('base64') },
      });
    } catch (createError) {
      if (!isStatus(createError, 409)) throw createError;
      secret = await client.getSecret(namespace, AGENT_TRUST.secretName);
    }
  }
  const source = `Secret ${namespace}/${AGENT_TRUST.secretName} (${AGENT_TRUST.privateKeyField})`;
  const encoded = secret.data?.[AGENT_TRUST.privateKeyField];
  if (!encoded) throw new StepSigningKeyError({ source, problem: 'the Secret has no such key' });
  const signer = new StepSigner(Buffer.from(encoded, 'base64').toString('utf8'), source);
  for (let attempt = 1; ; attempt++) {
    let configMap: K8sConfigMap | undefined;
    try {
      configMap = await client.getConfigMap(namespace, AGENT_TRUST.configMapName);
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    const trusted = configMap?.data?.[AGENT_TRUST.publicKeysField] ?? '';
    if (new StepVerifier(trusted).has(signer.keyId)) return signer;
    const publicKeys = `${trusted.trimEnd()}${trusted.trim() ? '\n' : ''}${signer.publicKeyPem.trimEnd()}\n`;
    try {
      if (configMap)
        await client.replaceConfigMap({
          ...configMap,
          data: { ...configMap.data, [AGENT_TRUST.publicKeysField]: publicKeys },
        });
      else
        await client.createConfigMap({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: AGENT_TRUST.configMapName, namespace, labels: LABELS },
          data: { [AGENT_TRUST.publicKeysField]: publicKeys },
        });
      return signer;
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= CONFIG_MAP_ATTEMPTS) throw error;
    }
  }
}

/** The keys agents trust; undefined while the controller has not published any. */
export async function loadTrustedKeys(
  client: Pick<TrustStoreClient, 'getConfigMap'>,
  namespace: string,
): Promise<StepVerifier | undefined> {
  try {
    const configMap = await client.getConfigMap(namespace, AGENT_TRUST.configMapName);
    const verifier = new StepVerifier(configMap.data?.[AGENT_TRUST.publicKeysField] ?? '');
    return verifier.size > 0 ? verifier : undefined;
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}
