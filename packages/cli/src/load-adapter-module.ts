import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asDistroAdapterV1, type DistroAdapterV1 } from '@kubenode/core';
import { CliUsageError } from './cli-usage-error.js';

/**
 * Loads a third-party adapter module given by `--adapter` or `KUBENODE_ADAPTERS`: a path or a
 * package name. The module's default export (or `adapter` export) is an adapter or a factory
 * called with no settings; it passes the same boundary check as a first-party adapter.
 */
export async function loadAdapterModule(specifier: string, cwd: string): Promise<DistroAdapterV1[]> {
  const isPath = specifier.startsWith('.') || specifier.startsWith('/');
  let url: string;
  if (isPath) {
    const absolute = resolve(cwd, specifier);
    if (!existsSync(absolute)) throw new CliUsageError(`--adapter ${specifier}: no such file`);
    url = pathToFileURL(absolute).href;
  } else {
    try {
      url = pathToFileURL(createRequire(resolve(cwd, 'package.json')).resolve(specifier)).href;
    } catch {
      throw new CliUsageError(`--adapter ${specifier}: cannot resolve the package from ${cwd}`);
    }
  }
  const module = (await import(url)) as Record<string, unknown>;
  const exported = module.default ?? module.adapter;
  if (exported === undefined) {
    throw new CliUsageError(
      `--adapter ${specifier}: the module has no default export (an adapter or an adapter factory)`,
    );
  }
  const values = Array.isArray(exported) ? exported : [exported];
  return values.map((value) =>
    asDistroAdapterV1(typeof value === 'function' ? (value as () => unknown)() : value),
  );
}
