import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs Debian's ignition-validate (package `ignition`) on a config. A missing binary fails the
 * test; it is never skipped.
 */
export function ignitionValidate(config: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flatcar-ign-'));
  try {
    const file = join(dir, 'config.ign');
    writeFileSync(file, config, { mode: 0o600 });
    const run = spawnSync(process.env.IGNITION_VALIDATE ?? '/usr/bin/ignition-validate', [file], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.error)
      throw new Error(
        `ignition-validate could not run (${run.error.message}); install the Debian package 'ignition'`,
      );
    return {
      ok: run.status === 0,
      output: `${run.stdout}${run.stderr}`.replaceAll(file, 'config.ign').trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
