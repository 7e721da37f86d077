import { createHash } from 'node:crypto';
import { MimeMultipartError } from '../errors/mime-multipart-error.js';

/**
 * The part types cloud-init's user-data processor handles (`cloud-init devel make-mime
 * --list-types`, 22.4 and newer).
 */
export const USER_DATA_PART_TYPES = [
  'text/cloud-config',
  'text/cloud-config-archive',
  'text/cloud-config-jsonp',
  'text/cloud-boothook',
  'text/jinja2',
  'text/part-handler',
  'text/upstart-job',
  'text/x-include-once-url',
  'text/x-include-url',
  'text/x-shellscript',
  'text/x-shellscript-per-boot',
  'text/x-shellscript-per-instance',
  'text/x-shellscript-per-once',
] as const;

/** One part of MIME multi-part user data. */
export interface UserDataPart {
  /** One of {@link USER_DATA_PART_TYPES}. */
  readonly contentType: string;
  /** The part's text, exactly as cloud-init receives it. */
  readonly content: string;
  /** The attachment file name (cloud-init names per-instance scripts after it). */
  readonly filename?: string;
}

/** Options of {@link renderMimeMultipart}. */
export interface MimeMultipartOptions {
  /** The boundary; derived from the content when omitted (deterministic). */
  readonly boundary?: string;
}

const SHELL_TYPES = new Set([
  'text/x-shellscript',
  'text/x-shellscript-per-boot',
  'text/x-shellscript-per-instance',
  'text/x-shellscript-per-once',
]);

function checkPart(part: UserDataPart, index: number): void {
  if (!(USER_DATA_PART_TYPES as readonly string[]).includes(part.contentType)) {
    throw new MimeMultipartError(
      `parts[${index}].contentType: '${part.contentType}' is not a type cloud-init handles; expected one of ${USER_DATA_PART_TYPES.join(', ')}`,
    );
  }
  if (SHELL_TYPES.has(part.contentType) && !part.content.startsWith('#!')) {
    throw new MimeMultipartError(
      `parts[${index}].content: a ${part.contentType} part must start with "#!" (cloud-init re-types shell parts without one)`,
    );
  }
  if (part.filename !== undefined && !/^[A-Za-z0-9._+-]{1,128}$/.test(part.filename)) {
    throw new MimeMultipartError(
      `parts[${index}].filename: expected 1-128 characters of A-Z a-z 0-9 . _ + -`,
    );
  }
}

function needsBase64(content: string): boolean {
  // 7bit: ASCII without NUL or bare CR, lines of at most 998 octets (RFC 5322).
  // eslint-disable-next-line no-control-regex
  if (/[^\u0001-\u007f]/.test(content) || /\r(?!\n)/.test(content)) return true;
  return content.split('\n').some((line) => line.length > 998);
}

function base64Lines(content: string): string {
  const encoded = Buffer.from(content, 'utf8').toString('base64');
  return encoded.match(/.{1,76}/g)?.join('\n') ?? '';
}

function partFilename(part: UserDataPart, index: number): string {
  return part.filename ?? `part-${String(index + 1).padStart(3, '0')}`;
}

function defaultBoundary(parts: readonly UserDataPart[]): string {
  const hash = createHash('sha256');
  parts.forEach((part, index) =>
    hash.update(`${part.contentType}\u0000${partFilename(part, index)}\u0000${part.content}\u0000`),
  );
  return `==cloud-init-yaml-${hash.digest('hex').slice(0, 40)}==`;
}

/**
 * MIME multi-part user data, in the form `cloud-init devel make-mime` writes (Python's email
 * package): `multipart/mixed`, each part with its content type, charset and transfer encoding
 * (7bit for ASCII, base64 for anything else) and an attachment file name. Each part's text
 * reaches cloud-init byte for byte, including whether it ends with a newline. The boundary is a
 * hash of the parts unless given, so the output is deterministic.
 *
 * @throws {MimeMultipartError} for an unknown part type, a shell part without "#!", or a boundary that occurs in a part.
 */
