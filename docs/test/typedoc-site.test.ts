import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypedocSite, parseUndocumented } from '../src/typedoc-site.js';
import type { WorkspacePackage } from '../src/workspace-packages.js';

let root: string;

function writePackage(name: string, dir: string, source: string): WorkspacePackage {
  mkdirSync(join(root, dir, 'src'), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  writeFileSync(join(root, dir, 'src', 'index.ts'), source);
  writeFileSync(join(root, dir, 'README.md'), `# ${name}\n\nThe ${name} readme.\n`);
  return {
    name,
    description: '',
    dir: join(root, dir),
    relativeDir: dir,
    private: false,
    entryPoint: join(root, dir, 'src', 'index.ts'),
    readme: join(root, dir, 'README.md'),
    repositoryUrl: undefined,
  };
}

let good: WorkspacePackage;
let bad: WorkspacePackage;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubenode-docs-typedoc-'));
  writeFileSync(
    join(root, 'tsconfig.base.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        types: [],
      },
    }),
  );
  mkdirSync(join(root, 'tools'));
  writeFileSync(join(root, 'tools', 'globals.d.ts'), 'export {};\n');
  writeFileSync(join(root, 'home.md'), '# Home\n\nSee the [good package](./packages/good).\n');
  good = writePackage(
    '@x/good',
    'packages/good',
    [
      '/** Says hello. */',
      'export function hello(name: string): string {',
      '  return `hello ${name}`;',
      '}',
      '/** A greeter. */',
      'export interface Greeter {',
      '  /** Greets. */',
      '  greet(name: string): string;',
      '}',
      '/** @internal */',
      'export function secretHelper(): number {',
      '  return 1;',
      '}',
      '',
    ].join('\n'),
  );
  bad = writePackage(
    '@x/bad',
    'packages/bad',
    [
      'export function shout(text: string): string {',
      '  return text.toUpperCase();',
      '}',
      '/** A speaker. */',
      'export interface Speaker {',
      '  speak(): void;',
      '}',
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function run(packages: WorkspacePackage[], out: string) {
  return buildTypedocSite({
    root,
    out: join(root, out),
    packages,
    readme: join(root, 'home.md'),
    documents: [],
    moduleReadmes: new Map(
      packages.map((p) => [
        p.name,
        { path: p.readme as string, markdown: readFileSync(p.readme as string, 'utf8') },
      ]),
    ),
    moduleAliases: new Map(packages.map((p) => [p.dir, p.name])),
    workDir: root,
    repositoryUrl: undefined,
  });
}

describe('the TypeDoc build', () => {
  it('writes one module per package, named after it, with its README and without @internal symbols', async () => {
    const result = await run([good], 'site-good');
    expect(result.messages).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.modules).toEqual(['@x/good']);
    const site = join(root, 'site-good');
    const modulePage = readFileSync(join(site, 'modules', '_x_good.html'), 'utf8');
    expect(modulePage).toContain('The @x/good readme.');
    expect(modulePage).toContain('hello');
    expect(existsSync(join(site, 'functions'))).toBe(true);
    expect(readdirSync(join(site, 'functions')).join(' ')).not.toContain('secretHelper');
    // The home page's link to the package directory leads to the package's API page.
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('href="modules/_x_good.html"');
  }, 60_000);

  it('fails on exported symbols without a doc comment and names each one', async () => {
    const result = await run([good, bad], 'site-bad');
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    expect(existsSync(join(root, 'site-bad'))).toBe(false);
    expect(result.undocumented.map((u) => [u.packageName, u.symbol, u.kind, u.file])).toEqual([
      ['@x/bad', '@x/bad.shout', 'CallSignature', 'src/index.ts'],
      ['@x/bad', '@x/bad.Speaker.speak', 'CallSignature', 'src/index.ts'],
    ]);
  }, 60_000);
});

describe('parseUndocumented', () => {
  it('reads scoped and unscoped package names back from TypeDoc warnings', () => {
    const messages = [
      {
        level: 'warning' as const,
        text: '[warning] a.b (Function), defined in @s/p/src/x.ts, does not have any documentation',
      },
      {
        level: 'warning' as const,
        text: '[warning] c (Variable), defined in plain-pkg/src/y/z.ts, does not have any documentation',
      },
      { level: 'warning' as const, text: '[warning] something else' },
    ];
    expect(parseUndocumented(messages, ['@s/p', 'plain-pkg'])).toEqual([
      { packageName: '@s/p', symbol: 'a.b', kind: 'Function', file: 'src/x.ts' },
      { packageName: 'plain-pkg', symbol: 'c', kind: 'Variable', file: 'src/y/z.ts' },
    ]);
  });
});
