import { stringify } from 'smol-toml';
import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';
import { CONTAINERD_CERTS_DIRECTORY } from './containerd-config.js';

/** The upstream server containerd falls back to for a registry host. */
export function registryServer(host: string): string | undefined {
  if (host === '*') return undefined;
  if (host === 'docker.io') return 'https://registry-1.docker.io';
  return `https://${host}`;
}

/**
 * One `hosts.toml` per registry (sorted), in containerd's `certs.d` layout: `<dir>/<host>/hosts.toml`
 * (`_default` for `*`), each mirror a `[host."<url>"]` table with pull and resolve, tried in the
 * order given, then the upstream server. A mirror URL with a path sets `override_path`.
 */
export function renderRegistryHostsFiles(
  mirrors: Readonly<Record<string, readonly string[]>>,
  options: { directory?: string } = {},
): OsFileV1[] {
  const directory = options.directory ?? CONTAINERD_CERTS_DIRECTORY;
  return Object.keys(mirrors)
    .sort()
    .map((registry) => {
      const hosts: Record<string, Record<string, unknown>> = {};
      for (const mirror of mirrors[registry] ?? []) {
        const entry: Record<string, unknown> = { capabilities: ['pull', 'resolve'] };
        const path = new URL(mirror).pathname;
        if (path !== '/' && path !== '') entry.override_path = true;
        hosts[mirror] = entry;
      }
      const server = registryServer(registry);
      const document = server === undefined ? { host: hosts } : { server, host: hosts };
      const dirName = registry === '*' ? '_default' : registry;
      return osFile(`${directory}/${dirName}/hosts.toml`, stringify(document) + '\n');
    });
}
