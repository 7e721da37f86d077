import type { PoolFiles } from './pool-file-paths.js';
import type { UpstreamOracle } from '../upstream/upstream-oracle.js';
import { proxyEnvironmentOf, readKubeadmNodeFiles } from './kubeadm-node-files.js';
import type { NodeView, ViewFile, ViewUnit, ViewUser } from './node-view.js';
import { blankShape, decodeDataUrl, gunzip } from './text-formats.js';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Keys whose presence depends on the bytes of a file, not on the pool's structure. */
const CONTENT_DEPENDENT = new Set(['compression', 'verification']);

/**
 * Reads an Ignition config (spec 3.x JSON) as Ignition applies it: files from `data:` URLs
 * (percent or base64, gzip), modes (0644 when absent), owners; units with drop-ins; users.
 */
export async function readIgnition(
  text: string,
  poolPaths: PoolFiles,
  oracle: UpstreamOracle,
): Promise<NodeView> {
  const problems: string[] = [];
  const config = record(JSON.parse(text));
  const files = new Map<string, ViewFile>();
  for (const entry of list(record(config.storage).files).map(record)) {
    const path = String(entry.path);
    const contents = record(entry.contents);
    const source = typeof contents.source === 'string' ? contents.source : undefined;
    if (source === undefined || !source.startsWith('data:')) continue;
    let bytes = decodeDataUrl(source);
    if (bytes === undefined) {
      problems.push(`${path}: contents.source is not a valid data URL`);
      continue;
    }
    if (contents.compression === 'gzip') {
      bytes = gunzip(bytes);
      if (bytes === undefined) {
        problems.push(`${path}: compression gzip, but the data is not gzip`);
        continue;
      }
    }
    if (files.has(path)) problems.push(`${path}: written twice`);
    files.set(path, {
      bytes,
      mode: typeof entry.mode === 'number' ? entry.mode : 0o644,
      owner: (record(entry.user).name as string | undefined) ?? 'root',
      group: (record(entry.group).name as string | undefined) ?? 'root',
    });
  }
  const units = new Map<string, ViewUnit>();
  for (const entry of list(record(config.systemd).units).map(record)) {
    const name = String(entry.name);
    if (units.has(name)) problems.push(`unit ${name}: defined twice`);
    units.set(name, {
      ...(typeof entry.contents === 'string' ? { contents: entry.contents } : {}),
      ...(typeof entry.enabled === 'boolean' ? { enabled: entry.enabled } : {}),
      ...(entry.mask === true ? { mask: true } : {}),
      dropins: new Map(
        list(entry.dropins)
          .map(record)
          .map((dropin) => [String(dropin.name), String(dropin.contents ?? '')]),
      ),
    });
  }
  const users = new Map<string, ViewUser>();
  for (const entry of list(record(config.passwd).users).map(record)) {
    users.set(String(entry.name), {
      sshAuthorizedKeys: list(entry.sshAuthorizedKeys).map(String),
      ...(typeof entry.passwordHash === 'string' ? { passwordHash: entry.passwordHash } : {}),
      ...(typeof entry.shell === 'string' ? { shell: entry.shell } : {}),
      groups: list(entry.groups).map(String),
    });
  }
  const node = await readKubeadmNodeFiles(files, poolPaths, oracle);
  const proxyEnvironment = Object.fromEntries(
    [...units]
      .filter(([, unit]) => unit.dropins.size > 0)
      .map(([name, unit]) => [name, proxyEnvironmentOf(unit.dropins)]),
  );
  const poolFileBlanked = {
    ...config,
    storage: {
      ...record(config.storage),
      files: list(record(config.storage).files).filter((entry) => !poolPaths.has(String(record(entry).path))),
    },
  };
  return {
    shape: {
      config: blankShape(poolFileBlanked, CONTENT_DEPENDENT),
      poolFiles: [...poolPaths.keys()].filter((path) => files.has(path)).length,
      unitLines: Object.fromEntries(
        [...units].map(([name, unit]) => [
          name,
          Object.fromEntries([...unit.dropins.keys()].map((d) => [d, true])),
        ]),
      ),
      generated: node.shapes,
    },
    files,
    units,
    users,
    ...(node.labels === undefined ? {} : { labels: node.labels }),
    ...(node.taints === undefined ? {} : { taints: node.taints }),
    ...(node.kubelet === undefined ? {} : { kubelet: node.kubelet }),
    sysctls: node.sysctls,
    mirrors: node.mirrors,
    proxyEnvironment,
    problems: [...problems, ...node.problems],
  };
}
