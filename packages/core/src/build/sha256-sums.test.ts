import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidBuildInputError } from './invalid-build-input-error.js';
import { sha256File } from './sha256-file.js';
import { parseSha256Sums, renderSha256Sums, updateSha256SumsFile } from './sha256-sums.js';

const hex = (text: string) => createHash('sha256').update(text).digest('hex');

describe('SHA256SUMS', () => {
  it('renders sorted sha256sum lines and parses them back', () => {
    const text = renderSha256Sums([
      { fileName: 'b.raw', sha256: hex('b') },
      { fileName: 'a.raw', sha256: hex('a') },
    ]);
    expect(text).toBe(`${hex('a')}  a.raw\n${hex('b')}  b.raw\n`);
    expect(parseSha256Sums(`${text}junk\n${hex('c')} *c.raw\n`)).toEqual([
      { fileName: 'a.raw', sha256: hex('a') },
      { fileName: 'b.raw', sha256: hex('b') },
      { fileName: 'c.raw', sha256: hex('c') },
    ]);
  });

  it('rejects paths and bad digests', () => {
    expect(() => renderSha256Sums([{ fileName: '../x', sha256: hex('x') }])).toThrow(InvalidBuildInputError);
    expect(() => renderSha256Sums([{ fileName: 'x', sha256: 'ABC' }])).toThrow(/lower-case hex sha256/);
  });

  it('updates a file in place, replacing the entry of the same name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-sums-'));
    writeFileSync(join(dir, 'a.raw'), 'a');
    updateSha256SumsFile(dir, [{ fileName: 'z.raw', sha256: hex('z') }]);
    updateSha256SumsFile(dir, [{ fileName: 'a.raw', sha256: await sha256File(join(dir, 'a.raw')) }]);
    updateSha256SumsFile(dir, [{ fileName: 'z.raw', sha256: hex('z2') }]);
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(`${hex('a')}  a.raw\n${hex('z2')}  z.raw\n`);
  });
});
