import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's cloud-init: the judge of #cloud-config output. Tests fail (never skip) without it. */
export const CLOUD_INIT = '/usr/bin/cloud-init';
/** Debian's ignition-validate: the judge of Ignition output. */
export const IGNITION_VALIDATE = process.env.IGNITION_VALIDATE ?? '/usr/bin/ignition-validate';

function requireTool(path: string, debianPackage: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: install the Debian package '${debianPackage}' (apt-get install ${debianPackage}); these tests judge output with it and do not skip`,
    );
  }
}

function withFile<T>(name: string, text: string, run: (file: string) => T): T {
  const directory = mkdtempSync(join(tmpdir(), 'kubenode-gardenlinux-'));
  try {
    const file = join(directory, name);
    writeFileSync(file, text, { mode: 0o600 });
    return run(file);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** `cloud-init schema --config-file` on the text: exit status and output. */
export function cloudInitSchema(text: string): { status: number; output: string } {
  requireTool(CLOUD_INIT, 'cloud-init');
  return withFile('user-data', text, (file) => {
    const run = spawnSync(CLOUD_INIT, ['schema', '--config-file', file], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.error) throw run.error;
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}`.replaceAll(file, 'user-data') };
  });
}

/** `ignition-validate` on the config: whether it passes, and its output. */
export function ignitionValidate(config: string): { ok: boolean; output: string } {
  requireTool(IGNITION_VALIDATE, 'ignition');
  return withFile('config.ign', config, (file) => {
    const run = spawnSync(IGNITION_VALIDATE, [file], { encoding: 'utf8', timeout: 30_000 });
    if (run.error) throw run.error;
    return {
      ok: run.status === 0,
      output: `${run.stdout}${run.stderr}`.replaceAll(file, 'config.ign').trim(),
    };
  });
}

/**
 * What cloud-init's own code writes for each `write_files` item: PyYAML (`yaml.safe_load`, as
 * cloud-init reads user data) and cloud-init's `cc_write_files` decoding. Returns
 * path → { content (base64 of the bytes), mode, owner, defer }, plus the loaded `runcmd`,
 * `users`, `hostname`, `fqdn` and `packages`.
 */
export function cloudInitView(text: string): {
  files: Record<string, { content: string; mode: number; owner: string; defer: boolean }>;
  config: Record<string, unknown>;
} {
  requireTool(CLOUD_INIT, 'cloud-init');
  const shebang = readFileSync(CLOUD_INIT, 'utf8').split('\n', 1)[0] ?? '';
  const python = shebang.replace(/^#!\s*/, '').split(/\s+/)[0] ?? '/usr/bin/python3';
  const script = `
import base64, json, sys, yaml
from cloudinit.config.cc_write_files import canonicalize_extraction, decode_perms, extract_contents, DEFAULT_PERMS
config = yaml.safe_load(sys.stdin.read())
files = {}
for item in config.get('write_files', []):
    data = extract_contents(item.get('content', ''), canonicalize_extraction(item.get('encoding')))
    if isinstance(data, str): data = data.encode('utf-8')
    files[item['path']] = {'content': base64.b64encode(data).decode(), 'mode': decode_perms(item.get('permissions'), DEFAULT_PERMS), 'owner': item.get('owner', 'root:root'), 'defer': bool(item.get('defer', False))}
rest = {k: v for k, v in config.items() if k != 'write_files'}
sys.stdout.write(json.dumps({'files': files, 'config': rest}, default=str))
`;
  const run = spawnSync(python, ['-c', script], {
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`cloud-init's write_files decoding failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReturnType<typeof cloudInitView>;
}

/**
 * PyYAML's `safe_load` (a YAML 1.1 reader, as Kubernetes' go-yaml is) of a document, as JSON:
 * an independent check that what kubenode writes reads back the same outside JavaScript.
 */
export function pyYamlLoad(text: string): unknown {
  requireTool('/usr/bin/python3', 'python3-yaml');
  const run = spawnSync(
    '/usr/bin/python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin.read()), sys.stdout)'],
    {
      input: text,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.status !== 0)
    throw new Error(`PyYAML could not read the document (python3-yaml installed?): ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}
