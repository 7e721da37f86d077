import type { NodePool } from '@kubenode/core';

/**
 * The secrets in a pool's `spec.adapterOptions.<adapterId>` (the Talos machine token, its
 * secret half, and the cluster secret), for redaction alongside the core's `collectSecrets`.
 */
export function talosSecrets(pool: NodePool, adapterId = 'talos'): string[] {
  const options = pool.spec.adapterOptions[adapterId] as
    { machine?: { token?: unknown }; cluster?: { secret?: unknown } } | undefined;
  const secrets: string[] = [];
  const token = options?.machine?.token;
  if (typeof token === 'string') {
    secrets.push(token);
    const half = token.split('.')[1];
    if (half) secrets.push(half);
  }
  const secret = options?.cluster?.secret;
  if (typeof secret === 'string') secrets.push(secret);
  return secrets.filter((value) => value.length >= 8);
}
