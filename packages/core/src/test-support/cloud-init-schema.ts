import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs Debian's `cloud-init schema --config-file` on a text. Throws (the test fails, it never
 * skips) when cloud-init is not installed.
 */
export function cloudInitSchema(text: string): { status: number; output: string } {
  if (!existsSync('/usr/bin/cloud-init')) {
    throw new Error("/usr/bin/cloud-init is missing: install the Debian package 'cloud-init'");
  }
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-core-'));
  try {
    const file = join(directory, 'user-data');
    writeFileSync(file, text, { mode: 0o600 });
    const run = spawnSync('/usr/bin/cloud-init', ['schema', '--config-file', file], { encoding: 'utf8' });
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * What cloud-init's own code writes for each write_files entry of a cloud-config: PyYAML
 * (`yaml.safe_load`, as cloud-init reads user data) and cloud-init 22.4's
 * `cc_write_files.decode_perms`/`extract_contents`. Returns path → { base64 bytes, mode }.
 */
export function cloudInitWrittenFiles(
  text: string,
): Record<string, { content: string; mode: number; owner: string }> {
  const shebang = readFileSync('/usr/bin/cloud-init', 'utf8').split('\n', 1)[0] ?? '';
  const python = shebang.replace(/^#!\s*/, '').split(/\s+/)[0] ?? '/usr/bin/python3';
  const script = `
import base64, json, sys, yaml
from cloudinit.config.cc_write_files import canonicalize_extraction, decode_perms, extract_contents, DEFAULT_PERMS
config = yaml.safe_load(sys.stdin.read())
out = {}
for item in config.get('write_files', []):
    data = extract_contents(item.get('content', ''), canonicalize_extraction(item.get('encoding')))
    if isinstance(data, str): data = data.encode('utf-8')
    out[item['path']] = {'content': base64.b64encode(data).decode(), 'mode': decode_perms(item.get('permissions'), DEFAULT_PERMS), 'owner': item.get('owner', 'root:root')}
sys.stdout.write(json.dumps(out))
`;
  const run = spawnSync(python, ['-c', script], { input: text, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cloud-init's write_files decoding failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, { content: string; mode: number; owner: string }>;
}
