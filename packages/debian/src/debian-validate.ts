import { validateCloudInitNodeOutput, type OutputIssueV1, type ProvisioningResultV1 } from '@kubenode/core';
import { DEBIAN_CLOUD_INIT_DIALECT } from './debian-provision.js';

/**
 * Checks rendered Debian output against cloud-init 22.4 (cloud-init-yaml: its model, the 22.4
 * dialect, unknown keys, Debian 12's JSON schema) and the join's requirements. Pure.
 */
export function validateDebianOutput(result: ProvisioningResultV1): OutputIssueV1[] {
  return validateCloudInitNodeOutput(result, DEBIAN_CLOUD_INIT_DIALECT);
}
