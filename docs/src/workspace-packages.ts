import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** A workspace package as the documentation site sees it, read from its package.json. */
export interface WorkspacePackage {
  /** npm name, e.g. `@kubenode/core`. */
  readonly name: string;
  /** package.json `description`, empty when absent. */
  readonly description: string;
  /** Absolute directory of the package. */
  readonly dir: string;
  /** Directory relative to the repository root, with `/` separators (`packages/core`). */
  readonly relativeDir: string;
  /** Whether package.json says `"private": true` (private packages are not documented). */
  readonly private: boolean;
  /**
   * Absolute path of the source file behind the package's main export (`exports["."]`), read
   * from its `@kubenode/source` condition; undefined for packages without one.
   */
  readonly entryPoint: string | undefined;
  /** Absolute path of README.md when the package has one. */
  readonly readme: string | undefined;
  /** The repository's browsable URL from package.json `repository` (`https://github.com/o/r`). */
  readonly repositoryUrl: string | undefined;
}

/** The export condition that maps a workspace package's exports to its TypeScript sources. */
export const SOURCE_CONDITION = '@kubenode/source';

interface PackageJson {
  name?: unknown;
  description?: unknown;
  private?: unknown;
  exports?: unknown;
  workspaces?: unknown;
  repository?: unknown;
}

function readPackageJson(file: string): PackageJson {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
}

/**
 * Expands the root package.json `workspaces` patterns (`dir` or `dir/*`, as npm accepts them)
 * into package directories that hold a package.json, sorted.
 */
export function workspaceDirectories(root: string): string[] {
  const rootPackage = readPackageJson(join(root, 'package.json'));
  const patterns = Array.isArray(rootPackage.workspaces)
    ? rootPackage.workspaces
    : ((rootPackage.workspaces as { packages?: unknown } | undefined)?.packages ?? []);
  if (!Array.isArray(patterns)) throw new Error(`${join(root, 'package.json')}: "workspaces" is not a list`);
  const dirs = new Set<string>();
  for (const pattern of patterns) {
    if (typeof pattern !== 'string') continue;
    if (pattern.endsWith('/*')) {
      const parent = resolve(root, pattern.slice(0, -2));
      if (!existsSync(parent)) continue;
      for (const entry of readdirSync(parent)) {
        const dir = join(parent, entry);
        if (statSync(dir).isDirectory() && existsSync(join(dir, 'package.json'))) dirs.add(dir);
      }
    } else if (!pattern.includes('*')) {
      const dir = resolve(root, pattern);
      if (existsSync(join(dir, 'package.json'))) dirs.add(dir);
    } else {
      throw new Error(
        `workspace pattern ${pattern} is not supported by the docs build (use "dir" or "dir/*")`,
      );
    }
  }
  return [...dirs].sort();
}

/** The source file behind `exports["."]`, from its `@kubenode/source` condition. */
function sourceEntryPoint(dir: string, name: string, exportsField: unknown): string | undefined {
  if (exportsField === undefined) return undefined;
  const main =
    typeof exportsField === 'object' && exportsField !== null && '.' in exportsField
      ? (exportsField as Record<string, unknown>)['.']
      : exportsField;
  if (typeof main !== 'object' || main === null) return undefined;
  const source = (main as Record<string, unknown>)[SOURCE_CONDITION];
  if (source === undefined) return undefined;
  if (typeof source !== 'string') {
    throw new Error(
      `${name}: exports["."]["${SOURCE_CONDITION}"] must be a path, found ${JSON.stringify(source)}`,
    );
  }
  return resolve(dir, source);
}

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
export function browsableRepositoryUrl(repository: unknown): string | undefined {
  const url =
    typeof repository === 'string'
      ? repository
      : typeof repository === 'object' && repository !== null
        ? (repository as { url?: unknown }).url
        : undefined;
  if (typeof url !== 'string') return undefined;
  const match = /^(?:git\+)?(https:\/\/[^/]+\/[^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
  return match?.[1];
}

/** Reads every workspace package named by the root package.json `workspaces`. */
export function discoverWorkspacePackages(root: string): WorkspacePackage[] {
  return workspaceDirectories(root)
    .map((dir): WorkspacePackage => {
      const file = join(dir, 'package.json');
      const pkg = readPackageJson(file);
      if (typeof pkg.name !== 'string' || pkg.name === '') throw new Error(`${file}: "name" is missing`);
      const readme = join(dir, 'README.md');
      return {
        name: pkg.name,
        description: typeof pkg.description === 'string' ? pkg.description : '',
        dir,
        relativeDir: relative(root, dir).split('\\').join('/'),
        private: pkg.private === true,
        entryPoint: sourceEntryPoint(dir, pkg.name, pkg.exports),
        readme: existsSync(readme) ? readme : undefined,
        repositoryUrl: browsableRepositoryUrl(pkg.repository),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The public packages the site documents, and those it cannot document yet. */
export interface PublicPackages {
  /** Public packages whose source entry point exists. */
  readonly documented: WorkspacePackage[];
  /** Public packages whose entry point file does not exist yet (a package being written). */
  readonly skipped: { readonly name: string; readonly reason: string }[];
}

/**
 * The packages the site documents: every public (non-private) workspace package. A package
 * without a `@kubenode/source` condition on `exports["."]` is an error; one whose entry file does
 * not exist yet is skipped and reported (the site documents what exists).
 */
export function discoverPublicPackages(root: string): PublicPackages {
  const documented: WorkspacePackage[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const pkg of discoverWorkspacePackages(root).filter((p) => !p.private)) {
    if (pkg.entryPoint === undefined) {
      throw new Error(
        `${pkg.name}: package.json exports["."] has no "${SOURCE_CONDITION}" condition naming its source entry point`,
      );
    }
    if (!existsSync(pkg.entryPoint)) {
      skipped.push({ name: pkg.name, reason: `${relative(root, pkg.entryPoint)} does not exist yet` });
      continue;
    }
    documented.push(pkg);
  }
  return { documented, skipped };
}
