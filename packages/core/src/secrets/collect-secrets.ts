import type { NodePool } from '../node-pool/node-pool-schema.js';

const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g;

/** True when a text holds a PEM or OpenSSH private key. */
export function containsPrivateKey(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text);
}

/** Adapter option names whose string values are secrets (tokens, passwords, keys, credentials). */
const SECRET_OPTION_NAME = /token|secret|password|passphrase|private-?key|privatekey|credential/i;

/** Secrets inside `spec.adapterOptions`: values under secret-sounding names, and private keys anywhere. */
function adapterOptionSecrets(value: unknown, secretName: boolean, into: Set<string>): void {
  if (typeof value === 'string') {
    if (secretName || containsPrivateKey(value)) {
      into.add(value);
      const half = /^[a-z0-9]{6}\.([a-z0-9]{16})$/.exec(value)?.[1];
      if (half) into.add(half);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) adapterOptionSecrets(item, secretName, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      adapterOptionSecrets(child, secretName || SECRET_OPTION_NAME.test(key), into);
    }
  }
}

/**
 * Every secret value in a pool: the bootstrap token and its secret half, password hashes,
 * private keys in file contents, and values under secret-sounding names in
 * `spec.adapterOptions` (e.g. a Talos machine token). Used to prove and enforce that no output meant for humans
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
  adapterOptionSecrets(pool.spec.adapterOptions, false, secrets);
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
