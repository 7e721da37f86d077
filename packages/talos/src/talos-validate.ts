import { createHash } from 'node:crypto';
import { checkPemCertificates, type OutputIssueV1, type ProvisioningResultV1 } from '@kubenode/core';
import { z } from 'zod';
import { validateTalosDocument } from './talos-config-schema.js';
import { TALOS_PROTECTED_KUBELET_FIELDS } from './talos-machine-config.js';
import { TALOS_MACHINE_CONFIG_ARTIFACT, TALOS_SCHEMATIC_ARTIFACT } from './talos-provision.js';
import { TALOS_CRI_CUSTOMIZATION_PATH } from './talos-runtime.js';
import { marshalSchematic, type TalosSchematic } from './talos-schematic.js';
import { parseTalosDocuments } from './talos-yaml.js';

const TOKEN = /^[a-z0-9]{6}\.[a-z0-9]{16}$/;

/** Documents that may appear once, and documents that may appear once per name. */
const SINGLETON_KINDS = new Set(['HostnameConfig', 'TimeSyncConfig']);
const NAMED_KINDS = new Set(['RegistryMirrorConfig', 'TrustedRootsConfig', 'VolumeConfig']);

const schematicSchema = z.strictObject({
  overlay: z.strictObject({ image: z.string(), name: z.string() }).optional(),
  customization: z.strictObject({
    extraKernelArgs: z.array(z.string()).optional(),
    systemExtensions: z.strictObject({ officialExtensions: z.array(z.string()).optional() }).optional(),
    secureboot: z.strictObject({ includeWellKnownCertificates: z.boolean().optional() }).optional(),
  }),
});

function dotted(index: number, pointer: string): string {
  const path = pointer
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) =>
      /^\d+$/.test(segment) ? `[${segment}]` : `.${segment.replaceAll('~1', '/').replaceAll('~0', '~')}`,
    )
    .join('');
  return `[${index}]${path}`;
}

function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path)
    current =
      current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  return current;
}

function certificateProblem(base64: unknown): string | undefined {
  if (typeof base64 !== 'string' || base64 === '') return 'expected a base64-encoded PEM certificate';
  return checkPemCertificates(Buffer.from(base64, 'base64').toString('utf8'), { single: true });
}

/** Talos's own rules for a worker's `v1alpha1` document beyond the schema (`v1alpha1_validation.go`). */
function workerRules(config: unknown, issue: (path: string, message: string) => void): void {
  if (get(config, 'machine', 'type') !== 'worker') issue('[0].machine.type', "expected 'worker'");
  if (
    typeof get(config, 'machine', 'token') !== 'string' ||
    !TOKEN.test(get(config, 'machine', 'token') as string)
  ) {
    issue('[0].machine.token', 'expected a Talos machine token ([a-z0-9]{6}.[a-z0-9]{16})');
  }
  const machineCa = certificateProblem(get(config, 'machine', 'ca', 'crt'));
  if (machineCa) issue('[0].machine.ca.crt', `trusted CA certificates are required on workers: ${machineCa}`);
  if (get(config, 'machine', 'ca', 'key'))
    issue('[0].machine.ca.key', 'the Talos API CA key is not allowed on worker nodes');
  const clusterCa = certificateProblem(get(config, 'cluster', 'ca', 'crt'));
  if (clusterCa) issue('[0].cluster.ca.crt', clusterCa);
  if (get(config, 'cluster', 'ca', 'key'))
    issue('[0].cluster.ca.key', 'the Kubernetes CA key is not allowed on worker nodes');
  if (
    typeof get(config, 'cluster', 'token') !== 'string' ||
    !TOKEN.test(get(config, 'cluster', 'token') as string)
  ) {
    issue('[0].cluster.token', 'expected a Kubernetes bootstrap token ([a-z0-9]{6}.[a-z0-9]{16})');
  }
  if (
    typeof get(config, 'cluster', 'id') !== 'string' ||
    typeof get(config, 'cluster', 'secret') !== 'string'
  ) {
    issue('[0].cluster', 'expected cluster.id and cluster.secret');
  }
  const extraConfig = get(config, 'machine', 'kubelet', 'extraConfig');
  if (extraConfig !== null && typeof extraConfig === 'object') {
    for (const field of TALOS_PROTECTED_KUBELET_FIELDS) {
      if (field in extraConfig)
        issue(`[0].machine.kubelet.extraConfig.${field}`, `Talos does not allow overriding ${field}`);
    }
  }
  const files = get(config, 'machine', 'files');
  if (Array.isArray(files)) {
    files.forEach((file, index) => {
      const path = get(file, 'path');
      if (
        get(file, 'op') === 'create' &&
        typeof path === 'string' &&
        !path.startsWith('/var/') &&
        path !== TALOS_CRI_CUSTOMIZATION_PATH
      ) {
        issue(`[0].machine.files[${index}].path`, 'create operation not allowed outside of /var');
      }
    });
  }
}

