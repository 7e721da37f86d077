import type { NodePool } from '../node-pool/node-pool-schema.js';

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g;

/** True when a text holds a PEM or OpenSSH private key. */
export function containsPrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
}

/**
 * Every secret value in a pool: the bootstrap token and its secret half, password hashes and
 * private keys in file contents. Used to prove and enforce that no output meant for humans
 * (errors, warnings, logs) contains them.
 */
export function collectSecrets(pool: NodePool): string[] {
  const secrets = new Set<string>();
  const token = pool.spec.kubernetes.bootstrapToken;
  secrets.add(token);
  const secretHalf = token.split('.')[1];
  if (secretHalf) secrets.add(secretHalf);
  for (const user of pool.spec.os.users) if (user.passwordHash) secrets.add(user.passwordHash);
  for (const file of pool.spec.os.files) {
    const text =
      file.encoding === 'base64' ? Buffer.from(file.contents, 'base64').toString('latin1') : file.contents;
    for (const match of text.matchAll(PRIVATE_KEY)) secrets.add(match[0]);
    if (containsPrivateKey(text)) secrets.add(file.contents);
  }
  return [...secrets].filter((secret) => secret.length >= 8);
}

/** Replaces every occurrence of the given secrets with `[redacted]`, longest first. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out;
}
