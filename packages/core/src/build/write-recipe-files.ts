import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import type { RecipeFileV1 } from '../adapter/v1/image-builder-v1.js';
import { InvalidBuildInputError } from './invalid-build-input-error.js';

/**
 * Writes the files of a native build recipe (Packer variables, a Garden Linux feature, a
 * Twoliter variant, a Talos schematic, ...) below `directory`, creating subdirectories, with each
 * file's mode. Paths must be relative and stay inside `directory`; all paths are checked before
 * anything is written, and each file is written to a temporary name and renamed into place.
 *
 * @returns the absolute paths written, in the order given.
 * @throws {InvalidBuildInputError} for an absolute path, a `..` segment or a duplicate path.
 */
export function writeRecipeFiles(directory: string, files: readonly RecipeFileV1[]): string[] {
  const root = resolve(directory);
  const seen = new Set<string>();
  const targets = files.map((file, index) => {
    const where = `recipeFiles[${index}].path`;
    if (
      file.path === '' ||
      file.path.startsWith('/') ||
      file.path.includes('\\') ||
      file.path.includes('\0') ||
      file.path.split('/').some((segment) => segment === '..' || segment === '.' || segment === '') ||
      posix.normalize(file.path) !== file.path
    ) {
      throw new InvalidBuildInputError({
        path: `${where} (${JSON.stringify(file.path)})`,
        expected: 'a normalized relative path inside the output directory',
      });
    }
    if (seen.has(file.path)) {
      throw new InvalidBuildInputError({
        path: where,
        expected: `a unique path; ${file.path} is written twice`,
      });
    }
    if (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o7777) {
      throw new InvalidBuildInputError({
        path: `recipeFiles[${index}].mode`,
        expected: 'a file mode 0..0o7777',
      });
    }
    seen.add(file.path);
    return join(root, ...file.path.split('/'));
  });
  files.forEach((file, index) => {
    const target = targets[index]!;
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.kubenode-${process.pid}.tmp`;
    try {
      writeFileSync(temporary, file.contents, { mode: file.mode });
      chmodSync(temporary, file.mode);
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  });
  return targets;
}
