import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deriveSettingsDocs, type SettingsDocsFile } from '../src/settings-model/derive-settings-docs.js';

/** Where the vendored data comes from (recorded in the generated file). */
export const SETTINGS_DOCS_SOURCE =
  'bottlerocket-os/bottlerocket-project-website:data/settings/<version>/<section>.toml @ 610209648110feaf61e5ce9996f1ad19887230eb (CC-BY-SA-4.0; names and value tokens only)';

/** Reads `<dir>/<version>/<section>.toml` files. */
export function readSettingsDocsFiles(directory: URL): SettingsDocsFile[] {
  const root = fileURLToPath(directory);
  const files: SettingsDocsFile[] = [];
  for (const version of readdirSync(root).filter((name) => /^\d+\.\d+\.x$/.test(name))) {
    for (const name of readdirSync(`${root}/${version}`).filter((file) => file.endsWith('.toml'))) {
      files.push({
        version,
        section: name.slice(0, -'.toml'.length),
        text: readFileSync(`${root}/${version}/${name}`, 'utf8'),
      });
    }
  }
  return files;
}

/** The generated JSON text (formatted with the repository's Prettier settings). @internal */
export async function renderSettingsDocsJson(directory: URL): Promise<string> {
  const model = deriveSettingsDocs(readSettingsDocsFiles(directory), SETTINGS_DOCS_SOURCE);
  const { format } = await import('prettier');
  return format(JSON.stringify(model), { parser: 'json', printWidth: 110 });
}