export function renderMimeMultipart(
  parts: readonly UserDataPart[],
  options: MimeMultipartOptions = {},
): string {
  if (parts.length === 0) throw new MimeMultipartError('expected at least one part');
  parts.forEach(checkPart);
  const boundary = options.boundary ?? defaultBoundary(parts);
  if (!/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/.test(boundary)) {
    throw new MimeMultipartError('boundary: expected 1-70 characters allowed in a MIME boundary');
  }
  parts.forEach((part, index) => {
    if (part.content.includes(`--${boundary}`)) {
      throw new MimeMultipartError(`parts[${index}].content contains the boundary; choose another boundary`);
    }
  });
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, 'MIME-Version: 1.0', ''];
  parts.forEach((part, index) => {
    const base64 = needsBase64(part.content);
    const filename = partFilename(part, index);
    lines.push(
      `--${boundary}`,
      `Content-Type: ${part.contentType}; charset="${base64 ? 'utf-8' : 'us-ascii'}"`,
      'MIME-Version: 1.0',
      `Content-Transfer-Encoding: ${base64 ? 'base64' : '7bit'}`,
      `Content-Disposition: attachment; filename="${filename}"`,
      '',
      // The line break before the next delimiter belongs to the delimiter (RFC 2046).
      base64 ? base64Lines(part.content) : part.content,
    );
  });
  lines.push(`--${boundary}--`, '');
  return lines.join('\n');
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(header);
  return match ? (match[1] ?? match[2]) : undefined;
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const char = soft[i]!;
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(char, 'utf8'));
  }
  return Buffer.from(bytes);
}

function splitEntity(text: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { headers: parseHeaders(text), body: '' };
  return {
    headers: parseHeaders(text.slice(0, match.index)),
    body: text.slice(match.index + match[0].length),
  };
}

function readEntity(text: string, out: UserDataPart[]): void {
  const { headers, body } = splitEntity(text);
  const contentTypeHeader = headers.get('content-type') ?? 'text/plain';
  const contentType = contentTypeHeader.split(';')[0]!.trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = parameter(contentTypeHeader, 'boundary');
    if (!boundary) throw new MimeMultipartError('a multipart entity has no boundary parameter');
    const delimiter = new RegExp(
      `(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?:\\r?\\n|$)`,
      'g',
    );
    const positions: { start: number; end: number; closing: boolean }[] = [];
    for (let match = delimiter.exec(body); match; match = delimiter.exec(body)) {
      positions.push({ start: match.index, end: match.index + match[0].length, closing: match[1] === '--' });
      if (match[1] === '--') break;
    }
    if (positions.length === 0) throw new MimeMultipartError(`no "--${boundary}" delimiter found`);
    for (let i = 0; i < positions.length; i++) {
      const current = positions[i]!;
      if (current.closing) break;
      const next = positions[i + 1];
      readEntity(body.slice(current.end, next ? next.start : body.length), out);
    }
    return;
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = (parameter(contentTypeHeader, 'charset') ?? 'us-ascii').toLowerCase();
  let content: string;
  if (encoding === 'base64') content = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') content = decodeQuotedPrintable(body).toString('utf8');
  else
    content =
      charset === 'utf-8' || charset === 'us-ascii' ? body : Buffer.from(body, 'latin1').toString('utf8');
  const filename = parameter(headers.get('content-disposition') ?? '', 'filename');
  out.push(filename === undefined ? { contentType, content } : { contentType, content, filename });
}

/**
 * Reads MIME multi-part user data into its parts (nested multiparts flattened, base64 and
 * quoted-printable decoded), as cloud-init's processor sees them.
 *
 * @throws {MimeMultipartError} when the text is not multi-part MIME.
 */
export function parseMimeMultipart(text: string): UserDataPart[] {
  const { headers } = splitEntity(text);
  if (!(headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/')) {
    throw new MimeMultipartError('expected a "Content-Type: multipart/..." header');
  }
  const parts: UserDataPart[] = [];
  readEntity(text, parts);
  return parts;
}
