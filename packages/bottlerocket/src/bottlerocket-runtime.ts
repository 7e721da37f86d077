import type { RuntimeV1 } from '@kubenode/core';

/**
 * Bottlerocket's container runtime: containerd, configured only through settings
 * (`settings.container-registry`, `settings.container-runtime`), so there are no files or units
 * to render; registry mirrors land in the user data.
 */
export const bottlerocketRuntime: RuntimeV1 = {
  kind: 'containerd',
  containerdVersion: '2.0',
  render: () => ({ files: [], units: [] }),
};
