import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExternalValidatorV1, ProvisioningArtifactV1 } from '@kubenode/core';

/** What running one upstream validator on one artifact gave. */
export interface ExternalValidatorOutcome {
  readonly status: 'passed' | 'failed' | 'missing';
  /** The tool's output (stdout and stderr), with the temporary path replaced by the artifact name. */
  readonly output: string;
  readonly exitCode: number | null;
}

function onPath(tool: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1" >/dev/null 2>&1', 'sh', tool]).status === 0;
}

/**
 * Runs an adapter's declared upstream validator on an artifact written (mode 0600) to a private
 * temporary directory that is removed afterwards.
 */
export function runExternalValidator(
  validator: ExternalValidatorV1,
  artifact: ProvisioningArtifactV1,
  options: { timeoutMs?: number } = {},
): ExternalValidatorOutcome {
  if (!onPath(validator.tool)) return { status: 'missing', output: '', exitCode: null };
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-conformance-'));
  try {
    const file = join(directory, artifact.name.replace(/[^A-Za-z0-9._-]/g, '_'));
    writeFileSync(file, artifact.contents, { mode: 0o600 });
    const run = spawnSync(
      validator.tool,
      validator.args.map((arg) => arg.replaceAll('{file}', file)),
      {
        encoding: 'utf8',
        timeout: options.timeoutMs ?? 60_000,
      },
    );
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error.message) : ''}`
      .replaceAll(file, artifact.name)
      .trim();
    return { status: run.status === 0 ? 'passed' : 'failed', output, exitCode: run.status };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
