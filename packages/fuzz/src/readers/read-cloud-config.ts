import type { PoolFiles } from './pool-file-paths.js';
import type { CloudConfigVerdict, UpstreamOracle } from '../upstream/upstream-oracle.js';
import { proxyEnvironmentOf, readKubeadmNodeFiles } from './kubeadm-node-files.js';
import type { NodeView, ViewFile, ViewUnit, ViewUser } from './node-view.js';
import { blankShape } from './text-formats.js';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

const UNIT_FILE = /^\/etc\/systemd\/system\/([^/]+)$/;
const DROPIN_FILE = /^\/etc\/systemd\/system\/([^/]+)\.d\/([^/]+\.conf)$/;

/** Keys of a write_files entry that depend on the file's bytes (the encoding kubenode picks). */
const CONTENT_DEPENDENT = new Set(['encoding']);

/**
 * Reads a cloud-config the way cloud-init does (its own YAML loader, `write_files` decoding and
 * `runcmd` shellification, in the upstream oracle): files, units (files under
 * /etc/systemd/system and the systemctl commands), users, commands and the kubeadm material.
 * Keeps cloud-init's verdict in `schemaError`.
 */
export async function readCloudConfig(
  text: string,
  poolPaths: PoolFiles,
  oracle: UpstreamOracle,
  poolTexts: ReadonlySet<string> = new Set(),
  options: { readonly validate?: boolean } = {},
): Promise<NodeView & { readonly verdict: CloudConfigVerdict }> {
  const verdict = await oracle.cloudConfig(text, options);
  const problems: string[] = [];
  if (verdict.readError !== null)
    problems.push(`cloud-init cannot read the cloud-config: ${verdict.readError.slice(0, 600)}`);
  const config = record(verdict.config);
  const files = new Map<string, ViewFile>();
  for (const file of verdict.files) {
    const existing = files.get(file.path);
    const bytes = file.append && existing ? Buffer.concat([existing.bytes, file.bytes]) : file.bytes;
    files.set(file.path, {
      bytes,
      mode: file.mode,
      owner: file.owner ?? 'root',
      group: file.group ?? 'root',
    });
  }
  const runcmd = Array.isArray(config.runcmd) ? config.runcmd : [];
  const units = new Map<
    string,
    { contents?: string; enabled?: boolean; mask?: boolean; dropins: Map<string, string> }
  >();
  const unit = (name: string) => {
    let entry = units.get(name);
    if (!entry) units.set(name, (entry = { dropins: new Map() }));
    return entry;
  };
  for (const [path, file] of files) {
    const unitMatch = UNIT_FILE.exec(path);
    if (unitMatch) unit(unitMatch[1]!).contents = file.bytes.toString('utf8');
    const dropinMatch = DROPIN_FILE.exec(path);
    if (dropinMatch) unit(dropinMatch[1]!).dropins.set(dropinMatch[2]!, file.bytes.toString('utf8'));
  }
  for (const command of runcmd) {
    // `systemctl ...`, possibly behind a wrapper function (`kubenode_os systemctl ...`).
    const at = Array.isArray(command) ? command.indexOf('systemctl') : -1;
    if (!Array.isArray(command) || at < 0 || at > 1) continue;
    const [verb, ...rest] = command.slice(at + 1).map(String);
    // As systemctl reads its arguments: options until "--", names after it (or any non-option).
    const separator = rest.indexOf('--');
    const names = separator >= 0 ? rest.slice(separator + 1) : rest.filter((arg) => !arg.startsWith('-'));
    for (const name of names) {
      if (verb === 'enable') unit(name).enabled = true;
      else if (verb === 'disable') unit(name).enabled = false;
      else if (verb === 'mask') unit(name).mask = true;
    }
  }
  const users = new Map<string, ViewUser>();
  for (const entry of (Array.isArray(config.users) ? config.users : []).map(record)) {
    if (typeof entry.name !== 'string') continue;
    users.set(entry.name, {
      sshAuthorizedKeys: (Array.isArray(entry.ssh_authorized_keys) ? entry.ssh_authorized_keys : []).map(
        String,
      ),
      ...(typeof entry.hashed_passwd === 'string' ? { passwordHash: entry.hashed_passwd } : {}),
      ...(typeof entry.shell === 'string' ? { shell: entry.shell } : {}),
      groups: Array.isArray(entry.groups)
        ? entry.groups.map(String)
        : typeof entry.groups === 'string'
          ? entry.groups.split(',').map((group) => group.trim())
          : [],
    });
  }
  const node = await readKubeadmNodeFiles(files, poolPaths, oracle, poolTexts);
  const generatedWriteFiles = (Array.isArray(config.write_files) ? config.write_files : []).filter(
    (entry) => !poolPaths.has(String(record(entry).path)) && !poolTexts.has(String(record(entry).path)),
  );
  const scripts = verdict.scripts;
  return {
    verdict,
    shape: {
      config: blankShape({ ...config, write_files: generatedWriteFiles }, CONTENT_DEPENDENT),
      poolFiles: [...poolPaths.keys()].filter((path) => files.has(path)).length,
      runcmd: runcmd.map((command) =>
        typeof command === 'string' ? { shell: command } : blankShape(command),
      ),
      scriptLines: Object.fromEntries(
        Object.entries(scripts).map(([key, script]) => [
          key,
          script === undefined ? 0 : script.split('\n').length,
        ]),
      ),
      generated: node.shapes,
    },
    files,
    units: units as Map<string, ViewUnit>,
    commands: [...(scripts.bootcmd ?? '').split('\n'), ...(scripts.runcmd ?? '').split('\n')].filter(
      (line) => line !== '',
    ),
    users,
    ...(node.labels === undefined ? {} : { labels: node.labels }),
    ...(node.taints === undefined ? {} : { taints: node.taints }),
    ...(node.kubelet === undefined ? {} : { kubelet: node.kubelet }),
    sysctls: node.sysctls,
    mirrors: node.mirrors,
    proxyEnvironment: Object.fromEntries(
      [...units]
        .filter(([, entry]) => entry.dropins.size > 0)
        .map(([name, entry]) => [name, proxyEnvironmentOf(entry.dropins)]),
    ),
    problems: [...problems, ...node.problems],
  };
}
