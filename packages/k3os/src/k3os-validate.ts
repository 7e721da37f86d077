import type { OutputIssueV1, ProvisioningResultV1 } from '@kubenode/core';
import { validateK3osConfigText } from './k3os-config-validator.js';

/** Checks rendered k3OS configs (`*.yaml` artifacts) against the k3OS config fields. Pure. */
export function validateK3osResult(result: ProvisioningResultV1): OutputIssueV1[] {
  return result.artifacts
    .filter((artifact) => artifact.name.endsWith('.yaml') || artifact.name.endsWith('.yml'))
    .flatMap((artifact) =>
      validateK3osConfigText(artifact.contents).map((issue) => ({
        artifact: artifact.name,
        path: issue.path,
        message: issue.message,
      })),
    );
}
