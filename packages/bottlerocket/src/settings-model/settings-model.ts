import type { SettingType } from './setting-type.js';
import { ALL_SETTING_TYPES } from './setting-types.js';
import docs from './settings-docs.generated.json' with { type: 'json' };
import { compareDocsVersions } from './derive-settings-docs.js';
import type { SettingDocEntry, SettingsDocsModel } from './settings-docs-model.js';

/** The documented settings data kubenode's validator is derived from. */
export const BOTTLEROCKET_SETTINGS_DOCS: SettingsDocsModel = docs as SettingsDocsModel;

/** The newest Bottlerocket release line the vendored settings documentation covers, e.g. `1.54`. */
export const LATEST_SETTINGS_RELEASE = BOTTLEROCKET_SETTINGS_DOCS.versions.at(-1)!.replace(/\.x$/, '');

/** One setting of the model: its documentation facts and its value type. */
export interface ModelSetting extends SettingDocEntry {
  /** `<section>.<path>` (or the section alone for a section-valued setting such as `motd`). */
  readonly key: string;
  readonly section: string;
  /** The path split into segments below the section (`*` = a user-chosen name). */
  readonly segments: readonly string[];
  readonly type: SettingType;
}

/** The settings model of one Bottlerocket release line: every setting documented up to it. */
export interface SettingsModel {
  /** The release line, e.g. `1.54`. */
  readonly release: string;
  /** Settings by section. */
  readonly sections: ReadonlyMap<string, readonly ModelSetting[]>;
}

/** The key of a documented entry in the type table. */
export function settingKey(section: string, path: string): string {
  return path === '' ? section : `${section}.${path}`;
}

/**
 * The settings model of a Bottlerocket release line (`1.26`, `1.54.0`): the documentation
 * folders up to it merged, each setting with its type.
 *
 * @throws {RangeError} for a release older than the documentation data or not a version.
 */
export function settingsModelFor(release: string = LATEST_SETTINGS_RELEASE): SettingsModel {
  const line = /^v?(\d+)\.(\d+)(\.\d+)?$/.exec(release);
  if (!line) throw new RangeError(`not a Bottlerocket release: ${release}`);
  const folder = `${line[1]}.${line[2]}.x`;
  if (compareDocsVersions(folder, BOTTLEROCKET_SETTINGS_DOCS.versions[0]!) < 0) {
    throw new RangeError(
      `the settings documentation starts at ${BOTTLEROCKET_SETTINGS_DOCS.versions[0]}; ${release} is older`,
    );
  }
  const sections = new Map<string, ModelSetting[]>();
  for (const [section, data] of Object.entries(BOTTLEROCKET_SETTINGS_DOCS.sections)) {
    const settings: ModelSetting[] = [];
    for (const entry of data.entries) {
      if (compareDocsVersions(entry.since, folder) > 0) continue;
      const key = settingKey(section, entry.path);
      const type = ALL_SETTING_TYPES[key];
      if (!type) throw new RangeError(`no value type for documented setting settings.${key}`);
      settings.push({
        ...entry,
        key,
        section,
        segments: entry.path === '' ? [] : entry.path.split('.'),
        type,
      });
    }
    if (settings.length > 0) sections.set(section, settings);
  }
  return { release: `${line[1]}.${line[2]}`, sections };
}
