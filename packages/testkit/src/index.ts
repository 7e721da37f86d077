/**
 * `@kubenode/testkit`: the published conformance testkit for kubenode distro adapters.
 *
 * @packageDocumentation
 */
export { CANONICAL_POOLS, HOSTILE_TEXT, type CanonicalPool } from './canonical-pools/canonical-pools.js';
export { canonicalPool } from './canonical-pools/canonical-pool.js';
export {
  TEST_BOOTSTRAP_TOKEN,
  TEST_CLUSTER_CA,
  TEST_CLUSTER_CA_SPKI_SHA256,
  TEST_EXTRA_CA,
  TEST_PASSWORD_HASH,
  TEST_PRIVATE_KEY,
  TEST_SSH_KEY_ED25519,
  TEST_SSH_KEY_RSA,
} from './canonical-pools/test-credentials.js';
