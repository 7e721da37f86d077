import type { UpstreamOracle } from '../upstream/upstream-oracle.js';
import type { NodeView, ViewTaint, ViewUser } from './node-view.js';
import { blankShape } from './text-formats.js';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Reads Bottlerocket user data with Python's tomllib: labels, taints (`key → ["value:Effect"]`),
 * sysctls, mirrors, the admin container's SSH keys and the proxy.
 */
export async function readBottlerocket(text: string, oracle: UpstreamOracle): Promise<NodeView> {
  const problems: string[] = [];
  const parsed = await oracle.toml(text);
  if (parsed.error !== undefined)
    return { shape: undefined, problems: [`tomllib cannot read user-data.toml: ${parsed.error}`] };
  const settings = record(record(parsed.value).settings);
  const kubernetes = record(settings.kubernetes);
  const taints: ViewTaint[] = [];
  for (const [key, values] of Object.entries(record(kubernetes['node-taints']))) {
    for (const value of Array.isArray(values) ? values.map(String) : []) {
      const colon = value.lastIndexOf(':');
      const taintValue = value.slice(0, colon);
      taints.push({
        key,
        ...(taintValue === '' ? {} : { value: taintValue }),
        effect: value.slice(colon + 1),
      });
    }
  }
  const users = new Map<string, ViewUser>();
  const admin = record(record(settings['host-containers']).admin);
  if (typeof admin['user-data'] === 'string') {
    try {
      const data = record(JSON.parse(Buffer.from(admin['user-data'], 'base64').toString('utf8')));
      users.set('ec2-user', {
        sshAuthorizedKeys: (record(data.ssh)['authorized-keys'] as string[] | undefined) ?? [],
      });
    } catch {
      problems.push('settings.host-containers.admin.user-data is not base64 JSON');
    }
  }
  const mirrors: Record<string, string[]> = {};
  for (const entry of (Array.isArray(record(settings['container-registry']).mirrors)
    ? (record(settings['container-registry']).mirrors as unknown[])
    : []
  ).map(record)) {
    mirrors[String(entry.registry)] = Array.isArray(entry.endpoint) ? entry.endpoint.map(String) : [];
  }
  const network = record(settings.network);
  return {
    shape: { settings: blankShape(settings) },
    users,
    labels: record(kubernetes['node-labels']) as Record<string, string>,
    taints,
    sysctls: record(record(settings.kernel).sysctl) as Record<string, string>,
    mirrors,
    proxyEnvironment: {
      bottlerocket: typeof network['https-proxy'] === 'string' ? { https: network['https-proxy'] } : {},
    },
    problems,
  };
}
