import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readmeCommands, readmeIntro } from '../src/build-site.js';
import {
  browsableRepositoryUrl,
  discoverPublicPackages,
  discoverWorkspacePackages,
  workspaceDirectories,
} from '../src/workspace-packages.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const made: string[] = [];

function fixture(packages: Record<string, object>, workspaces: unknown = ['packages/*', 'docs']): string {
  const root = mkdtempSync(join(tmpdir(), 'kubenode-docs-ws-'));
  made.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'root', private: true, workspaces }));
  for (const [dir, pkg] of Object.entries(packages)) {
    mkdirSync(join(root, dir, 'src'), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(pkg));
  }
  return root;
}

const exportsOf = (source: string) => ({
  './package.json': './package.json',
  '.': { '@kubenode/source': source, import: { types: './dist/index.d.ts', default: './dist/index.js' } },
});

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('discoverPublicPackages', () => {
  it('documents public packages from their source condition, skips private ones and reports missing entries', () => {
    const root = fixture({
      'packages/a': {
        name: '@x/a',
        description: 'A.',
        exports: exportsOf('./src/index.ts'),
        repository: { url: 'git+https://github.com/o/r.git' },
      },
      'packages/b': { name: '@x/b', exports: exportsOf('./src/main.ts') },
      'packages/c': { name: '@x/c', private: true },
      docs: { name: '@x/docs', private: true },
    });
    writeFileSync(join(root, 'packages/a/src/index.ts'), 'export {};\n');
    writeFileSync(join(root, 'packages/a/README.md'), '# a\n');
    const { documented, skipped } = discoverPublicPackages(root);
    expect(documented.map((p) => [p.name, p.relativeDir, p.entryPoint, p.readme, p.repositoryUrl])).toEqual([
      [
        '@x/a',
        'packages/a',
        join(root, 'packages/a/src/index.ts'),
        join(root, 'packages/a/README.md'),
        'https://github.com/o/r',
      ],
    ]);
    expect(skipped).toEqual([{ name: '@x/b', reason: 'packages/b/src/main.ts does not exist yet' }]);
    expect(discoverWorkspacePackages(root).map((p) => [p.name, p.private])).toEqual([
      ['@x/a', false],
      ['@x/b', false],
      ['@x/c', true],
      ['@x/docs', true],
    ]);
  });

  it('refuses a public package whose exports do not name a source entry point', () => {
    const root = fixture({ 'packages/a': { name: '@x/a', exports: { '.': { import: './dist/index.js' } } } });
    expect(() => discoverPublicPackages(root)).toThrow(
      /@x\/a: package.json exports\["\."\] has no "@kubenode\/source"/,
    );
  });

  it('reads workspaces in npm’s object form and refuses deep globs', () => {
    const root = fixture({ 'libs/a': { name: 'a' } }, { packages: ['libs/*'] });
    expect(workspaceDirectories(root)).toEqual([join(root, 'libs/a')]);
    const deep = fixture({}, ['packages/**']);
    expect(() => workspaceDirectories(deep)).toThrow(/not supported/);
  });

  it('finds every public package of this repository, each with its entry point', () => {
    const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      workspaces: string[];
    };
    expect(rootPackage.workspaces).toContain('docs');
    const { documented } = discoverPublicPackages(repoRoot);
    const names = documented.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['@kubenode/core', '@kubenode/cli']));
    expect(names).not.toContain('@kubenode/docs-site');
    expect(documented.find((p) => p.name === '@kubenode/core')?.entryPoint).toBe(
      join(repoRoot, 'packages/core/src/index.ts'),
    );
  });
});

describe('browsableRepositoryUrl', () => {
  it('turns npm repository fields into a browsable URL', () => {
    expect(browsableRepositoryUrl({ type: 'git', url: 'git+https://github.com/kubenode/kubenode.git' })).toBe(
      'https://github.com/kubenode/kubenode',
    );
    expect(browsableRepositoryUrl('https://gitlab.example/a/b')).toBe('https://gitlab.example/a/b');
    expect(browsableRepositoryUrl('github:a/b')).toBeUndefined();
    expect(browsableRepositoryUrl(undefined)).toBeUndefined();
  });
});

describe('the README parts the site shows', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  it('takes the two getting-started commands from the README', () => {
    const commands = readmeCommands(readme).split('\n');
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^npm ci && npx kubenode render /);
    expect(commands[1]).toMatch(/^npm test\b/);
    expect(() => readmeCommands('# x\n\nno code\n')).toThrow(/no ```sh block/);
  });
  it('takes the opening paragraph as the introduction', () => {
    expect(readmeIntro(readme)).toMatch(/^One typed API/);
    expect(readmeIntro(readme)).not.toContain('```');
  });
});
