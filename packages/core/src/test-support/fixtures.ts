import { readFileSync } from 'node:fs';
import { validateNodePool } from '../node-pool/parse-node-pool.js';
import type { NodePool, NodePoolInput } from '../node-pool/node-pool-schema.js';

/** A test CA generated for this repository (not a real cluster's). */
export const TEST_CA_PEM = readFileSync(new URL('../__fixtures__/ca.crt', import.meta.url), 'utf8');
/** What `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum` printed for TEST_CA_PEM. */
export const TEST_CA_SPKI_SHA256 = readFileSync(
  new URL('../__fixtures__/ca.crt.sha256', import.meta.url),
  'utf8',
).trim();
/** A second test CA, used as an extra trusted CA. */
export const EXTRA_CA_PEM = readFileSync(new URL('../__fixtures__/extra-ca.crt', import.meta.url), 'utf8');

/** A minimal valid pool input, with overrides merged into `spec`. */
export function poolInput(spec: Partial<NodePoolInput['spec']> = {}): NodePoolInput {
  return {
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'workers' },
    spec: {
      distro: 'flatcar',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CA_PEM,
        bootstrapToken: 'abcdef.0123456789abcdef',
      },
      ...spec,
    },
  };
}

/** A minimal valid pool, validated, with overrides merged into `spec`. */
export function pool(spec: Partial<NodePoolInput['spec']> = {}): NodePool {
  return validateNodePool(poolInput(spec));
}
