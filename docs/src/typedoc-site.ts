import { mkdtempSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  Application,
  Comment,
  CommentTag,
  ConsoleLogger,
  Converter,
  Logger,
  LogLevel,
  MinimalSourceFile,
  ReflectionKind,
  type DeclarationReflection,
  type NormalizedPath,
  type ProjectReflection,
  type TypeDocOptions,
} from 'typedoc';
import type { WorkspacePackage } from './workspace-packages.js';

/**
 * Reflection kinds that must carry a doc comment: every exported symbol (functions, classes,
 * interfaces, type aliases, variables, enums, namespaces) and the methods and accessors of
 * exported classes and interfaces.
 */
export const REQUIRED_TO_BE_DOCUMENTED = [
  'Namespace',
  'Enum',
  'Variable',
  'Function',
  'Class',
  'Interface',
  'TypeAlias',
  'Method',
  'Accessor',
] as const;

/** Additionally required with `requireMemberDocs`: properties and enum members. */
export const MEMBER_KINDS = ['Property', 'EnumMember'] as const;

/** A package README shown on the package's API page, with links already rewritten for the site. */
export interface ModuleReadme {
  /** Absolute path of the README (relative links inside resolve from its directory). */
  readonly path: string;
  readonly markdown: string;
}

/** Inputs of the TypeDoc run. */
export interface TypedocSiteOptions {
  /** Repository root. */
  readonly root: string;
  /** Output directory of the site (cleaned first). */
  readonly out: string;
  /** The documented packages, one entry point each. */
  readonly packages: readonly WorkspacePackage[];
  /** The home page (markdown). */
  readonly readme: string;
  /** Project documents (guides), in navigation order. */
  readonly documents: readonly string[];
  /** Per package name: the README shown on its API page. */
  readonly moduleReadmes: ReadonlyMap<string, ModuleReadme>;
  /** Extra paths (package directories, READMEs) whose links lead to a package's API page. */
  readonly moduleAliases: ReadonlyMap<string, string>;
  /** The site's icon (SVG or PNG), when there is one. */
  readonly favicon?: string;
  /** A stylesheet added to TypeDoc's theme, when there is one. */
  readonly customCss?: string;
  /** Directory for the generated tsconfig. */
  readonly workDir: string;
  /** Browsable repository URL for source links. */
  readonly repositoryUrl: string | undefined;
  /** Also require doc comments on properties and enum members. */
  readonly requireMemberDocs?: boolean;
  /** Write the site even when TypeDoc warned (the result still says `ok: false`). */
  readonly writeDespiteWarnings?: boolean;
}

/** One warning or error TypeDoc reported. */
export interface TypedocMessage {
  readonly level: 'warning' | 'error';
  readonly text: string;
}

/** An exported symbol without a doc comment, as TypeDoc's `notDocumented` validation reports it. */
export interface UndocumentedSymbol {
  /** Package the symbol is defined in. */
  readonly packageName: string;
  /** Qualified name as TypeDoc shows it (`@kubenode/core.parseNodePool`). */
  readonly symbol: string;
  /** Reflection kind (`Function`, `Interface`, ...). */
  readonly kind: string;
  /** Source file, relative to the package. */
  readonly file: string;
}

