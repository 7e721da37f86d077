import { mergeConfig } from 'vitest/config';
import { kubenodeVitestPreset } from '../tools/vitest.preset.js';

/**
 * The documentation site's tests: unit tests of the page generators (workspace sources, no build
 * needed) and the browser test of the built site in `site/` (Nx runs the `site` target first).
 */
export default mergeConfig(kubenodeVitestPreset({ include: ['test/**/*.test.ts'], testTimeout: 120_000 }), {
  test: { hookTimeout: 60_000 },
});
