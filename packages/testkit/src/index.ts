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

// The conformance suite
export { describeAdapterConformance } from './conformance/describe-adapter-conformance.js';
export {
  runAdapterConformance,
  type ConformanceReport,
  type ConformanceCaseResult,
} from './conformance/run-adapter-conformance.js';
export {
  collectConformanceCases,
  type CollectedConformance,
} from './conformance/collect-conformance-cases.js';
export type { ConformanceCase, ConformanceCaseContext } from './conformance/conformance-case.js';
export type { ConformanceSuiteOptions } from './conformance/conformance-suite.js';
export type {
  AdapterConformanceOptions,
  AdapterConformanceProbes,
  ConformanceAdapterFactory,
  DetectSample,
  VerifySample,
} from './conformance/adapter-conformance-options.js';
export type { ConformanceTestApi, ConformanceAssertion } from './conformance/conformance-test-api.js';
export { ConformanceError } from './conformance/conformance-error.js';
export { UPDATE_GOLDENS_ENV } from './golden/golden-store.js';
export { goldenText, type RenderOutcome } from './golden/golden-text.js';

// Building blocks, for adapters' own tests
export { capabilitiesSchema, featureSupportSchema } from './capabilities/capabilities-schema.js';
export { artifactHaystack, type Haystack } from './evidence/artifact-haystack.js';
export { featureNeedles, joinNeedles, type Needle } from './evidence/feature-needles.js';
export { isolatedFeaturePool } from './pools/isolated-feature-pool.js';
export { conformancePool, type ConformancePool } from './pools/conformance-pool.js';
export { reverseKeyOrder } from './pools/reverse-key-order.js';
export { deepFreeze } from './pools/deep-freeze.js';
export { runExternalValidator, type ExternalValidatorOutcome } from './external/run-external-validator.js';
export { thrownError, type RecognisableErrorClass } from './errors/thrown-error.js';

// A test double for code that drives adapters
export {
  createMockDistroAdapter,
  mockDistroAdapterSettingsSchema,
  type MockDistroAdapterSettings,
  type MockDistroAdapterV1,
  type MockDistroAdapterCalls,
} from './mock/create-mock-distro-adapter.js';
