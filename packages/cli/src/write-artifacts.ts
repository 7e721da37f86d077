import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ProvisioningArtifactV1 } from '@kubenode/core';

/**
 * Writes artifacts into a directory all-or-nothing: each goes to a temporary file first and is
 * renamed into place only when every write succeeded; on failure the temporaries (and a
 * directory created for them) are removed. Artifacts holding secrets get mode 0600.
 *
 * @returns the paths written.
 */
export function writeArtifacts(
  directory: string,
  artifacts: readonly ProvisioningArtifactV1[],
  cwd: string,
): string[] {
  const target = resolve(cwd, directory);
  const created = !existsSync(target);
  const staged: { temporary: string; final: string }[] = [];
  try {
    mkdirSync(target, { recursive: true });
    for (const artifact of artifacts) {
      const final = join(target, artifact.name);
      const temporary = join(target, `.${artifact.name}.kubenode-${process.pid}.tmp`);
      const mode = artifact.containsSecrets ? 0o600 : 0o644;
      writeFileSync(temporary, artifact.contents, { mode });
      chmodSync(temporary, mode);
      staged.push({ temporary, final });
    }
    for (const { temporary, final } of staged) renameSync(temporary, final);
    return staged.map(({ final }) => final);
  } catch (error) {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
    if (created) rmSync(target, { recursive: true, force: true });
    throw error;
  }
}
