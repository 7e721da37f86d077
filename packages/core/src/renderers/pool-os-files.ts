import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';
import type { NodePool } from '../node-pool/node-pool-schema.js';
import { containsPrivateKey } from '../secrets/collect-secrets.js';

/** The pool's own `spec.os.files` as {@link OsFileV1}s; files holding a private key are flagged secret. */
export function poolOsFiles(pool: NodePool): OsFileV1[] {
  return pool.spec.os.files.map((file) => {
    const text =
      file.encoding === 'base64' ? Buffer.from(file.contents, 'base64').toString('latin1') : file.contents;
    return osFile(file.path, file.contents, {
      encoding: file.encoding,
      mode: file.mode,
      owner: file.owner,
      group: file.group,
      containsSecret: containsPrivateKey(text),
    });
  });
}
