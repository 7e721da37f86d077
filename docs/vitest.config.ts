import { defineConfig } from 'vitest/config';

/**
 * The documentation site's tests: unit tests of the page generators (no build needed) and the
 * browser test of the built site in `site/` (run after `npm run docs`; Nx runs the `site` target
 * first).
 */
export default defineConfig({
  resolve: { conditions: ['@kubenode/source'] },
  ssr: { resolve: { conditions: ['@kubenode/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
