import { formatJsonPath, type OutputIssueV1, type ProvisioningResultV1 } from '@kubenode/core';
import { readCloudConfig } from 'cloud-init-yaml';
import { validateIgnitionConfig } from 'ignition-config-ts';
import { parse } from 'yaml';
import { CLOUD_CONFIG_ARTIFACT, GARDENLINUX_CLOUD_INIT_DIALECT } from './gardenlinux-cloud-config.js';
import { IGNITION_ARTIFACT } from './gardenlinux-ignition.js';
import { checkOperatingSystemConfigCrd } from './operating-system-config-crd.js';
import { operatingSystemConfigSchema } from './operating-system-config-schema.js';
import { shootPatchSchema } from './shoot-patch-schema.js';

/** The Gardener-mode artifacts. */
export const OPERATING_SYSTEM_CONFIG_ARTIFACT = 'operatingsystemconfig.yaml';
/** The Shoot patch artifact of Gardener mode. */
export const SHOOT_PATCH_ARTIFACT = 'shoot-patch.yaml';

type Issue = OutputIssueV1;

function readYaml(artifact: string, text: string, issues: Issue[]): unknown {
  try {
    return parse(text, { version: '1.1', uniqueKeys: true });
  } catch (error) {
    issues.push({
      artifact,
      path: '(root)',
      message: `not YAML: ${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'}`,
    });
    return undefined;
  }
}

function checkCloudConfig(text: string): Issue[] {
  if (!text.startsWith('#cloud-config\n')) {
    return [
      {
        artifact: CLOUD_CONFIG_ARTIFACT,
        path: '(root)',
        message: 'a #cloud-config must start with the line #cloud-config (cloud-init ignores it otherwise)',
      },
    ];
  }
  return readCloudConfig(text, { dialect: GARDENLINUX_CLOUD_INIT_DIALECT })
    .issues.filter((issue) => issue.severity === 'error')
    .map((issue) => ({
      artifact: CLOUD_CONFIG_ARTIFACT,
      path: issue.path || '(root)',
      message: issue.message,
    }));
}

function checkOperatingSystemConfig(text: string): Issue[] {
  const issues: Issue[] = [];
  const document = readYaml(OPERATING_SYSTEM_CONFIG_ARTIFACT, text, issues);
  if (issues.length > 0) return issues;
  for (const issue of checkOperatingSystemConfigCrd(document))
    issues.push({ artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT, path: issue.path, message: issue.message });
  const parsed = operatingSystemConfigSchema.safeParse(document);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      issues.push({
        artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT,
        path: formatJsonPath(issue.path as (string | number)[]),
        message: issue.message,
      });
    return issues;
  }
  // What the schema cannot say: merge keys unique, filePaths backed by files, b64 data decodable.
  const spec = parsed.data.spec;
  const paths = new Set<string>();
  (spec.files ?? []).forEach((file, index) => {
    if (paths.has(file.path))
      issues.push({
        artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT,
        path: `spec.files[${index}].path`,
        message: `${file.path} is written twice (files merge by path)`,
      });
    paths.add(file.path);
    const inline = file.content.inline;
    if (
      inline?.encoding === 'b64' &&
      Buffer.from(inline.data, 'base64').toString('base64') !== inline.data.replace(/\s/g, '')
    )
      issues.push({
        artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT,
        path: `spec.files[${index}].content.inline.data`,
        message: 'not valid base64 (encoding b64)',
      });
  });
  const names = new Set<string>();
  (spec.units ?? []).forEach((unit, index) => {
    if (names.has(unit.name))
      issues.push({
        artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT,
        path: `spec.units[${index}].name`,
        message: `unit ${unit.name} appears twice (units merge by name)`,
      });
    names.add(unit.name);
    const dropIns = new Set<string>();
    (unit.dropIns ?? []).forEach((dropIn, dropInIndex) => {
      if (dropIns.has(dropIn.name))
        issues.push({
          artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT,
          path: `spec.units[${index}].dropIns[${dropInIndex}].name`,
          message: `drop-in ${dropIn.name} appears twice`,
        });
      dropIns.add(dropIn.name);
    });
    (unit.filePaths ?? []).forEach((path, pathIndex) => {
      if (!paths.has(path))
        issues.push({
          artifact: OPERATING_SYSTEM_CONFIG_ARTIFACT,
          path: `spec.units[${index}].filePaths[${pathIndex}]`,
          message: `${path} has no file in spec.files (Gardener requires one for each file path)`,
        });
    });
  });
  return issues;
}

function checkShootPatch(text: string): Issue[] {
  const issues: Issue[] = [];
  const document = readYaml(SHOOT_PATCH_ARTIFACT, text, issues);
  if (issues.length > 0) return issues;
  const parsed = shootPatchSchema.safeParse(document);
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      issues.push({
        artifact: SHOOT_PATCH_ARTIFACT,
        path: formatJsonPath(issue.path as (string | number)[]),
        message: issue.message,
      });
  return issues;
}

/**
 * Checks rendered Garden Linux output with the rules of each format: a #cloud-config against
 * cloud-init's JSON schema (cloud-init-yaml, the Garden Linux dialect); an Ignition config with
 * ignition-validate's rules; an OperatingSystemConfig against the CRD's OpenAPI schema, the
 * strict model of `types_operatingsystemconfig.go` and Gardener's merge rules; the Shoot patch
 * against its strict model. Pure; warnings of the validators are not reported.
 */
export function validateGardenLinuxOutput(result: ProvisioningResultV1): OutputIssueV1[] {
  const issues: Issue[] = [];
  const byName = new Map(result.artifacts.map((artifact) => [artifact.name, artifact]));
  const userData = [CLOUD_CONFIG_ARTIFACT, IGNITION_ARTIFACT, OPERATING_SYSTEM_CONFIG_ARTIFACT].filter(
    (name) => byName.has(name),
  );
  if (userData.length === 0) {
    return [
      {
        artifact: CLOUD_CONFIG_ARTIFACT,
        path: '(root)',
        message: `missing: Garden Linux output is ${CLOUD_CONFIG_ARTIFACT} (cloud-init), ${IGNITION_ARTIFACT} (Ignition) or ${OPERATING_SYSTEM_CONFIG_ARTIFACT} (Gardener)`,
      },
    ];
  }
  const cloudConfig = byName.get(CLOUD_CONFIG_ARTIFACT);
  if (cloudConfig) issues.push(...checkCloudConfig(cloudConfig.contents));
  const ignition = byName.get(IGNITION_ARTIFACT);
  if (ignition) {
    for (const issue of validateIgnitionConfig(ignition.contents)) {
      if (issue.severity !== 'error') continue;
      issues.push({ artifact: IGNITION_ARTIFACT, path: formatJsonPath(issue.path), message: issue.message });
    }
  }
  const osc = byName.get(OPERATING_SYSTEM_CONFIG_ARTIFACT);
  if (osc) issues.push(...checkOperatingSystemConfig(osc.contents));
  const shoot = byName.get(SHOOT_PATCH_ARTIFACT);
  if (osc && !shoot)
    issues.push({
      artifact: SHOOT_PATCH_ARTIFACT,
      path: '(root)',
      message: 'missing: Gardener mode writes the Shoot patch beside the OperatingSystemConfig',
    });
  if (shoot) issues.push(...checkShootPatch(shoot.contents));
  return issues;
}