/** What the TypeDoc run produced. */
export interface TypedocSiteResult {
  /** Whether TypeDoc reported neither warnings nor errors. */
  readonly ok: boolean;
  /** Whether the site was written. */
  readonly written: boolean;
  readonly messages: readonly TypedocMessage[];
  readonly undocumented: readonly UndocumentedSymbol[];
  /** Module name per package name, as used in the site. */
  readonly modules: readonly string[];
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Keeps TypeDoc's warnings and errors for the build's own report (which prints each once). */
class RecordingLogger extends ConsoleLogger {
  readonly messages: TypedocMessage[] = [];
  override log(message: string, level: Exclude<LogLevel, LogLevel.None>): void {
    if (level === LogLevel.Warn || level === LogLevel.Error) {
      this.messages.push({
        level: level === LogLevel.Warn ? 'warning' : 'error',
        text: message.replace(ANSI, '').replace(/^\[(?:warning|error)\] /, ''),
      });
      // Count it (Logger.log keeps the counts) without printing it twice.
      Logger.prototype.log.call(this, message, level);
    } else {
      super.log(message, level);
    }
  }
}

const UNDOCUMENTED =
  /^(?:\[warning\] )?(.+) \((\w+)\), defined in (@?[^/\s]+(?:\/[^/\s]+)?)\/(\S+), does not have any documentation/;

/** Reads TypeDoc's `notDocumented` warnings back into structured form. */
export function parseUndocumented(
  messages: readonly TypedocMessage[],
  packageNames: readonly string[],
): UndocumentedSymbol[] {
  const out: UndocumentedSymbol[] = [];
  for (const message of messages) {
    const match = UNDOCUMENTED.exec(message.text);
    if (!match) continue;
    const [, symbol = '', kind = '', location = '', rest = ''] = match;
    // `location/rest` is `<package name>/<path in package>`; scoped names contain one slash.
    const full = `${location}/${rest}`;
    const packageName = packageNames.find((name) => full.startsWith(`${name}/`)) ?? location;
    out.push({ packageName, symbol, kind, file: full.slice(packageName.length + 1) });
  }
  return out;
}

/** The module name TypeDoc derives from an entry point with `displayBasePath` = the repository root. */
function derivedModuleName(root: string, entryPoint: string): string {
  return relative(root, entryPoint)
    .split('\\')
    .join('/')
    .replace(/(\/index)?(\.d)?\.([cm][tj]s|[tj]sx?)$/, '');
}

/**
 * Runs TypeDoc over every package's entry point in one TypeScript program (workspace imports
 * resolve to sources, so cross-package types link to each other), names each module after its
 * package, shows the package README on its page, adds the guides as project documents with
 * search over them, and fails on any warning: undocumented exports, broken links, unexported
 * types in the public API.
 */
export async function buildTypedocSite(options: TypedocSiteOptions): Promise<TypedocSiteResult> {
  const { root, packages } = options;
  const entryPoints = packages.map((pkg) => pkg.entryPoint as string);
  // A fresh file per run: TypeDoc caches tsconfig files it has read by path.
  const tsconfig = join(mkdtempSync(join(options.workDir, 'typedoc-')), 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        extends: join(root, 'tsconfig.base.json'),
        compilerOptions: { noEmit: true },
        files: [...entryPoints, join(root, 'tools', 'globals.d.ts')],
      },
      null,
      2,
    ),
  );
  const requiredToBeDocumented: string[] = [...REQUIRED_TO_BE_DOCUMENTED];
  if (options.requireMemberDocs) requiredToBeDocumented.push(...MEMBER_KINDS);
  const typedocOptions: TypeDocOptions = {
    name: 'kubenode',
    entryPoints,
    entryPointStrategy: 'resolve',
    tsconfig,
    basePath: root,
    displayBasePath: root,
    out: options.out,
    readme: options.readme,
    projectDocuments: [...options.documents],
    alwaysCreateEntryPointModule: true,
    excludeInternal: true,
    excludePrivate: true,
    excludeExternals: true,
    excludeNotDocumented: false,
    skipErrorChecking: true,
    disableSources: options.repositoryUrl === undefined,
    disableGit: true,
    ...(options.repositoryUrl
      ? { sourceLinkTemplate: `${options.repositoryUrl}/blob/main/{path}#L{line}` }
      : {}),
    searchInDocuments: true,
    searchInComments: true,
    hideGenerator: true,
    ...(options.favicon ? { favicon: options.favicon } : {}),
    ...(options.customCss ? { customCss: options.customCss } : {}),
    githubPages: false,
    sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
    groupOrder: ['Guides', 'Distros', 'Packages', '*'],
    navigation: { includeCategories: false, includeGroups: true, includeFolders: false },
    ...(options.repositoryUrl ? { navigationLinks: { GitHub: options.repositoryUrl } } : {}),
    requiredToBeDocumented: requiredToBeDocumented as TypeDocOptions['requiredToBeDocumented'],
    packagesRequiringDocumentation: packages.map((pkg) => pkg.name),
    validation: {
      notExported: true,
      notDocumented: true,
      invalidLink: true,
      invalidPath: true,
      rewrittenLink: true,
      unusedMergeModuleWith: true,
    },
    treatWarningsAsErrors: true,
    treatValidationWarningsAsErrors: true,
    logLevel: 'Warn',
  };
  const app = await Application.bootstrapWithPlugins(typedocOptions);
  const logger = new RecordingLogger();
  logger.level = LogLevel.Warn;
  app.logger = logger;

  const packageByModule = new Map(
    packages.map((pkg) => [derivedModuleName(root, pkg.entryPoint as string), pkg]),
  );
  const modules = new Map<string, DeclarationReflection>();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const pkg = packageByModule.get(reflection.name);
    if (!pkg) return;
    reflection.name = pkg.name;
    modules.set(pkg.name, reflection);
    // List packages under "Packages" (TypeDoc's default group would say "Modules").
    reflection.comment ??= new Comment();
    reflection.comment.blockTags.push(new CommentTag('@group', [{ kind: 'text', text: 'Packages' }]));
    const readme = options.moduleReadmes.get(pkg.name);
    if (readme) {
      const { content } = context.converter.parseRawComment(
        new MinimalSourceFile(readme.markdown, readme.path.split('\\').join('/') as NormalizedPath),
        context.project.files,
      );
      reflection.readme = content;
    }
  });
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    registerAliases(context.project, modules, options.moduleAliases);
  });

  const project = await app.convert();
  const undocumented = () =>
    parseUndocumented(
      logger.messages,
      packages.map((pkg) => pkg.name),
    );
  if (!project)
    return {
      ok: false,
      written: false,
      messages: logger.messages,
      undocumented: undocumented(),
      modules: [],
    };
  app.validate(project);
  if (logger.hasErrors() || (logger.hasWarnings() && !options.writeDespiteWarnings)) {
    return {
      ok: false,
      written: false,
      messages: logger.messages,
      undocumented: undocumented(),
      modules: [...modules.keys()],
    };
  }
  await app.generateDocs(project, options.out);
  const ok = !logger.hasErrors() && !logger.hasWarnings();
  return {
    ok,
    written: true,
    messages: logger.messages,
    undocumented: undocumented(),
    modules: [...modules.keys()],
  };
}

function registerAliases(
  project: ProjectReflection,
  modules: ReadonlyMap<string, DeclarationReflection>,
  aliases: ReadonlyMap<string, string>,
): void {
  for (const [path, packageName] of aliases) {
    const module = modules.get(packageName);
    if (module) project.files.registerReflectionPath(path.split('\\').join('/') as NormalizedPath, module);
  }
}
