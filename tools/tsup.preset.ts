import type { Options } from 'tsup';

/**
 * The one tsup preset every kubenode package builds with: ESM and CJS with types, source maps,
 * `__PACKAGE_VERSION__` injected from the package's own package.json.
 */
export function kubenodeTsupPreset(options: {
  /** The package's version, injected as `__PACKAGE_VERSION__`. */
  version: string;
  /** Entry points, relative to the package root. Defaults to `src/index.ts`. */
  entry?: Record<string, string> | string[];
  /** Extra entries built as ESM only (CLI bins). */
  binEntry?: Record<string, string>;
}): Options[] {
  const shared: Options = {
    dts: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    define: { __PACKAGE_VERSION__: JSON.stringify(options.version) },
    tsconfig: 'tsconfig.build.json',
  };
  const configs: Options[] = [
    {
      ...shared,
      entry: options.entry ?? ['src/index.ts'],
      format: ['esm', 'cjs'],
      clean: true,
    },
  ];
  if (options.binEntry) {
    configs.push({
      ...shared,
      dts: false,
      entry: options.binEntry,
      format: ['esm'],
      clean: false,
      banner: { js: '#!/usr/bin/env node' },
    });
  }
  return configs;
}
