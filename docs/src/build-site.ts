import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Cli from '@kubenode/cli';
import type * as Core from '@kubenode/core';
import type { DistroAdapterV1 } from '@kubenode/core';
import { distroPageFile, renderDistroIndex, renderDistroPage } from './distro-pages.js';
import type { JsonSchemaNode } from './json-schema-fields.js';
import { rewriteRelativeLinks, type RelativeLink } from './markdown-links.js';
import { frontmatter, inlineCode, markdownTable, proseCell } from './markdown-text.js';
import { renderNodePoolReference } from './node-pool-reference.js';
import { buildTypedocSite, type ModuleReadme, type TypedocSiteResult } from './typedoc-site.js';
import { discoverPublicPackages, type WorkspacePackage } from './workspace-packages.js';

/** Guides rendered from a package's README when that package exists, in navigation order. */
export const PACKAGE_GUIDES: readonly {
  readonly file: string;
  readonly title: string;
  readonly packageName: string;
}[] = [
  { file: 'rollout.md', title: 'Rolling out updates', packageName: '@kubenode/rollout' },
  { file: 'catalog.md', title: 'The release catalog', packageName: '@kubenode/catalog' },
  { file: 'kubernetes.md', title: 'Running on a cluster', packageName: '@kubenode/kubernetes' },
];

/** The hand-written guide shown first; the README's commands are inserted at its marker. */
export const GETTING_STARTED = 'getting-started.md';
/** Where `getting-started.md` receives the README's install-and-test commands. */
export const README_COMMANDS_MARKER = '<!-- kubenode:readme-commands -->';

/** Options of {@link buildSite}. */
export interface BuildSiteOptions {
  /** Repository root. */
  readonly root: string;
  /** Output directory (default `docs/site`). */
  readonly out?: string;
  /** Also require doc comments on interface properties and enum members. */
  readonly requireMemberDocs?: boolean;
  /** Write the site even when TypeDoc warns, for a local preview (the build still fails). */
  readonly writeDespiteWarnings?: boolean;
  /** Keep the staged markdown (printed) for inspection. */
  readonly keepSources?: boolean;
  /** Progress and problems. */
  readonly log?: (line: string) => void;
}

/** What the site contains, for the build summary and the browser test. */
export interface SiteManifest {
  /** Documented packages with their source entry points (relative to the root). */
  readonly packages: readonly { readonly name: string; readonly entryPoint: string }[];
  /** Guide page titles in navigation order. */
  readonly guides: readonly string[];
  /** Distro adapter ids that have a page. */
  readonly distros: readonly string[];
  /** Public packages not documented because their entry point does not exist yet. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** The README commands the getting-started guide shows. */
  readonly readmeCommands: string;
}

/** Thrown when the site cannot be built; `details` lists every problem. */
export class SiteBuildError extends Error {
  override readonly name = 'SiteBuildError';
  /** One line per problem. */
  readonly details: readonly string[];
  constructor(message: string, details: readonly string[] = []) {
    super(details.length === 0 ? message : `${message}\n  ${details.join('\n  ')}`);
    this.details = details;
  }
}

/** The first ```sh block of the README: the install-and-render and test commands. */
export function readmeCommands(readme: string): string {
  const match = /^```(?:sh|bash|shell)\n([\s\S]*?)^```/m.exec(readme);
  if (!match?.[1]) throw new SiteBuildError('README.md has no ```sh block with the getting-started commands');
  return match[1].trimEnd();
}

