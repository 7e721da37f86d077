import { X509Certificate } from 'node:crypto';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/g;

/** One PEM block found in a text. */
export interface PemBlock {
  /** The label between BEGIN and END, e.g. `CERTIFICATE`. */
  readonly label: string;
  /** The whole block text, BEGIN to END lines included. */
  readonly text: string;
}

/** Splits text into PEM blocks; text outside blocks is ignored. */
export function splitPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    blocks.push({ label: match[1] ?? '', text: match[0] });
  }
  return blocks;
}

/**
 * Checks that a text is one or more PEM X.509 certificates (and nothing but certificates);
 * returns an explanation when it is not. Never echoes the input.
 */
export function checkPemCertificates(text: string, options: { single?: boolean } = {}): string | undefined {
  const blocks = splitPemBlocks(text);
  if (blocks.length === 0) {
    return 'expected a PEM certificate ("-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----")';
  }
  if (blocks.some((block) => /PRIVATE KEY/.test(block.label))) {
    return 'expected a certificate, found a private key; never put private keys here';
  }
  const other = blocks.find((block) => block.label !== 'CERTIFICATE');
  if (other) return `expected PEM blocks labelled CERTIFICATE, found '${other.label}'`;
  if (options.single && blocks.length > 1) return `expected one certificate, found ${blocks.length}`;
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block.text);
    } catch {
      return `certificate ${index + 1} is not a valid X.509 certificate (the base64 body does not decode to DER)`;
    }
  }
  return undefined;
}
