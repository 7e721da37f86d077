import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalToolError, type DistroAdapterV1, type ProvisioningResultV1 } from '@kubenode/core';

/** The outcome of one upstream validator. */
export interface ExternalValidationOutcome {
  readonly tool: string;
  readonly artifact: string;
  readonly status: 'passed' | 'failed' | 'missing';
  /** The tool's own output, for failures (the artifact may be quoted; it is never logged elsewhere). */
  readonly output: string;
}

/** True when an executable is on PATH. */
export function hasExecutable(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  const result = spawnSync('sh', ['-c', `command -v "$1" >/dev/null 2>&1`, 'sh', name], {
    env: env as NodeJS.ProcessEnv,
  });
  return result.status === 0;
}

/**
 * Runs the adapter's declared upstream validators on the rendered artifacts, in a private
 * temporary directory (mode 0700) that is removed afterwards.
 *
 * @param options.requireTools throw {@link ExternalToolError} when a tool is missing instead of reporting it.
 */
export function runExternalValidators(
  adapter: DistroAdapterV1,
  result: ProvisioningResultV1,
  options: { requireTools?: boolean; env?: Readonly<Record<string, string | undefined>> } = {},
): ExternalValidationOutcome[] {
  const outcomes: ExternalValidationOutcome[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-validate-'));
  try {
    for (const validator of adapter.externalValidators) {
      const artifact = result.artifacts.find((candidate) => candidate.name === validator.artifact);
      if (!artifact) continue;
      if (!hasExecutable(validator.tool, options.env)) {
        if (options.requireTools) {
          throw new ExternalToolError({
            tool: validator.tool,
            failure: 'missing',
            debianPackage: validator.debianPackage,
          });
        }
        outcomes.push({ tool: validator.tool, artifact: artifact.name, status: 'missing', output: '' });
        continue;
      }
      const file = join(directory, artifact.name);
      writeFileSync(file, artifact.contents, { mode: 0o600 });
      const run = spawnSync(
        validator.tool,
        validator.args.map((arg) => arg.replaceAll('{file}', file)),
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.replaceAll(file, artifact.name).trim();
      outcomes.push({
        tool: validator.tool,
        artifact: artifact.name,
        status: run.status === 0 ? 'passed' : 'failed',
        output,
      });
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  return outcomes;
}
