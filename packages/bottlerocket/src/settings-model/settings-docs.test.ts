import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSettingsDocsFiles, renderSettingsDocsJson } from '../../scripts/render-settings-docs-json.js';
import { KUBELET_FIELD_MAPPINGS } from '../bottlerocket-kubelet-fields.js';
import { deriveSettingsDocs } from './derive-settings-docs.js';
import { ALL_SETTING_TYPES } from './setting-types.js';
import { BOTTLEROCKET_SETTINGS_DOCS, settingKey, settingsModelFor } from './settings-model.js';

const dataDirectory = new URL('../../settings-data/', import.meta.url);

describe('the settings model derived from the vendored Bottlerocket settings documentation', () => {
  it('is in sync with settings-data/ (regenerate with npx tsx scripts/generate-settings-docs.ts)', async () => {
    const committed = readFileSync(new URL('./settings-docs.generated.json', import.meta.url), 'utf8');
    expect(await renderSettingsDocsJson(dataDirectory)).toBe(committed);
  });

  it('merges all 18 documentation folders (42 files) as the website does', () => {
    const files = readSettingsDocsFiles(dataDirectory);
    expect(files).toHaveLength(42);
    expect(BOTTLEROCKET_SETTINGS_DOCS.versions).toHaveLength(18);
    expect(BOTTLEROCKET_SETTINGS_DOCS.versions[0]).toBe('1.14.x');
    expect(BOTTLEROCKET_SETTINGS_DOCS.versions.at(-1)).toBe('1.54.x');
    expect(Object.keys(BOTTLEROCKET_SETTINGS_DOCS.sections)).toHaveLength(25);
  });

  it('reads name overrides, placeholders, a later folder replacing a setting, and the section-valued motd', () => {
    const paths = (section: string) =>
      BOTTLEROCKET_SETTINGS_DOCS.sections[section]!.entries.map((entry) => entry.path);
    // 1.14.x documents "<custom identifier>.enabled"; 1.15.x replaces it with "static-pods.<custom identifier>.enabled".
    expect(paths('kubernetes')).toContain('static-pods.*.enabled');
    expect(paths('kubernetes')).not.toContain('*.enabled');
    expect(paths('host-containers')).toEqual(['*.enabled', '*.source', '*.superpowered', '*.user-data']);
    expect(paths('motd')).toEqual(['']);
    // The upstream slips `capabilities_net-admin` / `[[docs.ref.capabilities.net-admin]]` are one setting.
    expect(paths('oci-defaults').filter((path) => path.includes('net-admin'))).toEqual([
      'capabilities.net-admin',
    ]);
    expect(paths('oci-defaults')).not.toContain('capabilities');
    const entry = (section: string, path: string) =>
      BOTTLEROCKET_SETTINGS_DOCS.sections[section]!.entries.find((e) => e.path === path)!;
    expect(entry('kubernetes', 'single-process-oom-kill').minKubernetes).toBe('1.32');
    expect(entry('kubernetes', 'ids-per-pod').minKubernetes).toBe('1.33');
    expect(entry('kubernetes', 'cpu-manager-policy').acceptedValues).toEqual(['static', 'none']);
    expect(entry('bootstrap-containers', '*.mode').acceptedValues).toEqual(['always', 'off', 'once']);
    expect(entry('kubernetes', 'pod-infra-container-image').deprecated).toBe(true);
    expect(entry('kubernetes', 'max-parallel-image-pulls').since).toBe('1.51.x');
    expect(entry('kubernetes', 'api-server').tags).toEqual([
      'required-eks',
      'required-vmware',
      'required-metal',
    ]);
  });

  it('types every documented setting and nothing else', () => {
    const documented = Object.entries(BOTTLEROCKET_SETTINGS_DOCS.sections)
      .flatMap(([section, data]) => data.entries.map((entry) => settingKey(section, entry.path)))
      .sort();
    expect(Object.keys(ALL_SETTING_TYPES).sort()).toEqual(documented);
  });

  it('keeps accepted-value enums of the documentation in the types', () => {
    for (const [section, data] of Object.entries(BOTTLEROCKET_SETTINGS_DOCS.sections)) {
      for (const entry of data.entries) {
        const type = ALL_SETTING_TYPES[settingKey(section, entry.path)]!;
        if (!entry.acceptedValues) continue;
        if (entry.acceptedValues.join() === 'true,false')
          expect(type.kind, settingKey(section, entry.path)).toBe('boolean');
        else if (type.kind === 'string')
          expect(type.enum, settingKey(section, entry.path)).toEqual(entry.acceptedValues);
        else if (type.kind === 'list' && type.of.kind === 'string')
          expect(type.of.enum).toEqual(entry.acceptedValues);
      }
    }
  });

  it('maps every KubeletConfiguration field onto a documented settings.kubernetes key', () => {
    const kubernetes = new Set(
      BOTTLEROCKET_SETTINGS_DOCS.sections.kubernetes!.entries.map((entry) => entry.path),
    );
    for (const [field, mapping] of Object.entries(KUBELET_FIELD_MAPPINGS)) {
      if (mapping.kind === 'setting') expect(kubernetes.has(mapping.setting), field).toBe(true);
    }
  });

  it('builds the model of an older release from the folders up to it', () => {
    const latest = settingsModelFor();
    const older = settingsModelFor('1.26.1');
    const names = (model: ReturnType<typeof settingsModelFor>, section: string) =>
      (model.sections.get(section) ?? []).map((setting) => setting.segments.join('.'));
    expect(names(latest, 'kubernetes')).toContain('max-parallel-image-pulls');
    expect(names(older, 'kubernetes')).not.toContain('max-parallel-image-pulls');
    expect(older.sections.has('image-verifier-plugins')).toBe(false);
    expect(older.release).toBe('1.26');
    expect(() => settingsModelFor('1.9.0')).toThrow(/starts at 1.14.x/);
    expect(() => settingsModelFor('latest')).toThrow(RangeError);
  });

  it('derives deterministically whatever the file order', () => {
    const files = readSettingsDocsFiles(dataDirectory);
    expect(deriveSettingsDocs([...files].reverse(), 'x')).toEqual(deriveSettingsDocs(files, 'x'));
  });
});
