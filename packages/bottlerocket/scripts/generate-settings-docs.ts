/**
 * Regenerates src/settings-model/settings-docs.generated.json from the vendored settings
 * documentation data in settings-data/ (see settings-data/SOURCES.md).
 *
 *   npx tsx scripts/generate-settings-docs.ts
 */
import { writeFileSync } from 'node:fs';
import { renderSettingsDocsJson } from './render-settings-docs-json.js';

const target = new URL('../src/settings-model/settings-docs.generated.json', import.meta.url);
writeFileSync(target, await renderSettingsDocsJson(new URL('../settings-data/', import.meta.url)));
process.stdout.write(`wrote ${target.pathname}\n`);
