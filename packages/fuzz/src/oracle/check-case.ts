import {
  collectSecrets,
  featureInUse,
  NODE_POOL_FEATURES,
  SpecValidationError,
  UnsupportedFeatureError,
  validateNodePool,
  type DistroAdapterV1,
  type NodePool,
  type NodePoolInput,
  type ProvisioningResultV1,
} from '@kubenode/core';
import type { NodeView } from '../readers/node-view.js';
import type { FuzzSubject, UpstreamJudges } from '../subjects/fuzz-subject.js';
import { benignTwin } from './benign-twin.js';
import { canonicalJson, firstDifference } from './compare.js';
import { resolveField } from './resolve-field.js';

/** How a generated case ended, and what was wrong with it. */
export interface CaseReport {
  readonly outcome: 'rendered' | 'refused:spec' | 'refused:unsupported' | 'crashed' | 'generator';
  readonly problems: readonly string[];
  /** Upstream judges that looked at the output. */
  readonly judges: readonly string[];
}

/** Every text of an error a user or a log could see. */
export function errorTexts(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const texts = [error.message, String(error)];
  if (SpecValidationError.isInstance(error))
    for (const issue of error.issues) texts.push(issue.message, issue.path.join('.'));
  if (UnsupportedFeatureError.isInstance(error)) texts.push(error.field, error.alternative);
  return texts;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const stack = (error.stack ?? '').split('\n').slice(1, 6).join('\n');
  return `${error.name}: ${error.message}\n${stack}`;
}

function leaked(texts: readonly string[], secrets: readonly string[]): boolean {
  return texts.some((text) => secrets.some((secret) => text.includes(secret)));
}

/** The secrets of a pool: the core's (token, its secret half, password hashes, private keys) and the subject's. */
export function secretsOf(subject: FuzzSubject, pool: NodePool): string[] {
  return [...collectSecrets(pool), ...(subject.secretsOf?.(pool) ?? [])];
}

/**
 * Checks a refusal: only SpecValidationError or UnsupportedFeatureError, naming a field that
 * exists in the pool, without secrets, and never for a feature the adapter declares supported
 * without restrictions.
 */
export function checkRefusal(
  error: unknown,
  pool: NodePool,
  adapter: DistroAdapterV1,
  secrets: readonly string[],
): CaseReport {
  const problems: string[] = [];
  if (leaked(errorTexts(error), secrets)) problems.push('the error contains a secret');
  if (SpecValidationError.isInstance(error)) {
    if (error.issues.length === 0) problems.push('a SpecValidationError without issues');
    for (const issue of error.issues) {
      const path = issue.path.map(String);
      if (path.length === 0 || (path[0] !== 'spec' && path[0] !== 'metadata')) {
        problems.push(
          `SpecValidationError issue names no field of the pool: ${JSON.stringify(issue.path)}: ${issue.message}`,
        );
      } else if (
        path[1] !== 'adapterOptions' &&
        !resolveField(pool, path.join('.')).found &&
        !resolveField(pool, path.slice(0, -1).join('.')).found
      ) {
        problems.push(
          `SpecValidationError names ${path.join('.')}, which the pool does not have: ${issue.message}`,
        );
      }
    }
    return { outcome: 'refused:spec', problems, judges: [] };
  }
  if (UnsupportedFeatureError.isInstance(error)) {
    if (!error.field.startsWith('spec'))
      problems.push(`UnsupportedFeatureError field '${error.field}' is not a NodePool path`);
    else if (
      !resolveField(pool, error.field).found &&
      !NODE_POOL_FEATURES.some((feature) => error.field === `spec.${feature}`)
    ) {
      problems.push(`UnsupportedFeatureError names ${error.field}, which the pool does not have`);
    }
    if (error.distro !== adapter.id)
      problems.push(`UnsupportedFeatureError names distro '${error.distro}', not '${adapter.id}'`);
    const feature = NODE_POOL_FEATURES.find((candidate) => error.field === `spec.${candidate}`);
    const support = feature ? adapter.capabilities.features[feature] : undefined;
    if (feature && support && support.level !== 'unsupported' && support.restrictions === undefined) {
      problems.push(
        `refuses ${feature} as a whole, but the capabilities declare it supported (${support.level}): ${error.message}`,
      );
    }
    return { outcome: 'refused:unsupported', problems, judges: [] };
  }
  return {
    outcome: 'crashed',
    problems: [`provision() crashed instead of refusing with a typed error: ${describeError(error)}`],
    judges: [],
  };
}

