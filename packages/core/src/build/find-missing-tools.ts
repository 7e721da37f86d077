import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { BuildToolV1 } from '../adapter/v1/image-builder-v1.js';
import { ExternalToolError } from '../errors/external-tool-error.js';

/** Options of {@link findMissingTools} and {@link assertToolsInstalled}. */
export interface ToolLookupOptions {
  /** The search path; `process.env.PATH` plus the sbin directories when omitted. */
  readonly path?: string;
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The tools that are not installed: neither an absolute path that is executable nor found on
 * the search path. `mkfs.*` and `sfdisk` live in `/usr/sbin`, which a non-root `PATH` may lack,
 * so the sbin directories are always searched too.
 */
export function findMissingTools(
  tools: readonly BuildToolV1[],
  options: ToolLookupOptions = {},
): BuildToolV1[] {
  const directories = [...(options.path ?? process.env.PATH ?? '').split(delimiter), ...SBIN].filter(
    (directory) => directory !== '',
  );
  return tools.filter((tool) =>
    isAbsolute(tool.name)
      ? !isExecutable(tool.name)
      : !directories.some((directory) => isExecutable(join(directory, tool.name))),
  );
}

/**
 * Throws an {@link ExternalToolError} (`missing`) for the first missing tool, naming its Debian
 * package and listing the other missing tools and packages, so one `apt-get install` fixes all.
 */
export function assertToolsInstalled(tools: readonly BuildToolV1[], options: ToolLookupOptions = {}): void {
  const missing = findMissingTools(tools, options);
  const first = missing[0];
  if (!first) return;
  const others = missing.slice(1);
  const packages = [...new Set(missing.map((tool) => tool.debianPackage).filter((p) => p !== undefined))];
  throw new ExternalToolError({
    tool: first.name,
    failure: 'missing',
    debianPackage: first.debianPackage,
    detail:
      `needed to ${first.purpose}` +
      (others.length > 0
        ? `; also missing: ${others.map((tool) => tool.name).join(', ')} (apt-get install ${packages.join(' ')})`
        : ''),
  });
}
