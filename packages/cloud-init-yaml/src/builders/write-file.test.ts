import { describe, expect, it } from 'vitest';
import { stringifyCloudConfig } from '../stringify-cloud-config.js';
import { cloudInitSchema, pyYamlLoad } from '../../test/support/cloud-init-tool.js';
import { HOSTILE_PIECES, hostileString, seededRandom } from '../../test/support/seeded-random.js';
import type { WriteFile } from '../schema/write-files-schema.js';
import { decodeWriteFileContent } from './decode-write-file-content.js';
import { octalPermissions } from './octal-permissions.js';
import { writeFile } from './write-file.js';

/** PyYAML's view of an item (bytes as {$bytes}) → the bytes cloud-init writes. */
function decode(item: { encoding?: string; content?: unknown }): Buffer {
  const content = item.content;
  const value =
    typeof content === 'object' && content !== null && '$bytes' in content
      ? Buffer.from((content as { $bytes: string }).$bytes, 'base64')
      : String(content ?? '');
  return decodeWriteFileContent({ content: value, encoding: item.encoding as WriteFile['encoding'] });
}

describe('writeFile', () => {
  it('writes modes as quoted octal and owners as user:group', () => {
    expect(octalPermissions(0o644)).toBe('0644');
    expect(octalPermissions(0o4755)).toBe('4755');
    expect(() => octalPermissions(0o10000)).toThrow(RangeError);
    expect(writeFile({ path: '/a', content: 'x\n', mode: 0o600, owner: 'ops', group: 'adm' })).toEqual({
      path: '/a',
      owner: 'ops:adm',
      permissions: '0600',
      content: 'x\n',
    });
  });

  it('chooses b64 for bytes, invalid UTF-8, CR and escapes; gz+b64 on request', () => {
    expect(writeFile({ path: '/a', content: new Uint8Array([0, 1, 2]) }).encoding).toBe('b64');
    expect(writeFile({ path: '/a', content: Buffer.from('text only') }).encoding).toBeUndefined();
    expect(writeFile({ path: '/a', content: new Uint8Array([0xc3, 0x28]) }).encoding).toBe('b64');
    expect(writeFile({ path: '/a', content: 'a\r\nb' }).encoding).toBe('b64');
    expect(writeFile({ path: '/a', content: 'bell\u0007' }).encoding).toBe('b64');
    expect(writeFile({ path: '/a', content: 'tabs\tand unicode ✓\n' }).encoding).toBeUndefined();
    expect(writeFile({ path: '/a', content: 'x', gzip: true }).encoding).toBe('gz+b64');
    expect(decodeWriteFileContent(writeFile({ path: '/a', content: 'x', gzip: true }))).toEqual(
      Buffer.from('x'),
    );
    expect(decodeWriteFileContent({ content: new Uint8Array([1, 2]) })).toEqual(Buffer.from([1, 2]));
  });

  it('delivers hostile contents byte-identical through YAML, as cloud-init (PyYAML) decodes them', () => {
    const random = seededRandom(42);
    const contents: (string | Uint8Array)[] = [
      ...HOSTILE_PIECES,
      ...Array.from({ length: 150 }, () => hostileString(random, 10)),
      new Uint8Array([0, 255, 10, 13, 0x85]),
    ];
    const items = contents.map((content, index) =>
      writeFile({ path: `/f/${index}`, content, gzip: index % 17 === 0 }),
    );
    const text = stringifyCloudConfig({ write_files: items });
    const [loaded] = pyYamlLoad([text]) as [{ write_files: { encoding?: string; content?: unknown }[] }];
    contents.forEach((content, index) => {
      const expected = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
      expect(decode(loaded.write_files[index]!), `file ${index}`).toEqual(expected);
    });
    expect(cloudInitSchema(text).status).toBe(0);
  });
});
