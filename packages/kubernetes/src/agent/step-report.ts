import { readAptStepReport } from '@kubenode/core';

/**
 * The node annotations a step's output reports: `KUBENODE-<KEY>: <value>` lines whose key the
 * update strategies define (today the Debian/Ubuntu package state, OS version, expected kernel
 * and reboot-required flag, `APT_NODE_ANNOTATIONS`). Any other key is ignored: a step's output can
 * never overwrite the rollout's own state annotations.
 */
export function stepReportAnnotations(stdout: string): Record<string, string> {
  return readAptStepReport(stdout);
}
