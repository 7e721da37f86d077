import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidBuildInputError } from './invalid-build-input-error.js';
import { writeRecipeFiles } from './write-recipe-files.js';

describe('writeRecipeFiles', () => {
  it('writes nested files with their modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-recipe-'));
    const written = writeRecipeFiles(dir, [
      { path: 'vars.json', contents: '{}\n', mode: 0o644 },
      { path: 'features/node/exec.config', contents: '#!/bin/sh\n', mode: 0o755 },
    ]);
    expect(written).toEqual([join(dir, 'vars.json'), join(dir, 'features/node/exec.config')]);
    expect(readFileSync(join(dir, 'features/node/exec.config'), 'utf8')).toBe('#!/bin/sh\n');
    expect(statSync(join(dir, 'features/node/exec.config')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'vars.json')).mode & 0o777).toBe(0o644);
  });

  it('checks every path before writing anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubenode-recipe-'));
    for (const path of ['/etc/passwd', '../escape', 'a//b', 'a/./b', '']) {
      expect(() =>
        writeRecipeFiles(dir, [
          { path: 'ok.txt', contents: '', mode: 0o644 },
          { path, contents: '', mode: 0o644 },
        ]),
      ).toThrow(InvalidBuildInputError);
    }
    expect(() =>
      writeRecipeFiles(dir, [
        { path: 'x', contents: '', mode: 0o644 },
        { path: 'x', contents: '', mode: 0o644 },
      ]),
    ).toThrow(/written twice/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
