import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Debian's `cloud-init schema --config-file` on a text. Throws (the test fails, never skips)
 * when cloud-init is not installed.
 */
export function cloudInitSchema(text: string): { status: number; output: string } {
  if (!existsSync('/usr/bin/cloud-init')) {
    throw new Error("/usr/bin/cloud-init is missing: install the Debian package 'cloud-init'");
  }
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-debian-'));
  try {
    const file = join(directory, 'user-data');
    writeFileSync(file, text, { mode: 0o600 });
    const run = spawnSync('/usr/bin/cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
