import { gunzipSync } from 'node:zlib';
import type { ProvisioningArtifactV1 } from '@kubenode/core';
import { parseAllDocuments } from 'yaml';

/** Every text found in a set of artifacts, decoded, for "does the output carry this value" checks. */
export interface Haystack {
  /** Texts: the artifacts, their parsed string values, decoded data URLs, base64 and gzip. */
  readonly texts: readonly string[];
  /** Bytes that decoded to binary (not UTF-8), as latin1 strings, for binary file contents. */
  readonly binaries: readonly string[];
  /** True when any text or binary contains `needle`. */
  includes(needle: string): boolean;
  /** True when any text, with all whitespace removed, contains `needle` (also without whitespace). */
  includesIgnoringWhitespace(needle: string): boolean;
  /** True when any text matches. */
  matches(pattern: RegExp): boolean;
}

const MAX_TEXTS = 4000;
const MAX_DEPTH = 6;
const MAX_PARSE_BYTES = 4 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      collectStrings(item, out);
    }
  }
}

function decodeBytes(bytes: Buffer): { text?: string; binary?: string } {
  let data = bytes;
  if (data.length > 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data);
    } catch {
      return { binary: bytes.toString('latin1') };
    }
  }
  try {
    const text = utf8.decode(data);
    // Text with control characters other than tab and newlines is binary data that happens to be UTF-8.
    return /^[\P{Cc}\t\r\n]*$/u.test(text) ? { text } : { binary: data.toString('latin1') };
  } catch {
    return { binary: data.toString('latin1') };
  }
}

function decodeDataUrl(url: string): { text?: string; binary?: string } | undefined {
  const match = /^data:([^,]*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const meta = match[1] ?? '';
  const payload = match[2] ?? '';
  if (/;base64$/i.test(meta)) return decodeBytes(Buffer.from(payload, 'base64'));
  try {
    return decodeBytes(Buffer.from(decodeURIComponent(payload), 'utf8'));
  } catch {
    return undefined;
  }
}

const BASE64_WHOLE = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64_RUN = /[A-Za-z0-9+/]{20,}={0,2}/g;
const BASE64_BLOCK = /(?:[A-Za-z0-9+/]{16,}={0,2}[ \t]*\r?\n[ \t]*){2,}/g;
const DATA_URL = /data:[A-Za-z0-9.+/;=-]*,[^\s"'<>\\]*/g;

function base64Candidates(text: string): string[] {
  const candidates: string[] = [];
  const trimmed = text.trim();
  if (trimmed.length >= 4 && trimmed.length % 4 === 0 && BASE64_WHOLE.test(trimmed)) candidates.push(trimmed);
  for (const match of text.matchAll(BASE64_RUN)) candidates.push(match[0]);
  for (const match of text.matchAll(BASE64_BLOCK)) candidates.push(match[0].replace(/\s+/g, ''));
  return candidates;
}

/**
 * Decodes artifacts generically, so a conformance check can find a pool's values in any native
 * format: JSON and YAML string values (keys too), `data:` URLs (percent-encoded or base64),
 * base64 runs and blocks (MIME parts, base64 fields), gzip inside either, recursively. Adapters
 * with other encodings add texts through the `decode` probe.
 */
export function artifactHaystack(
  artifacts: readonly ProvisioningArtifactV1[],
  decode?: (artifact: ProvisioningArtifactV1) => readonly string[],
): Haystack {
  const texts = new Set<string>();
  const binaries = new Set<string>();
  const queue: { text: string; depth: number }[] = [];
  const push = (text: string, depth: number) => {
    if (texts.has(text) || texts.size >= MAX_TEXTS) return;
    texts.add(text);
    if (depth < MAX_DEPTH) queue.push({ text, depth });
  };
  for (const artifact of artifacts) {
    push(artifact.contents, 0);
    for (const extra of decode?.(artifact) ?? []) push(extra, 0);
  }
  while (queue.length > 0) {
    const { text, depth } = queue.shift()!;
    const next = depth + 1;
    const strings: string[] = [];
    if (text.length <= MAX_PARSE_BYTES) {
      if (/^\s*[[{]/.test(text)) {
        try {
          collectStrings(JSON.parse(text), strings);
        } catch {
          // not JSON
        }
      }
      if (text.includes('\n') || text.includes(': ')) {
        try {
          for (const document of parseAllDocuments(text, { version: '1.1', uniqueKeys: false })) {
            if (document.errors.length === 0) collectStrings(document.toJS({ maxAliasCount: 100 }), strings);
          }
        } catch {
          // not YAML
        }
      }
    }
    for (const value of strings) push(value, next);
    for (const match of text.matchAll(DATA_URL)) {
      const decoded = decodeDataUrl(match[0]);
      if (decoded?.text !== undefined) push(decoded.text, next);
      if (decoded?.binary !== undefined) binaries.add(decoded.binary);
    }
    if (text.startsWith('data:')) {
      const decoded = decodeDataUrl(text);
      if (decoded?.text !== undefined) push(decoded.text, next);
      if (decoded?.binary !== undefined) binaries.add(decoded.binary);
    }
    for (const candidate of base64Candidates(text)) {
      const decoded = decodeBytes(Buffer.from(candidate, 'base64'));
      if (decoded.text !== undefined) push(decoded.text, next);
      if (decoded.binary !== undefined) binaries.add(decoded.binary);
    }
  }
  const allTexts = [...texts];
  const allBinaries = [...binaries];
  let compact: string[] | undefined;
  return {
    texts: allTexts,
    binaries: allBinaries,
    includes: (needle) =>
      allTexts.some((text) => text.includes(needle)) || allBinaries.some((binary) => binary.includes(needle)),
    includesIgnoringWhitespace: (needle) => {
      compact ??= allTexts.map((text) => text.replace(/\s+/g, ''));
      const target = needle.replace(/\s+/g, '');
      return compact.some((text) => text.includes(target));
    },
    matches: (pattern) => allTexts.some((text) => pattern.test(text)),
  };
}
