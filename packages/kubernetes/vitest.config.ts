import { mergeConfig } from 'vitest/config';
import { kubenodeVitestPreset } from '../../tools/vitest.preset.js';

// The two real-time tests (the 200-node rollout and the failover, each a served simulator on a
// compressed clock) run one after the other: run side by side on a 2-core host, each starves the
// other's clock.
export default mergeConfig(kubenodeVitestPreset(), { test: { fileParallelism: false } });
