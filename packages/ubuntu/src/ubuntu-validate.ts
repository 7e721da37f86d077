import { validateCloudInitNodeOutput, type OutputIssueV1, type ProvisioningResultV1 } from '@kubenode/core';
import { UBUNTU_CLOUD_INIT_DIALECT } from './ubuntu-provision.js';

/**
 * Checks rendered Ubuntu output against current cloud-init (cloud-init-yaml: its model, unknown
 * keys, cloud-init 26.2's JSON schema) and the join's requirements. Pure.
 */
export function validateUbuntuOutput(result: ProvisioningResultV1): OutputIssueV1[] {
  return validateCloudInitNodeOutput(result, UBUNTU_CLOUD_INIT_DIALECT);
}