function expectedBytes(file: NodePool['spec']['os']['files'][number]): Buffer {
  return file.encoding === 'base64'
    ? Buffer.from(file.contents, 'base64')
    : Buffer.from(file.contents, 'utf8');
}

function showBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}

/** The values a node must receive for the features the pool uses, compared with what the readers found. */
export function checkValues(
  subject: FuzzSubject,
  pool: NodePool,
  view: NodeView,
  result: ProvisioningResultV1,
  secrets: readonly string[],
): string[] {
  const problems: string[] = [];
  const { kubernetes, runtime, os } = pool.spec;
  const { carries } = subject;
  // A pool file that replaces a file kubenode generates (adapters document that pool files win)
  // takes the values kubenode would have written there with it.
  const replaced = os.files
    .filter((file) => view.files?.get(file.path)?.bytes.equals(expectedBytes(file)))
    .map((file) => file.path);
  const joinReplaced = replaced.some((path) => /kubeadm/.test(path));
  const sysctlsReplaced = replaced.some((path) => path.startsWith('/etc/sysctl.d/'));
  if (os.files.length > 0 && view.files) {
    for (const file of os.files) {
      const got = view.files.get(file.path);
      if (!got) {
        problems.push(`pool file ${JSON.stringify(file.path)} is not written`);
        continue;
      }
      const want = expectedBytes(file);
      if (!got.bytes.equals(want))
        problems.push(
          `pool file ${JSON.stringify(file.path)}: the node gets ${showBytes(got.bytes)}, not ${showBytes(want)}`,
        );
      if (carries.fileModes && got.mode !== file.mode)
        problems.push(
          `pool file ${JSON.stringify(file.path)}: mode ${got.mode?.toString(8)}, not ${file.mode.toString(8)}`,
        );
      if (carries.fileOwners && (got.owner !== file.owner || got.group !== file.group)) {
        problems.push(
          `pool file ${JSON.stringify(file.path)}: owner ${got.owner}:${got.group}, not ${file.owner}:${file.group}`,
        );
      }
    }
  }
  if (view.files) {
    for (const [path, file] of view.files) {
      const holdsSecret = secrets.some((secret) => file.bytes.includes(Buffer.from(secret, 'utf8')));
      if (holdsSecret && file.mode !== undefined && (file.mode & 0o077) !== 0) {
        const own = os.files.find((candidate) => candidate.path === path);
        if (!own || own.mode !== file.mode)
          problems.push(
            `${JSON.stringify(path)} holds a secret but is mode ${file.mode.toString(8)}, not 0600`,
          );
      }
      if (
        holdsSecret &&
        !result.artifacts.some((artifact) => artifact.containsSecrets && artifact.role === 'user-data')
      ) {
        problems.push(
          `${JSON.stringify(path)} holds a secret but no user-data artifact says containsSecrets`,
        );
      }
    }
  }
  if (os.units.length > 0 && view.units) {
    for (const unit of os.units) {
      const got = view.units.get(unit.name);
      // A unit that asks for nothing (no contents, drop-ins, enablement or mask) leaves no trace.
      const asks =
        unit.contents !== undefined || unit.dropins.length > 0 || unit.enabled !== undefined || unit.mask;
      if (!got) {
        if (asks) problems.push(`pool unit ${unit.name} is missing`);
        continue;
      }
      if (unit.contents !== undefined && got.contents !== unit.contents)
        problems.push(
          `pool unit ${unit.name}: contents differ (${JSON.stringify(got.contents?.slice(0, 80))})`,
        );
      // systemd loads no drop-in of a masked unit: a format may leave them out.
      for (const dropin of unit.mask ? [] : unit.dropins) {
        if (got.dropins.get(dropin.name) !== dropin.contents)
          problems.push(`pool unit ${unit.name}: drop-in ${dropin.name} differs`);
      }
      if (unit.enabled !== undefined && !unit.mask && got.enabled !== unit.enabled)
        problems.push(`pool unit ${unit.name}: enabled ${got.enabled}, not ${unit.enabled}`);
      if (unit.mask && got.mask !== true) problems.push(`pool unit ${unit.name}: not masked`);
      if (unit.mask && got.enabled === true)
        problems.push(`pool unit ${unit.name}: masked, but the output enables it too`);
    }
  }
  if (os.users.length > 0 && view.users) {
    for (const user of os.users) {
      const got = view.users.get(user.name);
      if (!got) {
        problems.push(`pool user ${user.name} is missing`);
        continue;
      }
      for (const key of user.sshAuthorizedKeys) {
        if (!got.sshAuthorizedKeys.includes(key))
          problems.push(
            `pool user ${user.name}: SSH key ${JSON.stringify(key.slice(-40))} missing or altered`,
          );
      }
      if (user.passwordHash !== undefined && got.passwordHash !== user.passwordHash)
        problems.push(`pool user ${user.name}: password hash altered`);
      if (user.shell !== undefined && got.shell !== user.shell)
        problems.push(
          `pool user ${user.name}: shell ${JSON.stringify(got.shell)}, not ${JSON.stringify(user.shell)}`,
        );
      for (const group of user.groups)
        if (!got.groups?.includes(group)) problems.push(`pool user ${user.name}: group ${group} missing`);
    }
  }
  if (featureInUse(pool, 'kubernetes.nodeLabels') && !joinReplaced) {
    if (!view.labels) problems.push('node labels are nowhere in the output');
    else {
      for (const [key, value] of Object.entries(kubernetes.nodeLabels)) {
        if (view.labels[key] !== value)
          problems.push(
            `label ${key}: the node registers ${JSON.stringify(view.labels[key])}, not ${JSON.stringify(value)}`,
          );
      }
    }
  }
  if (featureInUse(pool, 'kubernetes.nodeTaints') && !joinReplaced) {
    const want = canonicalJson(
      kubernetes.nodeTaints
        .map((taint) => ({
          key: taint.key,
          ...(taint.value === undefined || taint.value === '' ? {} : { value: taint.value }),
          effect: taint.effect,
        }))
        .sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b))),
    );
    const got = canonicalJson(
      (view.taints ?? [])
        .map((taint) => ({
          key: taint.key,
          ...(taint.value === undefined || taint.value === '' ? {} : { value: taint.value }),
          effect: taint.effect,
        }))
        .sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b))),
    );
    if (want !== got) problems.push(`taints: the node registers ${got}, not ${want}`);
  }
  if (featureInUse(pool, 'os.sysctls') && !sysctlsReplaced) {
    if (!view.sysctls) problems.push('sysctls are nowhere in the output');
    else {
      for (const [key, value] of Object.entries(os.sysctls)) {
        if (view.sysctls[key] !== value)
          problems.push(
            `sysctl ${key}: the node gets ${JSON.stringify(view.sysctls[key])}, not ${JSON.stringify(value)}`,
          );
      }
    }
  }
  if (featureInUse(pool, 'kubernetes.kubelet') && carries.kubeletPassThrough && !joinReplaced) {
    if (!view.kubelet) problems.push('kubelet fields are nowhere in the output');
    else {
      for (const [key, value] of Object.entries(kubernetes.kubelet)) {
        if (canonicalJson(view.kubelet[key]) !== canonicalJson(value)) {
          problems.push(`kubelet field ${key}: ${firstDifference(view.kubelet[key], value)}`);
        }
      }
    }
  }
  if (featureInUse(pool, 'runtime.registryMirrors') && view.mirrors) {
    for (const [registry, mirrors] of Object.entries(runtime.registryMirrors)) {
      const want = [...new Set(mirrors)];
      if (canonicalJson(view.mirrors[registry]) !== canonicalJson(want)) {
        problems.push(
          `mirrors of ${registry}: ${JSON.stringify(view.mirrors[registry])}, not ${JSON.stringify(want)}`,
        );
      }
    }
  }
  if (
    featureInUse(pool, 'os.proxy') &&
    view.proxyEnvironment &&
    (os.proxy.http !== null || os.proxy.https !== null)
  ) {
    const maps = Object.values(view.proxyEnvironment);
    let carried = false;
    for (const env of maps) {
      for (const [key, value] of Object.entries(env)) {
        const want = /^(HTTP_PROXY|http_proxy|http)$/.test(key)
          ? os.proxy.http
          : /^(HTTPS_PROXY|https_proxy|https)$/.test(key)
            ? os.proxy.https
            : /^(NO_PROXY|no_proxy)$/.test(key)
              ? os.proxy.noProxy.join(',')
              : undefined;
        if (want === undefined) continue;
        carried = true;
        if (value !== want)
          problems.push(`proxy variable ${key}: ${JSON.stringify(value)}, not ${JSON.stringify(want)}`);
      }
    }
    if (!carried) problems.push('the proxy is nowhere in the output');
  }
  return problems;
}

