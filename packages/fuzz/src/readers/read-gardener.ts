import type { PoolFiles } from './pool-file-paths.js';
import type { UpstreamOracle } from '../upstream/upstream-oracle.js';
import { proxyEnvironmentOf } from './kubeadm-node-files.js';
import type { NodeView, ViewFile, ViewTaint, ViewUnit } from './node-view.js';
import { blankShape, decodeGoBase64 } from './text-formats.js';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Reads Gardener-mode artifacts with PyYAML: the OperatingSystemConfig's files (inline data,
 * plain or `b64` as gardener-node-agent decodes it) and units, and the Shoot patch's worker
 * labels and taints.
 */
export async function readGardener(
  artifacts: ReadonlyMap<string, string>,
  poolPaths: PoolFiles,
  oracle: UpstreamOracle,
): Promise<NodeView> {
  const problems: string[] = [];
  const read = async (name: string) => {
    const text = artifacts.get(name);
    if (text === undefined) return undefined;
    const parsed = await oracle.yaml(text);
    if (parsed.error !== undefined) {
      problems.push(`${name}: PyYAML cannot read it: ${parsed.error}`);
      return undefined;
    }
    return record(parsed.value);
  };
  const osc = (await read('operatingsystemconfig.yaml')) ?? {};
  const shoot = (await read('shoot-patch.yaml')) ?? {};
  const spec = record(osc.spec);
  const files = new Map<string, ViewFile>();
  for (const entry of list(spec.files).map(record)) {
    const path = String(entry.path);
    const inline = record(record(entry.content).inline);
    const data = String(inline.data ?? '');
    const bytes =
      inline.encoding === 'b64'
        ? decodeGoBase64(data)
        : inline.encoding === '' || inline.encoding === undefined
          ? Buffer.from(data, 'utf8')
          : undefined;
    if (bytes === undefined) {
      problems.push(
        `${path}: gardener-node-agent cannot decode its content (encoding ${JSON.stringify(inline.encoding)})`,
      );
      continue;
    }
    files.set(path, { bytes, mode: typeof entry.permissions === 'number' ? entry.permissions : 0o644 });
  }
  const units = new Map<string, ViewUnit>();
  for (const entry of list(spec.units).map(record)) {
    units.set(String(entry.name), {
      ...(typeof entry.content === 'string' ? { contents: entry.content } : {}),
      ...(typeof entry.enable === 'boolean' ? { enabled: entry.enable } : {}),
      dropins: new Map(
        list(entry.dropIns)
          .map(record)
          .map((dropin) => [String(dropin.name), String(dropin.content ?? '')]),
      ),
    });
  }
  const worker = record(list(record(record(shoot.spec).provider).workers)[0]);
  const taints: ViewTaint[] = list(worker.taints).map((taint) => {
    const entry = record(taint);
    return {
      key: entry.key as string,
      ...(entry.value === undefined ? {} : { value: entry.value as string }),
      effect: entry.effect as string,
    };
  });
  // Gardener takes sysctls in the Shoot's worker pool (it writes them to the nodes itself).
  const sysctls = Object.fromEntries(
    Object.entries(record(worker.sysctls)).map(([key, value]) => [key, value as string]),
  );
  // An empty unit file masks the unit (systemd: a zero-size unit file loads as masked).
  for (const [path, file] of files) {
    const masked = /^\/etc\/systemd\/system\/([^/]+)$/.exec(path);
    if (masked && file.bytes.length === 0 && !units.has(masked[1]!)) {
      units.set(masked[1]!, { mask: true, dropins: new Map() });
    }
  }
  return {
    shape: {
      osc: blankShape(
        {
          ...osc,
          spec: {
            ...spec,
            files: list(spec.files).filter((entry) => !poolPaths.has(String(record(entry).path))),
          },
        },
        new Set(['encoding']),
      ),
      shoot: blankShape(shoot),
    },
    files,
    units,
    labels: record(worker.labels) as Record<string, string>,
    taints,
    sysctls,
    proxyEnvironment: Object.fromEntries(
      [...units]
        .filter(([, unit]) => unit.dropins.size > 0)
        .map(([name, unit]) => [name, proxyEnvironmentOf(unit.dropins)]),
    ),
    problems,
  };
}
