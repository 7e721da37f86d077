import { kubenodeVitestPreset } from '../../tools/vitest.preset.js';

export default kubenodeVitestPreset();
