import type { SystemdDropinV1, SystemdUnitV1 } from '../adapter/v1/systemd-unit-v1.js';
import type { OsProxy } from '../node-pool/os-spec-schema.js';
import { systemdQuote } from './systemd-escape.js';

/** The proxy environment variables (upper and lower case, as tools disagree), sorted; empty when no proxy is set. */
export function proxyEnvironment(proxy: OsProxy): Record<string, string> {
  const env: Record<string, string> = {};
  if (proxy.http) {
    env.HTTP_PROXY = proxy.http;
    env.http_proxy = proxy.http;
  }
  if (proxy.https) {
    env.HTTPS_PROXY = proxy.https;
    env.https_proxy = proxy.https;
  }
  if ((proxy.http || proxy.https) && proxy.noProxy.length > 0) {
    const noProxy = proxy.noProxy.join(',');
    env.NO_PROXY = noProxy;
    env.no_proxy = noProxy;
  }
  return env;
}

/** A `[Service]` drop-in setting the proxy environment, or undefined when no proxy is set. */
export function renderProxyDropin(
  proxy: OsProxy,
  name = '50-kubenode-proxy.conf',
): SystemdDropinV1 | undefined {
  const env = proxyEnvironment(proxy);
  const names = Object.keys(env).sort();
  if (names.length === 0) return undefined;
  const lines = names.map((key) => `Environment=${systemdQuote(`${key}=${env[key]}`)}`);
  return { name, contents: `[Service]\n${lines.join('\n')}\n` };
}

/**
 * Proxy drop-ins for the given units (by default containerd and kubelet), as units that only
 * carry drop-ins. Empty when no proxy is set.
 */
export function renderProxyUnits(
  proxy: OsProxy,
  units: readonly string[] = ['containerd.service', 'kubelet.service'],
): SystemdUnitV1[] {
  const dropin = renderProxyDropin(proxy);
  if (!dropin) return [];
  return [...units].sort().map((name) => ({ name, mask: false, dropins: [dropin] }));
}
