import type { NodePool, ProvisioningResultV1 } from '@kubenode/core';
import { poolFilePaths, poolUnitPaths } from '../readers/pool-file-paths.js';
import { readCloudConfig } from '../readers/read-cloud-config.js';
import type { ReadOptions, ReadResult, UpstreamJudges } from './fuzz-subject.js';

/**
 * Reads a cloud-config artifact the way cloud-init does and keeps cloud-init's own schema
 * verdict (`cloud-init schema --config-file`, run in the long-lived oracle) as the judge.
 */
export async function readCloudConfigResult(
  result: ProvisioningResultV1,
  pool: NodePool,
  judges: UpstreamJudges,
  artifactName: string,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const artifact = result.artifacts.find((candidate) => candidate.name === artifactName);
  if (!artifact)
    return {
      view: { shape: undefined, problems: [`no ${artifactName} artifact`] },
      rejections: [],
      judges: [],
    };
  const view = await readCloudConfig(
    artifact.contents,
    poolFilePaths(pool),
    judges.oracle,
    poolUnitPaths(pool),
    { validate: options.upstream !== false },
  );
  const rejections: string[] = [];
  if (options.upstream !== false && view.verdict.schemaError !== null) {
    rejections.push(`cloud-init schema rejects ${artifactName}: ${view.verdict.schemaError.slice(0, 600)}`);
  }
  return { view, rejections, judges: options.upstream === false ? [] : ['cloud-init schema'] };
}
