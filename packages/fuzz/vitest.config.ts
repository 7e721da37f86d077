import { mergeConfig } from 'vitest/config';
import { kubenodeVitestPreset } from '../../tools/vitest.preset.js';

// Property runs render thousands of pools and wait for upstream validators in other processes:
// generous per-test timeouts, both cores busy, and modules imported once per worker (not once
// per adapter's file: the workspace sources take seconds to load).
export default mergeConfig(kubenodeVitestPreset({ testTimeout: 600_000 }), {
  test: { maxWorkers: 2, isolate: false },
});