function validateSchematic(
  artifact: ProvisioningResultV1['artifacts'][number],
  installImage: unknown,
  issue: (artifact: string, path: string, message: string) => void,
): void {
  const [document, ...rest] = parseTalosDocuments(artifact.contents);
  if (!document || document.errors.length > 0 || rest.length > 0) {
    issue(
      artifact.name,
      '',
      `expected one YAML document${document?.errors.length ? ` (${document.errors.join('; ')})` : ''}`,
    );
    return;
  }
  const parsed = schematicSchema.safeParse(document.value);
  if (!parsed.success) {
    for (const problem of parsed.error.issues) issue(artifact.name, problem.path.join('.'), problem.message);
    return;
  }
  let canonical: string;
  try {
    canonical = marshalSchematic(parsed.data as TalosSchematic);
  } catch (error) {
    issue(artifact.name, '', error instanceof Error ? error.message : 'not encodable');
    return;
  }
  if (canonical !== artifact.contents) {
    issue(
      artifact.name,
      '',
      "not in the Image Factory's canonical form: the factory would compute a different schematic ID",
    );
  }
  const id = createHash('sha256').update(artifact.contents).digest('hex');
  if (typeof installImage === 'string' && !installImage.includes(`/${id}:`)) {
    issue(
      TALOS_MACHINE_CONFIG_ARTIFACT,
      '[0].machine.install.image',
      `does not name the schematic ID ${id} of ${artifact.name}`,
    );
  }
}

/**
 * Checks rendered Talos output: every YAML document of the machine configuration against the
 * vendored Talos 1.13 JSON Schema (by kind), Talos's worker rules (no CA keys, tokens, no
 * managed kubelet fields, files created only below /var), at most one document of each singleton
 * kind, and the schematic's canonical form and ID against the installer image. Pure; issues
 * never quote configuration values.
 */
export function validateTalosOutput(result: ProvisioningResultV1): OutputIssueV1[] {
  const issues: OutputIssueV1[] = [];
  const add = (artifact: string, path: string, message: string) => issues.push({ artifact, path, message });
  const config = result.artifacts.find((artifact) => artifact.name === TALOS_MACHINE_CONFIG_ARTIFACT);
  if (!config) {
    add(
      TALOS_MACHINE_CONFIG_ARTIFACT,
      '',
      'missing: the machine configuration is what a Talos machine boots with',
    );
    return issues;
  }
  const documents = parseTalosDocuments(config.contents);
  const seen = new Set<string>();
  documents.forEach((document, index) => {
    if (document.errors.length > 0) {
      add(config.name, `[${index}]`, `not valid YAML: ${document.errors.join('; ')}`);
      return;
    }
    for (const problem of validateTalosDocument(document.value)) {
      add(config.name, dotted(index, problem.pointer), problem.message);
    }
    const kind = get(document.value, 'kind');
    if (index === 0) {
      if (get(document.value, 'version') !== 'v1alpha1' || kind !== undefined) {
        add(config.name, '[0]', 'expected the v1alpha1 document first');
      } else {
        workerRules(document.value, (path, message) => add(config.name, path, message));
      }
    } else if (typeof kind === 'string') {
      const key = SINGLETON_KINDS.has(kind)
        ? kind
        : NAMED_KINDS.has(kind)
          ? `${kind}/${String(get(document.value, 'name'))}`
          : undefined;
      if (key !== undefined) {
        if (seen.has(key)) add(config.name, `[${index}]`, `${key} appears twice`);
        seen.add(key);
      }
    }
  });
  if (documents.length === 0) add(config.name, '', 'no documents');
  const schematic = result.artifacts.find((artifact) => artifact.name === TALOS_SCHEMATIC_ARTIFACT);
  if (schematic) {
    validateSchematic(schematic, get(documents[0]?.value, 'machine', 'install', 'image'), add);
  }
  return issues;
}
