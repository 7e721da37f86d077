import { describe, expect, it } from 'vitest';
import { MimeMultipartError } from '../errors/mime-multipart-error.js';
import { stringifyCloudConfig } from '../stringify-cloud-config.js';
import { cloudInitUserDataParts } from '../../test/support/cloud-init-tool.js';
import { gzipUserData } from '../user-data/encode-user-data.js';
import { parseMimeMultipart, renderMimeMultipart, type UserDataPart } from './mime-multipart.js';

const config = stringifyCloudConfig({ runcmd: ['echo hi'] });
const parts: UserDataPart[] = [
  { contentType: 'text/cloud-config', content: config, filename: 'cloud-config.yaml' },
  { contentType: 'text/x-shellscript', content: '#!/bin/sh\necho "héllo wörld ✓"\n', filename: 'hello.sh' },
  { contentType: 'text/x-shellscript', content: '#!/bin/sh\nprintf "no newline at end"' },
  { contentType: 'text/cloud-boothook', content: '#cloud-boothook\r\necho crlf\r\n' },
];

describe('renderMimeMultipart', () => {
  it('writes make-mime style parts: 7bit ASCII, base64 UTF-8, a content-derived boundary', () => {
    const text = renderMimeMultipart(parts);
    expect(text.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^Content-Type: multipart\/mixed; boundary="==cloud-init-yaml-[0-9a-f]{40}=="$/),
      'MIME-Version: 1.0',
      '',
    ]);
    expect(text).toContain(
      'Content-Type: text/cloud-config; charset="us-ascii"\nMIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\nContent-Disposition: attachment; filename="cloud-config.yaml"\n\n#cloud-config\nruncmd:\n',
    );
    expect(text).toContain(
      'Content-Type: text/x-shellscript; charset="utf-8"\nMIME-Version: 1.0\nContent-Transfer-Encoding: base64\n',
    );
    expect(renderMimeMultipart(parts)).toBe(text);
    expect(renderMimeMultipart(parts.slice(0, 2))).not.toBe(text);
  });

  it('round-trips through our parser, byte for byte, including a missing final newline and CRLF', () => {
    expect(parseMimeMultipart(renderMimeMultipart(parts))).toEqual(
      parts.map((part, index) => ({ ...part, filename: part.filename ?? `part-00${index + 1}` })),
    );
  });

  it("is read by cloud-init 22.4's own user-data processor into the same parts, plain and gzipped", () => {
    const text = renderMimeMultipart(parts);
    const expected = parts.map((part) => ({ type: part.contentType, content: part.content }));
    expect(cloudInitUserDataParts(Buffer.from(text))).toEqual(expected);
    expect(cloudInitUserDataParts(gzipUserData(text))).toEqual(expected);
  });

  it('refuses unknown part types, shell parts without #!, and a boundary inside a part', () => {
    expect(() => renderMimeMultipart([{ contentType: 'text/plain', content: 'x' }])).toThrow(
      /parts\[0\]\.contentType: 'text\/plain' is not a type cloud-init handles/,
    );
    expect(() => renderMimeMultipart([{ contentType: 'text/x-shellscript', content: 'echo' }])).toThrow(
      /must start with "#!"/,
    );
    expect(() =>
      renderMimeMultipart([{ contentType: 'text/cloud-config', content: '--B\n' }], { boundary: 'B' }),
    ).toThrow(MimeMultipartError);
    expect(() => renderMimeMultipart([])).toThrow(/at least one part/);
  });
});

describe('parseMimeMultipart', () => {
  it('reads nested multiparts, quoted-printable and folded headers', () => {
    const text = [
      'Content-Type: multipart/mixed;',
      ' boundary="outer"',
      'MIME-Version: 1.0',
      '',
      'preamble is ignored',
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      '--inner',
      'Content-Type: text/x-shellscript',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '#!/bin/sh',
      'echo caf=C3=A9 =3D ok=',
      '',
      '--inner--',
      '--outer',
      'Content-Type: text/cloud-config',
      '',
      '#cloud-config',
      '{}',
      '--outer--',
      '',
    ].join('\n');
    expect(parseMimeMultipart(text)).toEqual([
      { contentType: 'text/x-shellscript', content: '#!/bin/sh\necho café = ok' },
      { contentType: 'text/cloud-config', content: '#cloud-config\n{}' },
    ]);
  });

  it('refuses text that is not multi-part MIME', () => {
    expect(() => parseMimeMultipart('#cloud-config\n{}\n')).toThrow(/multipart/);
  });
});
