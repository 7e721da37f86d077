import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { buildSite, SiteBuildError } from '../src/build-site.js';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function write(root: string, path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A small repository: one public package with a README, hand-written guides, a README. */
function repository(extraGuide: string): string {
  const root = mkdtempSync(join(tmpdir(), 'kubenode-docs-site-'));
  made.push(root);
  write(root, 'package.json', JSON.stringify({ name: 'r', private: true, workspaces: ['packages/*'] }));
  write(
    root,
    'tsconfig.base.json',
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [] },
    }),
  );
  write(root, 'tools/globals.d.ts', 'export {};\n');
  write(root, 'README.md', '# r\n\nThe intro paragraph.\n\n```sh\nnpm ci && npx thing\nnpm test\n```\n');
  write(
    root,
    'docs/guides/getting-started.md',
    '# Getting started\n\n<!-- kubenode:readme-commands -->\n\nThen read the [reference](./nodepool-reference.md).\n',
  );
  write(root, 'docs/guides/extra.md', extraGuide);
  write(root, 'docs/guides/faq.md', '---\ntitle: "Questions"\n---\n\n# Frequently asked\n\nNone yet.\n');
  write(
    root,
    'packages/rollout/package.json',
    JSON.stringify({
      name: '@kubenode/rollout',
      description: 'Rolls out.',
      exports: { '.': { '@kubenode/source': './src/index.ts', import: './dist/index.js' } },
      repository: { type: 'git', url: 'git+https://github.com/acme/r.git', directory: 'packages/rollout' },
    }),
  );
  write(
    root,
    'packages/rollout/src/index.ts',
    '/** Plans a rollout. */\nexport function plan(): number {\n  return 1;\n}\n',
  );
  write(
    root,
    'packages/rollout/README.md',
    '# @kubenode/rollout\n\nPolicies and the lower bound. Source: [plan](src/index.ts); guide: [extra](../../docs/guides/extra.md).\n',
  );
  return root;
}

/** The sidebar's top level, decoded from TypeDoc's navigation data: group → entry titles. */
function navigationGroups(site: string): [string, string[]][] {
  const script = readFileSync(join(site, 'assets', 'navigation.js'), 'utf8');
  const data = /"([^"]+)"/.exec(script)?.[1] ?? '';
  const nodes = JSON.parse(inflateSync(Buffer.from(data, 'base64')).toString('utf8')) as {
    text: string;
    children?: { text: string }[];
  }[];
  return nodes.map((node) => [node.text, (node.children ?? []).map((child) => child.text)]);
}

describe('buildSite', () => {
  it('stages guides in order, renders package guides and rewrites links for the site', async () => {
    const root = repository(
      '# Extra guide\n\nSee [the package](../../packages/rollout/README.md), [its source](../../packages/rollout/src/index.ts), [the directory](../../packages/rollout/src) and [getting started](./getting-started.md#getting-started).\n',
    );
    const lines: string[] = [];
    const manifest = await buildSite({ root, out: join(root, 'site'), log: (line) => lines.push(line) });
    expect(manifest.guides).toEqual([
      'Getting started',
      'NodePool reference',
      'Distros',
      'Rolling out updates',
      'Extra guide',
      'Questions',
    ]);
    // The sidebar has every guide in the Guides group, in order, and the package under Packages.
    expect(navigationGroups(join(root, 'site'))).toEqual([
      ['Guides', manifest.guides],
      ['Packages', ['@kubenode/rollout']],
    ]);
    expect(manifest.packages).toEqual([
      { name: '@kubenode/rollout', entryPoint: 'packages/rollout/src/index.ts' },
    ]);
    expect(manifest.readmeCommands).toBe('npm ci && npx thing\nnpm test');
    expect(lines).toContain('docs: @kubenode/rollout: every exported symbol is documented');

    const extra = readFileSync(join(root, 'site', 'documents', 'Extra_guide.html'), 'utf8');
    expect(extra).toContain('href="../modules/_kubenode_rollout.html"');
    expect(extra).toContain('href="https://github.com/acme/r/blob/main/packages/rollout/src/index.ts"');
    expect(extra).toContain('href="https://github.com/acme/r/tree/main/packages/rollout/src"');
    expect(extra).toContain('href="Getting_started.html#getting-started"');
    const rollout = readFileSync(join(root, 'site', 'documents', 'Rolling_out_updates.html'), 'utf8');
    expect(rollout).toContain('Policies and the lower bound.');
    expect(rollout).toMatch(/<h1[^>]*>Rolling out updates</);
    expect(rollout).not.toMatch(/<h1[^>]*>@kubenode\/rollout/);
    const gettingStarted = readFileSync(join(root, 'site', 'documents', 'Getting_started.html'), 'utf8');
    expect(gettingStarted).toContain('href="NodePool_reference.html"');
    // Highlighted (the class number depends on the order TypeDoc met the colours in this process).
    expect(gettingStarted).toMatch(/<span class="hl-\d+">thing<\/span>/);
    const modulePage = readFileSync(join(root, 'site', 'modules', '_kubenode_rollout.html'), 'utf8');
    expect(modulePage).toContain('Policies and the lower bound.');
    expect(modulePage).toContain('href="../documents/Extra_guide.html"');
  }, 60_000);

  it('refuses broken relative links, naming the file and the link, and leaves no site behind', async () => {
    const root = repository('# Extra guide\n\n[gone](./missing.md) and ![img](../../nope.png)\n');
    const build = buildSite({ root, out: join(root, 'site'), log: () => {} });
    await expect(build).rejects.toBeInstanceOf(SiteBuildError);
    await expect(build).rejects.toThrow(
      /docs\/guides\/extra\.md: \.\/missing\.md\n\s+docs\/guides\/extra\.md: \.\.\/\.\.\/nope\.png/,
    );
  }, 60_000);
});
