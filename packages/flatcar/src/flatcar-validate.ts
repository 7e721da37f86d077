import { formatJsonPath, type OutputIssueV1, type ProvisioningResultV1 } from '@kubenode/core';
import { validateIgnitionConfig } from 'ignition-config-ts';
import { IGNITION_ARTIFACT } from './flatcar-provision.js';

/**
 * Checks rendered Flatcar output with ignition-validate's rules (ignition-config-ts) and
 * Flatcar's own: the user data must be an Ignition 3.x config (Flatcar's `coreos-cloudinit`
 * would run a `#cloud-config` on every boot), valid for its spec version. Warnings of the
 * validator are not reported. Pure.
 */
export function validateFlatcarOutput(result: ProvisioningResultV1): OutputIssueV1[] {
  const issues: OutputIssueV1[] = [];
  const artifact = result.artifacts.find((candidate) => candidate.name === IGNITION_ARTIFACT);
  if (!artifact)
    return [
      {
        artifact: IGNITION_ARTIFACT,
        path: '(root)',
        message: 'missing: Flatcar boots with an Ignition config',
      },
    ];
  if (artifact.contents.trimStart().startsWith('#cloud-config')) {
    issues.push({
      artifact: artifact.name,
      path: '(root)',
      message: 'a #cloud-config is not Ignition: Flatcar would run it with coreos-cloudinit on every boot',
    });
    return issues;
  }
  for (const issue of validateIgnitionConfig(artifact.contents)) {
    if (issue.severity !== 'error') continue;
    issues.push({ artifact: artifact.name, path: formatJsonPath(issue.path), message: issue.message });
  }
  return issues;
}