/** Options of {@link checkValidCase}. */
export interface CheckOptions {
  /** Also render and read the benign twin and compare structures (default true). */
  readonly twin?: boolean;
  /**
   * Run the upstream validators that cost a process or a schema walk per document
   * (ignition-validate, cloud-init's schema) on this case (default true). The upstream readers
   * (cloud-init's YAML loader and write_files decoding, PyYAML, tomllib) read every case.
   */
  readonly upstream?: boolean;
}

/**
 * The property for one valid-by-construction pool: it renders output every judge accepts, whose
 * values read back as given and whose structure equals its benign twin's, or it is refused with
 * a typed error naming the field. Anything else is a problem.
 */
export async function checkValidCase(
  subject: FuzzSubject,
  input: NodePoolInput,
  judges: UpstreamJudges,
  options: CheckOptions = {},
): Promise<CaseReport> {
  let pool: NodePool;
  try {
    pool = validateNodePool(input);
  } catch (error) {
    return {
      outcome: 'generator',
      problems: [`the generator made a pool the schema refuses (fix the arbitrary): ${describeError(error)}`],
      judges: [],
    };
  }
  const adapter = subject.create();
  const secrets = secretsOf(subject, pool);
  let result: ProvisioningResultV1;
  try {
    result = adapter.provision(pool);
  } catch (error) {
    return checkRefusal(error, pool, adapter, secrets);
  }
  const problems: string[] = [];
  for (const feature of NODE_POOL_FEATURES) {
    if (featureInUse(pool, feature) && adapter.capabilities.features[feature].level === 'unsupported') {
      problems.push(`renders ${feature}, which the capabilities declare unsupported`);
    }
  }
  let issues;
  try {
    issues = adapter.validate(result);
  } catch (error) {
    issues = [{ artifact: '-', path: '-', message: `validate() crashed: ${describeError(error)}` }];
  }
  for (const issue of issues)
    problems.push(
      `the adapter's own validate() rejects its output: ${issue.artifact} ${issue.path}: ${issue.message}`,
    );
  if (
    leaked(
      issues.map((issue) => `${issue.path} ${issue.message}`),
      secrets,
    )
  )
    problems.push('validate() issues contain a secret');
  if (
    leaked(
      result.warnings.map((warning) => `${warning.code} ${warning.path ?? ''} ${warning.message}`),
      secrets,
    )
  )
    problems.push('a warning contains a secret');
  for (const artifact of result.artifacts) {
    if (!artifact.containsSecrets && secrets.some((secret) => artifact.contents.includes(secret))) {
      problems.push(`artifact ${artifact.name} holds a secret but says containsSecrets: false`);
    }
  }
  const read = await subject.read(result, pool, judges, { upstream: options.upstream !== false });
  problems.push(...read.rejections, ...read.view.problems.map((problem) => `reader: ${problem}`));
  if (read.view.shape !== undefined) problems.push(...checkValues(subject, pool, read.view, result, secrets));
  if (options.twin !== false && read.view.shape !== undefined) {
    const twinInput = benignTwin(input, subject.twin);
    let twinPool: NodePool | undefined;
    try {
      twinPool = validateNodePool(twinInput);
    } catch (error) {
      problems.push(`the benign twin is not a valid pool (fix benignTwin): ${describeError(error)}`);
    }
    if (twinPool) {
      let twinResult: ProvisioningResultV1 | undefined;
      try {
        twinResult = subject.create().provision(twinPool);
      } catch (error) {
        problems.push(
          `the pool renders, but its benign twin (same structure, harmless text) is refused: ${describeError(error)}`,
        );
      }
      if (twinResult) {
        const twin = await subject.read(twinResult, twinPool, judges, { upstream: false });
        const difference = firstDifference(read.view.shape, twin.view.shape);
        if (difference !== undefined) {
          problems.push(
            `hostile text changed the output's structure (an injected key, line, command or unit?): ${difference}`,
          );
        }
      }
    }
  }
  return { outcome: 'rendered', problems, judges: read.judges };
}
