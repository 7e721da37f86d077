import type { IgnitionConfig } from './ignition-config-types.js';
import { formatIgnitionPath } from './ignition-issue.js';
import { isIgnitionSpecVersion, type IgnitionSpecVersion } from './ignition-spec-version.js';
import { IgnitionTranslationError } from './ignition-translation-error.js';
import { readIgnitionConfig } from './parse-ignition-config.js';
import { validateIgnitionConfig } from './validate-ignition-config.js';

/**
 * Translates a config to another 3.x spec version when nothing is lost. Upgrades always succeed
 * (every 3.x spec is a superset of the previous one; null `noProxy` entries, meaningless in any
 * version, are dropped for 3.4.0+). Downgrades succeed when the config uses nothing the target
 * lacks: fields (`kernelArguments` before 3.3.0, `luks` before 3.2.0, `httpHeaders` before
 * 3.1.0, ...) and values (`sha256-` hashes before 3.1.0, `gs://` before 3.2.0, `arn:` before
 * 3.4.0, filesystem format `none` before 3.3.0).
 *
 * @throws {IgnitionTranslationError} naming the first field that has no equivalent in the target.
 */
export function translateIgnitionConfig(config: IgnitionConfig, to: IgnitionSpecVersion): IgnitionConfig {
  const from = config.ignition.version;
  if (!isIgnitionSpecVersion(from)) {
    throw new IgnitionTranslationError({
      path: ['ignition', 'version'],
      from,
      to,
      reason: 'is not a supported source version',
    });
  }
  const candidate = structuredClone(config) as IgnitionConfig;
  candidate.ignition.version = to;
  const proxy = candidate.ignition.proxy;
  if (proxy?.noProxy && proxy.noProxy.some((entry) => entry === null)) {
    proxy.noProxy = proxy.noProxy.filter((entry) => entry !== null);
  }
  const read = readIgnitionConfig(candidate);
  if (!read.ok) {
    const issue = read.issues[0]!;
    throw new IgnitionTranslationError({
      path: issue.path,
      from,
      to,
      reason: `cannot be expressed: ${issue.message}`,
    });
  }
  const unknown = read.parsed.warnings.find((warning) => warning.code === 'unknown-key');
  if (unknown) {
    throw new IgnitionTranslationError({
      path: unknown.path,
      from,
      to,
      reason: `does not exist in spec ${to}`,
    });
  }
  const key = (issue: { code: string; path: readonly (string | number)[] }) =>
    `${issue.code} ${formatIgnitionPath(issue.path)}`;
  const before = new Set(
    validateIgnitionConfig(config, { checkDataContents: false })
      .filter((i) => i.severity === 'error')
      .map(key),
  );
  const introduced = validateIgnitionConfig(read.parsed.config, { checkDataContents: false }).find(
    (issue) => issue.severity === 'error' && !before.has(key(issue)),
  );
  if (introduced) {
    throw new IgnitionTranslationError({
      path: introduced.path,
      from,
      to,
      reason: `is not valid in spec ${to}: ${introduced.message}`,
    });
  }
  return read.parsed.config;
}
