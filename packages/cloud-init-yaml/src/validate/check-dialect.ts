import type { CloudConfigIssue } from '../cloud-config-issue.js';
import { formatIssuePath } from '../cloud-config-issue.js';
import { dialectRelease, type CloudInitDialect } from '../cloud-init-dialect.js';
import { dialectFeature, dialectSupports, type DialectFeatureId } from '../dialect-features.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Finds keys and shapes the dialect's cloud-init does not accept yet (see `DIALECT_FEATURES`):
 * each issue names the feature, the release that introduced it and what to write instead.
 */
export function checkDialect(config: unknown, dialect: CloudInitDialect): CloudConfigIssue[] {
  if (!isObject(config)) return [];
  const issues: CloudConfigIssue[] = [];
  const flag = (feature: DialectFeatureId, path: readonly PropertyKey[]) => {
    if (dialectSupports(dialect, feature)) return;
    const entry = dialectFeature(feature);
    const since = entry.since ? `cloud-init ${entry.since}` : 'a cloud-init newer than 22.4';
    issues.push({
      path: formatIssuePath(path),
      severity: 'error',
      rule: 'dialect',
      message: `${entry.description} needs ${since}; cloud-init ${dialectRelease(dialect)} does not accept it. Use ${entry.alternative}.`,
    });
  };
  const checkUser = (user: unknown, path: readonly PropertyKey[]) => {
    if (!isObject(user)) return;
    if (Array.isArray(user.sudo)) flag('users.sudo-list', [...path, 'sudo']);
    if (user.doas !== undefined) flag('users.doas', [...path, 'doas']);
  };
  if (Array.isArray(config.users)) config.users.forEach((user, index) => checkUser(user, ['users', index]));
  checkUser(config.user, ['user']);
  if (Array.isArray(config.write_files)) {
    config.write_files.forEach((file, index) => {
      if (isObject(file) && file.source !== undefined)
        flag('write_files.source', ['write_files', index, 'source']);
    });
  }
  if (isObject(config.ntp)) {
    for (const key of ['peers', 'allow'] as const) {
      if (config.ntp[key] !== undefined) flag('ntp.allow-peers', ['ntp', key]);
    }
  }
  if (Array.isArray(config.packages)) {
    config.packages.forEach((item, index) => {
      if (isObject(item)) flag('packages.manager-lists', ['packages', index]);
    });
  }
  if (config.create_hostname_file !== undefined) flag('create_hostname_file', ['create_hostname_file']);
  return issues;
}
