import { hash as digest } from 'node:crypto';
import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';
import { splitPemBlocks } from '../node-pool/pem.js';

/**
 * One file per extra CA certificate (bundles are split), named by the certificate's SHA-256 so
 * the names do not depend on input order: `<directory>/kubenode-<hash16>.<extension>`.
 * Debian/Ubuntu read `/usr/local/share/ca-certificates/*.crt`; Flatcar `/etc/ssl/certs/*.pem`;
 * both then run `update-ca-certificates`.
 */
export function renderCaCertFiles(
  caCerts: readonly string[],
  options: { directory: string; extension: 'crt' | 'pem' },
): OsFileV1[] {
  const byName = new Map<string, OsFileV1>();
  for (const bundle of caCerts) {
    for (const block of splitPemBlocks(bundle)) {
      const body = `${block.text.trim()}\n`;
      // One-shot hashing: no Hash object per certificate.
      const hash = digest('sha256', body, 'hex').slice(0, 16);
      const path = `${options.directory}/kubenode-${hash}.${options.extension}`;
      byName.set(path, osFile(path, body));
    }
  }
  return [...byName.keys()].sort().map((path) => byName.get(path)!);
}
