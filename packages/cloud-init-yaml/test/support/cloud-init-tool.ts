import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's cloud-init lives; the tests judge output with it and fail (never skip) without it. */
export const CLOUD_INIT = '/usr/bin/cloud-init';

function requireCloudInit(): void {
  if (!existsSync(CLOUD_INIT)) {
    throw new Error(
      `${CLOUD_INIT} is missing: install the Debian package 'cloud-init' (apt-get install cloud-init); these tests judge output with it and do not skip`,
    );
  }
}

/** The Python interpreter cloud-init runs under (from its shebang), so its modules import. */
export function cloudInitPython(): string {
  requireCloudInit();
  const shebang = readFileSync(CLOUD_INIT, 'utf8').split('\n', 1)[0] ?? '';
  const interpreter = shebang.replace(/^#!\s*/, '').split(/\s+/)[0];
  if (!interpreter || !existsSync(interpreter))
    throw new Error(`cannot find cloud-init's interpreter from "${shebang}"`);
  return interpreter;
}

/** Runs `cloud-init schema --config-file` on the text; returns its exit code and output. */
export function cloudInitSchema(text: string | Uint8Array): { status: number; output: string } {
  requireCloudInit();
  const directory = mkdtempSync(join(tmpdir(), 'cloud-init-yaml-'));
  try {
    const file = join(directory, 'user-data');
    writeFileSync(file, text);
    const run = spawnSync(CLOUD_INIT, ['schema', '--config-file', file], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs a Python script under cloud-init's interpreter with JSON on stdin and JSON on stdout. */
export function runPython<T>(script: string, input: unknown): T {
  const run = spawnSync(cloudInitPython(), ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`python failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * PyYAML (cloud-init's YAML reader, `yaml.safe_load`) on each text: the loaded value as JSON,
 * bytes as `{"$bytes": base64}`, or `{"$error": message}`.
 */
export function pyYamlLoad(texts: readonly string[]): unknown[] {
  return runPython<unknown[]>(
    `
import base64, json, sys, datetime, yaml
def plain(v):
    if isinstance(v, bytes): return {"$bytes": base64.b64encode(v).decode()}
    if isinstance(v, (datetime.date, datetime.datetime)): return {"$date": v.isoformat()}
    if isinstance(v, dict): return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list): return [plain(x) for x in v]
    return v
out = []
for text in json.load(sys.stdin):
    try: out.append(plain(yaml.safe_load(text)))
    except Exception as e: out.append({"$error": str(e)})
sys.stdout.write(json.dumps(out, ensure_ascii=True))
`,
    texts,
  );
}

/**
 * cloud-init 22.4's own user-data processor (`cloudinit.user_data.UserDataProcessor`) on the
 * bytes: gunzips, splits MIME, re-types parts as cloud-init does; returns each part's type and text.
 */
export function cloudInitUserDataParts(bytes: Uint8Array): { type: string; content: string }[] {
  return runPython<{ type: string; content: string }[]>(
    `
import base64, json, sys
from cloudinit.user_data import UserDataProcessor
from cloudinit import util
class Paths:
    def get_ipath_cur(self, *a): return '/nonexistent'
    def get_cpath(self, *a): return '/nonexistent'
    def get_ipath(self, *a): return '/nonexistent'
data = base64.b64decode(json.load(sys.stdin))
message = UserDataProcessor(Paths()).process(data)
parts = []
for part in message.walk():
    if part.get_content_maintype() == 'multipart': continue
    payload = util.fully_decoded_payload(part)
    if isinstance(payload, bytes): payload = payload.decode('utf-8')
    parts.append({"type": part.get_content_type(), "content": payload})
sys.stdout.write(json.dumps(parts, ensure_ascii=True))
`,
    Buffer.from(bytes).toString('base64'),
  );
}
