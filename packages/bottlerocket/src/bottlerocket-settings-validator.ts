import { didYouMean } from '@kubenode/core';
import { parse, TomlError } from 'smol-toml';
import {
  parseBottlerocketVariant,
  requiredTag,
  variantSections,
  type BottlerocketVariant,
} from './bottlerocket-variant.js';
import { checkSettingValue, joinPath, type SettingsIssue } from './settings-model/check-setting-value.js';
import { settingsModelFor, type ModelSetting, type SettingsModel } from './settings-model/settings-model.js';

/** Options of {@link validateBottlerocketSettings}. */
export interface BottlerocketSettingsValidationOptions {
  /**
   * The variant the settings are for (`metal-k8s-1.32`): restricts the sections to that
   * variant's model, applies Kubernetes-version limits and its required settings. Without one,
   * every documented section is allowed and nothing is required.
   */
  readonly variant?: string;
  /** The Bottlerocket release line whose settings model applies (`1.26`); the newest documented by default. */
  readonly release?: string;
  /**
   * Partial user data merged with settings from elsewhere (a launch template, Karpenter): keys
   * and types are checked, required settings are not.
   */
  readonly partial?: boolean;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

function compareMinor(a: string, b: string): number {
  const [amaj, amin] = a.split('.').map(Number);
  const [bmaj, bmin] = b.split('.').map(Number);
  return (amaj! - bmaj!) * 1000 + (amin! - bmin!);
}

interface Walk {
  readonly settings: readonly { readonly setting: ModelSetting; readonly rest: readonly string[] }[];
}

function walk(
  value: unknown,
  state: Walk,
  path: string,
  variant: BottlerocketVariant | undefined,
  issues: SettingsIssue[],
): void {
  const here = state.settings.find((candidate) => candidate.rest.length === 0);
  if (here) {
    const { setting } = here;
    if (
      setting.minKubernetes &&
      variant?.kubernetesMinor &&
      compareMinor(variant.kubernetesMinor, setting.minKubernetes) < 0
    ) {
      issues.push({
        path,
        message: `only available on Kubernetes ${setting.minKubernetes} and later variants (${variant.name} runs ${variant.kubernetesMinor})`,
      });
    }
    checkSettingValue(value, setting.type, path, issues);
    return;
  }
  if (!isTable(value)) {
    issues.push({
      path,
      message: `expected a table of settings, found ${Array.isArray(value) ? 'an array' : typeof value}`,
    });
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const literal = state.settings.filter((candidate) => candidate.rest[0] === key);
    const named = state.settings.filter((candidate) => candidate.rest[0] === '*');
    // A literal key wins over a user-chosen name at the same level.
    const chosen = (literal.length > 0 ? literal : named).map((candidate) => ({
      setting: candidate.setting,
      rest: candidate.rest.slice(1),
    }));
    const childPath = joinPath(path, key);
    if (chosen.length === 0) {
      const known = [...new Set(state.settings.map((candidate) => candidate.rest[0]!))]
        .filter((name) => name !== '*')
        .sort();
      const suggestion = didYouMean(key, known);
      issues.push({
        path: childPath,
        message: `unknown setting${suggestion ? `; did you mean '${suggestion}'?` : known.length > 0 && known.length <= 12 ? `; expected one of ${known.join(', ')}` : ' (not in the Bottlerocket settings model)'}`,
      });
      continue;
    }
    if (literal.length === 0 && !/^[A-Za-z0-9_-]+$/.test(key)) {
      issues.push({ path: childPath, message: 'invalid name: expected letters, digits, "-" or "_"' });
    }
    walk(child, { settings: chosen }, childPath, variant, issues);
  }
}

function requiredIssues(
  settings: Record<string, unknown>,
  model: SettingsModel,
  variant: BottlerocketVariant,
): SettingsIssue[] {
  const tag = requiredTag(variant);
  if (!tag) return [];
  const kubernetes = isTable(settings.kubernetes) ? settings.kubernetes : {};
  if (kubernetes['standalone-mode'] === true) return [];
  const issues: SettingsIssue[] = [];
  const authentication = kubernetes['authentication-mode'] ?? (variant.platform === 'aws' ? 'aws' : 'tls');
  for (const setting of model.sections.get('kubernetes') ?? []) {
    if (!setting.tags?.includes(tag) || setting.segments.length !== 1) continue;
    const name = setting.segments[0]!;
    if (name === 'bootstrap-token' && authentication !== 'tls') continue;
    if (!(name in kubernetes)) {
      issues.push({
        path: `settings.kubernetes.${name}`,
        message: `required for ${variant.name} (unless standalone-mode = true)`,
      });
    }
  }
  if (authentication === 'tls' && variant.platform === 'aws' && !('bootstrap-token' in kubernetes)) {
    issues.push({
      path: 'settings.kubernetes.bootstrap-token',
      message: 'required with authentication-mode = "tls"',
    });
  }
  if (authentication !== 'tls' && 'bootstrap-token' in kubernetes) {
    issues.push({
      path: 'settings.kubernetes.bootstrap-token',
      message: 'ignored: Bottlerocket reads the bootstrap token only with authentication-mode = "tls"',
    });
  }
  return issues;
}

/**
 * Checks a Bottlerocket settings document (`{ settings: { ... } }`, as parsed from user-data
 * TOML) against the settings model derived from Bottlerocket's settings documentation: unknown
 * sections and keys are errors (with a did-you-mean), values are type-checked, sections the
 * variant's model lacks are refused, Kubernetes-version limits and the variant family's
 * required settings are applied. Never quotes values (they may be secrets).
 */
export function validateBottlerocketSettings(
  document: unknown,
  options: BottlerocketSettingsValidationOptions = {},
): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  let variant: BottlerocketVariant | undefined;
  if (options.variant !== undefined) {
    variant = parseBottlerocketVariant(options.variant);
    if (!variant)
      return [{ path: '(variant)', message: `unknown Bottlerocket variant name '${options.variant}'` }];
  }
  const model = settingsModelFor(options.release);
  if (!isTable(document)) return [{ path: '(root)', message: 'expected a TOML document' }];
  for (const key of Object.keys(document)) {
    if (key !== 'settings')
      issues.push({
        path: key,
        message: 'unknown top-level key; Bottlerocket user data holds only [settings]',
      });
  }
  const settings = document.settings;
  if (settings === undefined) return issues;
  if (!isTable(settings)) return [...issues, { path: 'settings', message: 'expected a table' }];
  const allowed = variant ? new Set(variantSections(variant)) : undefined;
  for (const [section, value] of Object.entries(settings)) {
    const sectionPath = joinPath('settings', section);
    const sectionSettings = model.sections.get(section);
    if (!sectionSettings) {
      const suggestion = didYouMean(section, model.sections.keys());
      issues.push({
        path: sectionPath,
        message: `unknown settings section${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      });
      continue;
    }
    if (allowed && !allowed.has(section)) {
      issues.push({ path: sectionPath, message: `not part of the ${variant!.name} settings model` });
      continue;
    }
    walk(
      value,
      { settings: sectionSettings.map((setting) => ({ setting, rest: setting.segments })) },
      sectionPath,
      variant,
      issues,
    );
  }
  if (variant && !options.partial) issues.push(...requiredIssues(settings, model, variant));
  return issues;
}

/**
 * Parses Bottlerocket user-data TOML and validates it with {@link validateBottlerocketSettings}.
 * A TOML syntax error is one issue at `(toml)` with its line and column.
 */
export function validateBottlerocketUserData(
  toml: string,
  options: BottlerocketSettingsValidationOptions = {},
): SettingsIssue[] {
  let document: unknown;
  try {
    document = parse(toml);
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return [{ path: '(toml)', message: `not valid TOML${where}: ${message}` }];
  }
  return validateBottlerocketSettings(document, options);
}
