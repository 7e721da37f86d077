import type { PoolFiles } from './pool-file-paths.js';
import type { UpstreamOracle } from '../upstream/upstream-oracle.js';
import type { NodeView, ViewFile, ViewTaint, ViewUser } from './node-view.js';
import { blankShape, decodeGoBase64, gunzip, lineCount, readYaml11 } from './text-formats.js';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** k3OS's write_files decoding (coreos-cloudinit's DecodeContent): "", b64/base64, gz/gzip, gz+b64 variants. */
function decodeContent(content: string, encoding: string): Buffer | undefined {
  switch (encoding) {
    case '':
      return Buffer.from(content, 'utf8');
    case 'b64':
    case 'base64':
      return decodeGoBase64(content);
    case 'gz':
    case 'gzip':
      return gunzip(Buffer.from(content, 'latin1'));
    case 'gz+base64':
    case 'gzip+base64':
    case 'gz+b64':
    case 'gzip+b64': {
      const bytes = decodeGoBase64(content);
      return bytes === undefined ? undefined : gunzip(bytes);
    }
    default:
      return undefined;
  }
}

function parseTaint(text: string): ViewTaint {
  const colon = text.lastIndexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const effect = colon < 0 ? '' : text.slice(colon + 1);
  const equals = head.indexOf('=');
  return equals < 0
    ? { key: head, effect }
    : { key: head.slice(0, equals), value: head.slice(equals + 1), effect };
}

/**
 * Reads a k3OS config.yaml with PyYAML (YAML 1.1, as k3OS's Go yaml.v2) and checks that the
 * `yaml` library's YAML 1.1 reading agrees (it resolves `y`/`n` as booleans like Go does):
 * files with k3OS's decoding, commands, labels, taints, sysctls, SSH keys and the kubelet file.
 */
export async function readK3os(
  text: string,
  poolPaths: PoolFiles,
  oracle: UpstreamOracle,
  kubeletPath: string,
): Promise<NodeView> {
  const problems: string[] = [];
  const parsed = await oracle.yaml(text);
  if (parsed.error !== undefined)
    return { shape: undefined, problems: [`PyYAML cannot read config.yaml: ${parsed.error}`] };
  const go = readYaml11(text);
  if (go.error !== undefined)
    problems.push(`a YAML 1.1 reader (Go semantics) cannot read config.yaml: ${go.error}`);
  else if (JSON.stringify(go.value) !== JSON.stringify(parsed.value)) {
    problems.push(
      'YAML 1.1 readers disagree on config.yaml (a plain scalar such as y/n resolves to another type in Go)',
    );
  }
  const config = record(parsed.value);
  const k3os = record(config.k3os);
  const files = new Map<string, ViewFile>();
  const writeFiles = Array.isArray(config.write_files) ? config.write_files.map(record) : [];
  for (const entry of writeFiles) {
    const path = String(entry.path);
    const bytes = decodeContent(String(entry.content ?? ''), String(entry.encoding ?? ''));
    if (bytes === undefined) {
      problems.push(`${path}: k3OS cannot decode its content (encoding ${JSON.stringify(entry.encoding)})`);
      continue;
    }
    const [owner = 'root', group = 'root'] = String(entry.owner ?? 'root:root').split(':');
    const permissions = String(entry.permissions ?? '0644');
    files.set(path, { bytes, mode: Number.parseInt(permissions, 8), owner, group });
  }
  const commands = ['init_cmd', 'boot_cmd', 'run_cmd'].flatMap((key) =>
    Array.isArray(config[key]) ? config[key].map(String) : [],
  );
  // k3OS has one login user, rancher, whether or not the config gives it keys or a password.
  const users = new Map<string, ViewUser>([
    [
      'rancher',
      {
        sshAuthorizedKeys: Array.isArray(config.ssh_authorized_keys)
          ? config.ssh_authorized_keys.map(String)
          : [],
        ...(typeof k3os.password === 'string' ? { passwordHash: k3os.password } : {}),
      },
    ],
  ]);
  const strings = (what: string, value: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(record(value)).map(([key, item]) => {
        if (typeof item !== 'string')
          problems.push(`${what} ${key}: read as ${JSON.stringify(item)}, not a string`);
        return [key, String(item)];
      }),
    );
  const labels = strings('k3os.labels', k3os.labels);
  let kubelet: Record<string, unknown> | undefined;
  let kubeletShape: unknown;
  const kubeletFile = files.get(kubeletPath);
  if (kubeletFile && !poolPaths.has(kubeletPath)) {
    const read = await oracle.yaml(kubeletFile.bytes.toString('utf8'));
    if (read.error !== undefined) problems.push(`${kubeletPath}: PyYAML cannot read it: ${read.error}`);
    else {
      // Its structure, not its line count: multi-line kubelet strings are block scalars.
      kubeletShape = blankShape(read.value);
      kubelet = Object.fromEntries(
        Object.entries(record(read.value)).filter(
          ([key]) => !['apiVersion', 'kind', 'maxPods', 'clusterDNS', 'clusterDomain'].includes(key),
        ),
      );
    }
  }
  const mirrors: Record<string, string[]> = {};
  const registries = files.get('/etc/rancher/k3s/registries.yaml');
  if (registries && !poolPaths.has('/etc/rancher/k3s/registries.yaml')) {
    const read = await oracle.yaml(registries.bytes.toString('utf8'));
    if (read.error !== undefined) problems.push(`registries.yaml: PyYAML cannot read it: ${read.error}`);
    for (const [registry, entry] of Object.entries(
      record(record(read.error === undefined ? read.value : undefined).mirrors),
    )) {
      mirrors[registry] = (
        Array.isArray(record(entry).endpoint) ? (record(entry).endpoint as unknown[]) : []
      ).map(String);
    }
  }
  return {
    shape: {
      config: blankShape({
        ...config,
        write_files: writeFiles.filter((entry) => !poolPaths.has(String(entry.path))),
      }),
      commands: commands.length,
      generated: Object.fromEntries(
        [...files]
          .filter(([path]) => !poolPaths.has(path))
          .map(([path, file]) => [
            path,
            path === kubeletPath && kubeletShape !== undefined
              ? kubeletShape
              : lineCount(file.bytes.toString('utf8')),
          ]),
      ),
    },
    files,
    commands,
    users,
    labels,
    taints: (Array.isArray(k3os.taints) ? k3os.taints : []).map((taint) => parseTaint(String(taint))),
    sysctls: strings('k3os.sysctls', k3os.sysctls),
    ...(kubelet === undefined ? {} : { kubelet }),
    mirrors,
    proxyEnvironment: { k3os: strings('k3os.environment', k3os.environment) },
    problems,
  };
}
