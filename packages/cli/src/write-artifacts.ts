import { chmodSync, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvisioningArtifactV1 } from '@kubenode/core';
import { checkOutputDirectory, makeDirectory } from './output-directory.js';
import { OutputWriteError } from './output-write-error.js';

/**
 * Writes artifacts into a directory all-or-nothing: each goes to a temporary file first and is
 * renamed into place only when every write succeeded; on failure the temporaries (and the
 * directories created for them) are removed. Artifacts holding secrets get mode 0600. An existing
 * directory is kept: artifacts replace same-named files, other files are left alone.
 *
 * @returns the paths written.
 * @throws {@link CliUsageError} (exit 2) when the path is a file or below one;
 *   {@link OutputWriteError} (exit 4) when the file system refuses a write.
 */
export function writeArtifacts(
  directory: string,
  artifacts: readonly ProvisioningArtifactV1[],
  cwd: string,
  option = '-o',
): string[] {
  // A third-party adapter's artifact name must not reach outside the directory.
  for (const artifact of artifacts) {
    if (!/^[^/\\\0]+$/.test(artifact.name) || artifact.name === '.' || artifact.name === '..')
      throw new OutputWriteError({
        path: JSON.stringify(artifact.name),
        reason:
          'the adapter named an artifact with something other than a plain file name; nothing was written',
      });
  }
  const target = checkOutputDirectory(option, directory, cwd);
  let created: string | undefined;
  const staged: { temporary: string; final: string }[] = [];
  let failedAt = directory;
  try {
    created = makeDirectory(target);
    for (const artifact of artifacts) {
      const final = join(target, artifact.name);
      const temporary = join(target, `.${artifact.name}.kubenode-${process.pid}.tmp`);
      const mode = artifact.containsSecrets ? 0o600 : 0o644;
      failedAt = final;
      // A directory in an artifact's place would fail the rename after others were replaced.
      if (existsSync(final) && statSync(final).isDirectory())
        throw Object.assign(new Error(`${final} is a directory`), { code: 'EISDIR' });
      staged.push({ temporary, final });
      writeFileSync(temporary, artifact.contents, { mode });
      chmodSync(temporary, mode);
    }
    for (const { temporary, final } of staged) {
      failedAt = final;
      renameSync(temporary, final);
    }
    return staged.map(({ final }) => final);
  } catch (error) {
    // Cleaning up must never hide why the write failed.
    for (const { temporary } of staged) {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // nothing was written there, or it cannot be removed either
      }
    }
    if (created !== undefined) {
      try {
        rmSync(created, { recursive: true, force: true });
      } catch {
        // leave it: the error below names the write that failed
      }
    }
    if (error !== null && typeof error === 'object' && 'code' in error)
      throw new OutputWriteError({ path: failedAt, cause: error });
    throw error;
  }
}