/** The README's opening paragraph (the text between the title and the first block). */
export function readmeIntro(readme: string): string {
  const afterTitle = readme.replace(/^#[^\n]*\n+/, '');
  return (afterTitle.split(/\n\s*\n/)[0] ?? '').trim();
}

/** The first `# ` heading of a markdown document. */
function firstHeading(markdown: string): string | undefined {
  return /^#\s+(.+)$/m.exec(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''))?.[1]?.trim();
}

function hasFrontmatter(markdown: string): boolean {
  return markdown.startsWith('---\n');
}

function posix(path: string): string {
  return path.split('\\').join('/');
}

function linkFrom(fromFile: string, target: string): string {
  const rel = posix(relative(dirname(fromFile), target));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

interface LinkContext {
  readonly root: string;
  readonly repositoryUrl: string | undefined;
  /** Original (or virtual) path → staged page, for guides and the home page. */
  readonly pages: ReadonlyMap<string, string>;
  /** Paths that lead to a package's API page (package directories and READMEs). */
  readonly moduleAliases: ReadonlyMap<string, string>;
  readonly broken: string[];
}

/**
 * Rewrites the relative links of a markdown file for the site: links to guides and to the
 * README go to their pages, links to package directories and READMEs go to the package's API
 * page, images are copied by TypeDoc, links to other repository files go to the repository
 * browser; links to files that do not exist are collected as broken.
 */
function rewriteForSite(markdown: string, source: string, parsedAt: string, ctx: LinkContext): string {
  return rewriteRelativeLinks(markdown, (link: RelativeLink) => {
    const absolute = link.path.startsWith('/')
      ? join(ctx.root, link.path)
      : link.path === ''
        ? source
        : resolve(dirname(source), link.path);
    const anchor = link.anchor === undefined ? '' : `#${link.anchor}`;
    const page = ctx.pages.get(absolute);
    if (page) return linkFrom(parsedAt, page) + anchor;
    if (ctx.moduleAliases.has(absolute)) return linkFrom(parsedAt, absolute) + anchor;
    if (!existsSync(absolute)) {
      ctx.broken.push(`${posix(relative(ctx.root, source))}: ${link.path}`);
      return undefined;
    }
    if (link.image || ctx.repositoryUrl === undefined) return linkFrom(parsedAt, absolute) + anchor;
    const kind = statSync(absolute).isDirectory() ? 'tree' : 'blob';
    return `${ctx.repositoryUrl}/${kind}/main/${posix(relative(ctx.root, absolute))}${anchor}`;
  });
}

interface LoadedBuild {
  readonly adapters: readonly DistroAdapterV1[];
  readonly features: readonly string[];
  readonly schema: JsonSchemaNode;
}

/**
 * Loads the built @kubenode/cli and @kubenode/core (not their sources): the adapters the CLI
 * registers, the NodePool features and the NodePool JSON Schema.
 */
async function loadBuild(): Promise<LoadedBuild> {
  let cli: typeof Cli;
  let core: typeof Core;
  try {
    cli = await import('@kubenode/cli');
    core = await import('@kubenode/core');
  } catch (error) {
    throw new SiteBuildError(
      `cannot load the built @kubenode/cli and @kubenode/core (run \`npm run docs\`, which builds every package first): ${(error as Error).message}`,
    );
  }
  const adapters = cli.builtinAdapters();
  const ids = adapters.map((adapter) => adapter.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new SiteBuildError(`the CLI registers adapter ${duplicate} twice`);
  return {
    adapters,
    features: [...core.NODE_POOL_FEATURES],
    schema: core.nodePoolJsonSchema() as JsonSchemaNode,
  };
}

/** The package that provides an adapter: `@kubenode/<id>` or the package in `packages/<id>`. */
function adapterPackage(
  adapter: DistroAdapterV1,
  packages: readonly WorkspacePackage[],
): WorkspacePackage | undefined {
  return (
    packages.find((pkg) => pkg.name === `@kubenode/${adapter.id}`) ??
    packages.find((pkg) => basename(pkg.dir) === adapter.id)
  );
}

/**
 * Builds the documentation site: stages the guides (hand-written ones from docs/guides, pages
 * generated from the NodePool schema and the registered adapters, package READMEs), then runs
 * TypeDoc over every public package. Throws {@link SiteBuildError} listing every problem.
 */
export async function buildSite(options: BuildSiteOptions): Promise<SiteManifest> {
  const root = options.root;
  const log = options.log ?? ((line: string) => console.error(line));
  const out = options.out ?? join(root, 'docs', 'site');
  const { documented: packages, skipped } = discoverPublicPackages(root);
  for (const pkg of skipped) log(`docs: skipping ${pkg.name}: ${pkg.reason}`);
  const repositoryUrl = packages.find((pkg) => pkg.repositoryUrl)?.repositoryUrl;
  const build = await loadBuild();
  // A failed build must not leave an older site behind for the browser test to pass on.
  rmSync(out, { recursive: true, force: true });

  const staging = mkdtempSync(join(tmpdir(), 'kubenode-docs-'));
  try {
    const guidesDir = join(staging, 'guides');
    mkdirSync(guidesDir);
    const handGuidesDir = join(root, 'docs', 'guides');
    const handGuides = existsSync(handGuidesDir)
      ? readdirSync(handGuidesDir)
          .filter((name) => name.endsWith('.md'))
          .sort()
      : [];
    if (!handGuides.includes(GETTING_STARTED)) {
      throw new SiteBuildError(`docs/guides/${GETTING_STARTED} is missing`);
    }

    // Every page, by the path links use to reach it (hand guides by their file in docs/guides,
    // generated pages as if they lived there too, the README as the home page).
    const pages = new Map<string, string>();
    const home = join(staging, 'index.md');
    pages.set(join(root, 'README.md'), home);
    const generated: { file: string; markdown: string }[] = [];
    const ordered: string[] = [];

    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const commands = readmeCommands(readme);

    // Generated guides.
    const coreEntry = packages.find((pkg) => pkg.name === '@kubenode/core');
    const unsupportedOn = new Map<string, { name: string; page: string }[]>();
    for (const adapter of [...build.adapters].sort((a, b) => a.id.localeCompare(b.id))) {
      for (const [feature, support] of Object.entries(adapter.capabilities.features)) {
        if (support.level !== 'unsupported') continue;
        const list = unsupportedOn.get(feature) ?? [];
        list.push({ name: adapter.displayName, page: `./${distroPageFile(adapter.id)}` });
        unsupportedOn.set(feature, list);
      }
    }
    generated.push({
      file: 'nodepool-reference.md',
      markdown: renderNodePoolReference({
        schema: build.schema,
        unsupportedOn,
        schemaApiLink: coreEntry
          ? '{@link "@kubenode/core"!nodePoolSchema | nodePoolSchema}'
          : '`nodePoolSchema`',
        example: existsSync(join(root, 'examples', 'minimal-pool.yaml'))
          ? {
              yaml: readFileSync(join(root, 'examples', 'minimal-pool.yaml'), 'utf8'),
              source: 'examples/minimal-pool.yaml',
            }
          : undefined,
      }),
    });
    const adapters = [...build.adapters].sort((a, b) => a.id.localeCompare(b.id));
    generated.push({
      file: 'distros.md',
      markdown: renderDistroIndex({ adapters, features: build.features }),
    });
    const distroFiles: { file: string; adapter: DistroAdapterV1 }[] = adapters.map((adapter) => ({
      file: distroPageFile(adapter.id),
      adapter,
    }));
    // A hand-written guide of the same name replaces the one rendered from the README.
    const packageGuides = PACKAGE_GUIDES.filter((guide) => {
      const pkg = packages.find((p) => p.name === guide.packageName);
      return pkg?.readme !== undefined && !handGuides.includes(guide.file);
    });

    for (const file of [
      GETTING_STARTED,
      'nodepool-reference.md',
      'distros.md',
      ...packageGuides.map((g) => g.file),
      ...handGuides.filter((name) => name !== GETTING_STARTED),
    ]) {
      ordered.push(join(guidesDir, file));
      pages.set(join(handGuidesDir, file), join(guidesDir, file));
    }
    for (const { file } of distroFiles) pages.set(join(handGuidesDir, file), join(guidesDir, file));

    const moduleAliases = new Map<string, string>();
    for (const pkg of packages) {
      moduleAliases.set(pkg.dir, pkg.name);
      if (pkg.readme) moduleAliases.set(pkg.readme, pkg.name);
    }
    const ctx: LinkContext = { root, repositoryUrl, pages, moduleAliases, broken: [] };

    // Hand-written guides: staged with a title and links rewritten.
    for (const name of handGuides) {
      const source = join(handGuidesDir, name);
      const staged = join(guidesDir, name);
      let markdown = readFileSync(source, 'utf8');
      if (name === GETTING_STARTED) {
        if (!markdown.includes(README_COMMANDS_MARKER)) {
          throw new SiteBuildError(`docs/guides/${GETTING_STARTED} has no ${README_COMMANDS_MARKER} marker`);
        }
        markdown = markdown.replace(README_COMMANDS_MARKER, `\`\`\`sh\n${commands}\n\`\`\``);
      }
      if (!hasFrontmatter(markdown)) {
        markdown =
          frontmatter({ title: firstHeading(markdown) ?? name.replace(/\.md$/, ''), group: 'Guides' }) +
          markdown;
      } else if (!/^group:/m.test(markdown.slice(0, markdown.indexOf('\n---', 3)))) {
        // A guide with its own frontmatter still belongs in the Guides group.
        markdown = markdown.replace(/^---\n/, '---\ngroup: "Guides"\n');
      }
      writeFileSync(staged, rewriteForSite(markdown, source, staged, ctx));
    }

    // Guides rendered from package READMEs.
    for (const guide of packageGuides) {
      const pkg = packages.find((p) => p.name === guide.packageName) as WorkspacePackage;
      const source = pkg.readme as string;
      const staged = join(guidesDir, guide.file);
      // The guide's own title replaces the README's first heading (the package name).
      const readmeText = readFileSync(source, 'utf8').replace(/^#\s+[^\n]*\n+/, '');
      const body = rewriteForSite(readmeText, source, staged, ctx);
      const intro = `# ${guide.title}\n\n> This guide is the README of ${inlineCode(pkg.name)}; the [API reference](${linkFrom(staged, pkg.dir)}) lists every export.\n\n`;
      writeFileSync(staged, frontmatter({ title: guide.title, group: 'Guides' }) + intro + body);
    }

    // Generated pages.
    for (const page of generated) writeFileSync(join(guidesDir, page.file), page.markdown);
    for (const { file, adapter } of distroFiles) {
      const staged = join(guidesDir, file);
      const pkg = adapterPackage(adapter, packages);
      writeFileSync(
        staged,
        renderDistroPage({
          adapter,
          features: build.features,
          links: pkg
            ? {
                packageName: pkg.name,
                apiPage: linkFrom(staged, pkg.dir),
                hasReadme: pkg.readme !== undefined,
              }
            : {},
        }),
      );
    }

    // The home page.
    const guideTitles = ordered.map((file) => {
      const text = readFileSync(file, 'utf8');
      return {
        file,
        title: /^title: "(.*)"$/m.exec(text)?.[1] ?? firstHeading(text) ?? basename(file, '.md'),
      };
    });
    writeFileSync(
      home,
      renderHome({ intro: readmeIntro(readme), commands, guides: guideTitles, packages, home, adapters }),
    );

    // Package READMEs on their API pages.
    const moduleReadmes = new Map<string, ModuleReadme>();
    for (const pkg of packages) {
      if (!pkg.readme) continue;
      const markdown = rewriteForSite(readFileSync(pkg.readme, 'utf8'), pkg.readme, pkg.readme, ctx);
      moduleReadmes.set(pkg.name, { path: pkg.readme, markdown });
    }

    if (ctx.broken.length > 0) {
      throw new SiteBuildError('broken relative links (the target does not exist):', [
        ...new Set(ctx.broken),
      ]);
    }

    log(
      `docs: ${packages.length} packages (${packages.map((p) => p.name).join(', ')}), ${ordered.length} guides, ${adapters.length} distro pages`,
    );
    const favicon = join(root, 'docs', 'assets', 'favicon.svg');
    const customCss = join(root, 'docs', 'assets', 'site.css');
    const result = await buildTypedocSite({
      root,
      out,
      packages,
      readme: home,
      documents: ordered,
      moduleReadmes,
      moduleAliases,
      workDir: staging,
      repositoryUrl,
      ...(existsSync(favicon) ? { favicon } : {}),
      ...(existsSync(customCss) ? { customCss } : {}),
      requireMemberDocs: options.requireMemberDocs ?? false,
      writeDespiteWarnings: options.writeDespiteWarnings ?? false,
    });
    reportTypedoc(result, packages, log);
    const manifest: SiteManifest = {
      packages: packages.map((pkg) => ({
        name: pkg.name,
        entryPoint: posix(relative(root, pkg.entryPoint as string)),
      })),
      guides: guideTitles.map((g) => g.title),
      distros: adapters.map((adapter) => adapter.id),
      skipped,
      readmeCommands: commands,
    };
    if (result.written)
      writeFileSync(join(out, 'site-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (!result.ok) {
      throw new SiteBuildError(
        'TypeDoc reported problems (warnings are errors)',
        result.messages.map((m) => `${m.level}: ${m.text}`),
      );
    }
    return manifest;
  } finally {
    if (options.keepSources) log(`docs: staged sources kept in ${staging}`);
    else rmSync(staging, { recursive: true, force: true });
  }
}

function reportTypedoc(
  result: TypedocSiteResult,
  packages: readonly WorkspacePackage[],
  log: (line: string) => void,
) {
  for (const pkg of packages) {
    const missing = result.undocumented.filter((u) => u.packageName === pkg.name);
    log(
      missing.length === 0
        ? `docs: ${pkg.name}: every exported symbol is documented`
        : `docs: ${pkg.name}: ${missing.length} exported symbols without a doc comment: ${missing.map((u) => `${u.symbol.replace(`${pkg.name}.`, '')} (${u.kind}, ${u.file})`).join(', ')}`,
    );
  }
}

interface HomeOptions {
  readonly intro: string;
  readonly commands: string;
  readonly guides: readonly { readonly file: string; readonly title: string }[];
  readonly packages: readonly WorkspacePackage[];
  readonly home: string;
  readonly adapters: readonly DistroAdapterV1[];
}

function renderHome(options: HomeOptions): string {
  const { home } = options;
  const lines = [
    options.intro,
    '',
    '```sh',
    options.commands,
    '```',
    '',
    '## Guides',
    '',
    ...options.guides.map((guide) => `- [${proseCell(guide.title)}](${linkFrom(home, guide.file)})`),
    '',
    '## Packages',
    '',
    markdownTable(
      ['Package', 'What it is'],
      options.packages.map((pkg) => [
        `[${inlineCode(pkg.name)}](${linkFrom(home, pkg.dir)})`,
        proseCell(pkg.description),
      ]),
    ),
    '',
  ];
  if (options.adapters.length > 0) {
    lines.push(
      '## Distros',
      '',
      options.adapters
        .map(
          (adapter) =>
            `[${proseCell(adapter.displayName)}](${linkFrom(home, join(dirname(home), 'guides', distroPageFile(adapter.id)))})`,
        )
        .join(' · '),
      '',
    );
  }
  return lines.join('\n');
}

/** The repository root, seen from this file (docs/src). */
export function repositoryRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** Command line: `node tools/build-docs.mjs [--require-member-docs] [--keep-sources] [--write-despite-warnings] [--out DIR]`. */
export async function main(argv: readonly string[]): Promise<number> {
  const outIndex = argv.indexOf('--out');
  try {
    const started = Date.now();
    const manifest = await buildSite({
      root: repositoryRoot(),
      ...(outIndex !== -1 && argv[outIndex + 1] ? { out: resolve(argv[outIndex + 1] as string) } : {}),
      requireMemberDocs: argv.includes('--require-member-docs'),
      keepSources: argv.includes('--keep-sources'),
      writeDespiteWarnings: argv.includes('--write-despite-warnings'),
    });
    console.error(
      `docs: site written to docs/site (${manifest.packages.length} packages, ${manifest.guides.length} guides, ${manifest.distros.length} distros) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } catch (error) {
    console.error(`docs: ${(error as Error).message}`);
    return 1;
  }
}
