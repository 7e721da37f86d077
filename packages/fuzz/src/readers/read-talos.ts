import type { UpstreamOracle } from '../upstream/upstream-oracle.js';
import type { NodeView, ViewFile, ViewTaint } from './node-view.js';
import { blankShape, readYaml11 } from './text-formats.js';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Reads a Talos machine configuration (multi-document YAML) with PyYAML, as Talos's Go reader
 * resolves it (YAML 1.1 octal permissions): machine files, labels, taints (registerWithTaints),
 * sysctls, the kubelet's extraConfig, registry mirrors and the proxy environment.
 */
export async function readTalos(text: string, oracle: UpstreamOracle): Promise<NodeView> {
  const problems: string[] = [];
  const parsed = await oracle.yaml(text, { all: true });
  if (parsed.error !== undefined)
    return { shape: undefined, problems: [`PyYAML cannot read machine-config.yaml: ${parsed.error}`] };
  const go = readYaml11(text);
  const documents = (parsed.value as unknown[]).map(record);
  if (go.error !== undefined)
    problems.push(`a YAML 1.1 reader (Go semantics) cannot read machine-config.yaml: ${go.error}`);
  else if (JSON.stringify(Array.isArray(go.value) ? go.value : [go.value]) !== JSON.stringify(documents)) {
    problems.push(
      'YAML 1.1 readers disagree on machine-config.yaml (a plain scalar resolves to another type in Go)',
    );
  }
  const config = documents.find((document) => document.version === 'v1alpha1') ?? {};
  const machine = record(config.machine);
  const files = new Map<string, ViewFile>();
  for (const entry of (Array.isArray(machine.files) ? machine.files : []).map(record)) {
    if (typeof entry.content !== 'string')
      problems.push(`machine.files ${String(entry.path)}: content is not a string`);
    files.set(String(entry.path), {
      bytes: Buffer.from(String(entry.content), 'utf8'),
      mode: entry.permissions as number,
    });
  }
  const extraConfig = record(record(machine.kubelet).extraConfig);
  const taints: ViewTaint[] = (
    Array.isArray(extraConfig.registerWithTaints) ? extraConfig.registerWithTaints : []
  ).map((taint) => {
    const entry = record(taint);
    return {
      key: entry.key as string,
      ...(entry.value === undefined ? {} : { value: entry.value as string }),
      effect: entry.effect as string,
    };
  });
  const mirrors: Record<string, string[]> = {};
  const proxy: Record<string, string> = {};
  for (const document of documents) {
    if (document.kind === 'RegistryMirrorConfig') {
      mirrors[String(document.name)] = (Array.isArray(document.endpoints) ? document.endpoints : []).map(
        (endpoint) => String(record(endpoint).url),
      );
    }
    if (document.kind === 'EnvironmentConfig') Object.assign(proxy, record(document.variables));
  }
  return {
    shape: {
      documents: blankShape(
        documents.map((document) =>
          document === config ? { ...config, machine: { ...machine, files: undefined } } : document,
        ),
      ),
      files: files.size,
    },
    files,
    labels: record(machine.nodeLabels) as Record<string, string>,
    taints,
    sysctls: record(machine.sysctls) as Record<string, string>,
    kubelet: Object.fromEntries(
      Object.entries(extraConfig).filter(([key]) => key !== 'maxPods' && key !== 'registerWithTaints'),
    ),
    mirrors,
    proxyEnvironment: { talos: proxy },
    problems,
  };
}
