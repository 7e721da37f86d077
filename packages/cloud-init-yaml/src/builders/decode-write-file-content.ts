import { gunzipSync } from 'node:zlib';
import type { WriteFile } from '../schema/write-files-schema.js';

/**
 * The bytes cloud-init's write_files module writes for an item: `content` decoded as its
 * `encoding` says (b64/base64; gz/gzip; gz+b64 and the other spellings; text/plain as UTF-8).
 * Useful to check that a file reaches the machine byte for byte.
 *
 * @throws {Error} when gzip content is not gzip.
 */
export function decodeWriteFileContent(item: Pick<WriteFile, 'content' | 'encoding'>): Buffer {
  const content = item.content ?? '';
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const encoding = item.encoding ?? 'text/plain';
  const base64 = ['b64', 'base64', 'gz+base64', 'gzip+base64', 'gz+b64', 'gzip+b64'].includes(encoding);
  const gzip = encoding.startsWith('gz');
  const decoded = base64 ? Buffer.from(raw.toString('latin1'), 'base64') : raw;
  return gzip ? gunzipSync(decoded) : decoded;
}
