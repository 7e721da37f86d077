import { holdsPoolBytes, type PoolFiles } from './pool-file-paths.js';
import type { UpstreamOracle } from '../upstream/upstream-oracle.js';
import type { ViewFile, ViewTaint } from './node-view.js';
import {
  blankShape,
  lineCount,
  parseSysctlConf,
  parseSystemdEnvironment,
  parseUnitFile,
} from './text-formats.js';

/** What the files of a kubeadm node (Ignition or cloud-init) tell about the join and the node settings. */
export interface KubeadmNodeFiles {
  readonly labels?: Record<string, string>;
  readonly taints?: ViewTaint[];
  readonly kubelet?: Record<string, unknown>;
  readonly sysctls: Record<string, string>;
  readonly mirrors: Record<string, string[]>;
  /** Shape of every generated file: parsed YAML documents blanked, other texts by line count. */
  readonly shapes: Record<string, unknown>;
  readonly problems: string[];
}

/** KubeletConfiguration fields the NodePool sets through typed fields (not pass-through). */
const TYPED_KUBELET_FIELDS = new Set([
  'apiVersion',
  'kind',
  'maxPods',
  'clusterDNS',
  'clusterDomain',
  'registerWithTaints',
]);

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function nodeLabels(argument: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (argument === '') return labels;
  for (const pair of argument.split(',')) {
    const equals = pair.indexOf('=');
    labels[equals < 0 ? pair : pair.slice(0, equals)] = equals < 0 ? '' : pair.slice(equals + 1);
  }
  return labels;
}

function kubeletExtraArg(registration: Record<string, unknown>, name: string): string | undefined {
  const args = registration.kubeletExtraArgs;
  if (Array.isArray(args)) {
    const entry = args.map(record).find((item) => item?.name === name);
    return entry === undefined ? undefined : String(entry.value);
  }
  const map = record(args);
  return map?.[name] === undefined ? undefined : String(map[name]);
}

/**
 * Reads the kubeadm join material and node settings from decoded files (paths the pool itself
 * writes are skipped: they hold the pool's bytes, checked separately; so are `poolTexts`, the
 * pool's own unit texts where a format writes them as files). YAML is read by PyYAML
 * (YAML 1.1, as kubeadm's Go reader), TOML by tomllib.
 */
export async function readKubeadmNodeFiles(
  files: ReadonlyMap<string, ViewFile>,
  poolPaths: PoolFiles,
  oracle: UpstreamOracle,
  poolTexts: ReadonlySet<string> = new Set(),
): Promise<KubeadmNodeFiles> {
  const problems: string[] = [];
  const shapes: Record<string, unknown> = {};
  const sysctls: Record<string, string> = {};
  const mirrors: Record<string, string[]> = {};
  let labels: Record<string, string> | undefined;
  let taints: ViewTaint[] | undefined;
  let kubelet: Record<string, unknown> | undefined;
  for (const [path, file] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (holdsPoolBytes(poolPaths, path, file.bytes) || poolTexts.has(path)) continue;
    const text = file.bytes.toString('utf8');
    if (/\.ya?ml$/.test(path)) {
      const parsed = await oracle.yaml(text, { all: true });
      if (parsed.error !== undefined) {
        problems.push(`${path}: PyYAML cannot read it: ${parsed.error}`);
        continue;
      }
      const documents = (parsed.value as unknown[]).filter((document) => document !== null);
      shapes[path] = blankShape(documents);
      for (const document of documents.map(record)) {
        if (document?.kind === 'JoinConfiguration') {
          const registration = record(document.nodeRegistration) ?? {};
          labels = nodeLabels(kubeletExtraArg(registration, 'node-labels') ?? '');
          taints = (Array.isArray(registration.taints) ? registration.taints : []).map((taint) => {
            const entry = record(taint) ?? {};
            return {
              key: entry.key as string,
              ...(entry.value === undefined ? {} : { value: entry.value as string }),
              effect: entry.effect as string,
            };
          });
        } else if (document?.kind === 'KubeletConfiguration') {
          kubelet = Object.fromEntries(
            Object.entries(document).filter(([key]) => !TYPED_KUBELET_FIELDS.has(key)),
          );
        }
      }
      continue;
    }
    shapes[path] = { lines: lineCount(text) };
    if (/^\/etc\/sysctl\.d\/[^/]+\.conf$/.test(path)) Object.assign(sysctls, parseSysctlConf(text));
    const hosts = /^\/etc\/containerd\/certs\.d\/([^/]+)\/hosts\.toml$/.exec(path);
    if (hosts) {
      const parsed = await oracle.toml(text);
      if (parsed.error !== undefined) {
        problems.push(`${path}: tomllib cannot read it: ${parsed.error}`);
        continue;
      }
      const registry = hosts[1] === '_default' ? '*' : hosts[1]!;
      mirrors[registry] = Object.keys(record(record(parsed.value)?.host) ?? {});
      shapes[path] = blankShape(parsed.value);
    }
    if (
      /\.(service|socket|timer|path|mount)\.d\/[^/]+\.conf$|\.(service|socket|timer|path|mount)$/.test(path)
    ) {
      for (const assignment of parseUnitFile(text)) {
        if (assignment.key !== 'Environment') continue;
        for (const problem of parseSystemdEnvironment(assignment.value).problems)
          problems.push(`${path}: Environment= has ${problem}`);
      }
    }
  }
  return {
    ...(labels === undefined ? {} : { labels }),
    ...(taints === undefined ? {} : { taints }),
    ...(kubelet === undefined ? {} : { kubelet }),
    sysctls,
    mirrors,
    shapes,
    problems,
  };
}

/** The proxy environment of systemd drop-ins (unit → variables), from `Environment=` lines. */
export function proxyEnvironmentOf(dropins: ReadonlyMap<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const contents of dropins.values()) {
    for (const assignment of parseUnitFile(contents)) {
      if (assignment.key === 'Environment') Object.assign(env, parseSystemdEnvironment(assignment.value).env);
    }
  }
  return env;
}
