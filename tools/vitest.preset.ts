import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The shared vitest configuration: tests beside the code, workspace packages resolved to their
 * sources through the `@kubenode/source` export condition, so tests never need a prior build.
 */
export function kubenodeVitestPreset(overrides: { testTimeout?: number; include?: string[] } = {}) {
  const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version?: string };
  return defineConfig({
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version ?? '0.0.0') },
    resolve: { conditions: ['@kubenode/source'] },
    ssr: { resolve: { conditions: ['@kubenode/source'] } },
    test: {
      include: overrides.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 20_000,
      pool: 'forks',
      typecheck: { enabled: false },
    },
  });
}
