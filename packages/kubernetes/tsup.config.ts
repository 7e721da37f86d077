import { defineConfig } from 'tsup';
import { kubenodeTsupPreset } from '../../tools/tsup.preset.js';
import pkg from './package.json' with { type: 'json' };

export default defineConfig(kubenodeTsupPreset({ version: pkg.version }));
