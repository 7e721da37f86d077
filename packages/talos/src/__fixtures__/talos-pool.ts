import { validateNodePool, type NodePool, type NodePoolInput } from '@kubenode/core';
import { TEST_BOOTSTRAP_TOKEN, TEST_CLUSTER_CA } from '@kubenode/testkit';
import { TEST_TALOS_OPTIONS } from './talos-test-options.js';

type SpecOverrides = Omit<Partial<NodePoolInput['spec']>, 'kubernetes'> & {
  kubernetes?: Partial<NodePoolInput['spec']['kubernetes']>;
};

/** A valid Talos pool with the test PKI material, with `spec` overrides merged in. */
export function talosPool(overrides: SpecOverrides = {}): NodePool {
  const { kubernetes, adapterOptions, ...rest } = overrides;
  return validateNodePool({
    apiVersion: 'kubenode.dev/v1alpha1',
    kind: 'NodePool',
    metadata: { name: 'talos-workers' },
    spec: {
      distro: 'talos',
      kubernetes: {
        version: '1.32.4',
        apiServer: 'https://10.0.0.1:6443',
        caCert: TEST_CLUSTER_CA,
        bootstrapToken: TEST_BOOTSTRAP_TOKEN,
        ...kubernetes,
      },
      adapterOptions: adapterOptions ?? { talos: TEST_TALOS_OPTIONS },
      ...rest,
    },
  });
}
