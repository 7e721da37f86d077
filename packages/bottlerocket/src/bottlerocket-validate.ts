import type { OutputIssueV1, ProvisioningResultV1 } from '@kubenode/core';
import { validateBottlerocketUserData } from './bottlerocket-settings-validator.js';
import { BOTTLEROCKET_USER_DATA } from './bottlerocket-provision.js';

/**
 * Checks rendered Bottlerocket user data against the settings model of the variant and release
 * its header names (`# variant: ...`, `# settings model: Bottlerocket ...`); without a header,
 * against every documented section of the newest release. Pure.
 */
export function validateBottlerocketResult(result: ProvisioningResultV1): OutputIssueV1[] {
  const issues: OutputIssueV1[] = [];
  for (const artifact of result.artifacts) {
    if (artifact.name !== BOTTLEROCKET_USER_DATA && !artifact.name.endsWith('.toml')) continue;
    const variant = /^# variant: (\S+)$/m.exec(artifact.contents)?.[1];
    const release = /^# settings model: Bottlerocket (\S+)$/m.exec(artifact.contents)?.[1];
    let found;
    try {
      found = validateBottlerocketUserData(artifact.contents, {
        ...(variant === undefined ? {} : { variant }),
        ...(release === undefined ? {} : { release }),
      });
    } catch (error) {
      found = [{ path: '(header)', message: error instanceof Error ? error.message : String(error) }];
    }
    for (const issue of found)
      issues.push({ artifact: artifact.name, path: issue.path, message: issue.message });
  }
  return issues;
}
