import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { asDistroAdapterV1, KubenodeError, type DistroAdapterV1 } from '@kubenode/core';
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
  const failed = (what: string, error: unknown) =>
    new CliUsageError(
      `--adapter ${specifier}: ${what}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
    );
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    // The third-party module's own fault (a syntax error, a throw at import): not a kubenode bug.
    throw failed('the module failed to load', error);
  }
  const exported = module.default ?? module.adapter;
  if (exported === undefined) {
    throw new CliUsageError(
      `--adapter ${specifier}: the module has no default export (an adapter or an adapter factory)`,
    );
  }
  const values = Array.isArray(exported) ? exported : [exported];
  return values.map((value) => {
    let adapter: unknown = value;
    if (typeof value === 'function') {
      try {
        adapter = (value as () => unknown)();
      } catch (error) {
        if (KubenodeError.isInstance(error)) throw error;
        throw failed('the adapter factory failed', error);
      }
    }
    return asDistroAdapterV1(adapter);
  });
}
