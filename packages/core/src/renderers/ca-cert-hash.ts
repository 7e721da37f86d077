import { createHash, X509Certificate } from 'node:crypto';

/** Parsing a certificate and exporting its key dominates a render; platforms render many pools per CA. */
const cache = new Map<string, string>();
const CACHE_LIMIT = 64;

/**
 * The kubeadm discovery pin of a CA certificate: `sha256:` + the hex SHA-256 of the DER
 * SubjectPublicKeyInfo, equal to
 * `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum`.
 * Results are memoised per PEM text (a small bounded cache), since the function is pure.
 */
export function caCertHash(pem: string): string {
  const cached = cache.get(pem);
  if (cached !== undefined) return cached;
  const certificate = new X509Certificate(pem);
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  const hash = `sha256:${createHash('sha256').update(spki).digest('hex')}`;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pem, hash);
  return hash;
}
