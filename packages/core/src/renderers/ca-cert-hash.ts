import { createHash, X509Certificate } from 'node:crypto';

/**
 * The kubeadm discovery pin of a CA certificate: `sha256:` + the hex SHA-256 of the DER
 * SubjectPublicKeyInfo, equal to
 * `openssl x509 -pubkey | openssl pkey -pubin -outform der | sha256sum`.
 */
export function caCertHash(pem: string): string {
  const certificate = new X509Certificate(pem);
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`;
}
