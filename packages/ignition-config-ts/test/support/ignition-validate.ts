import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The upstream judge: Debian's `ignition-validate` (package `ignition`, spec <= 3.3.0). */
export const IGNITION_VALIDATE = process.env.IGNITION_VALIDATE ?? '/usr/bin/ignition-validate';

/**
 * Runs ignition-validate on a config. Throws (failing the test, never skipping it) when the
 * binary is missing: install the Debian package `ignition`.
 */
export function ignitionValidate(config: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ign-validate-'));
  try {
    const file = join(dir, 'config.ign');
    writeFileSync(file, config);
    const run = spawnSync(IGNITION_VALIDATE, [file], { encoding: 'utf8', timeout: 30_000 });
    if (run.error) {
      throw new Error(
        `ignition-validate could not run (${run.error.message}); install the Debian package 'ignition' (apt-get install ignition)`,
      );
    }
    return {
      ok: run.status === 0,
      output: `${run.stdout}${run.stderr}`.replaceAll(file, 'config.ign').trim(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
