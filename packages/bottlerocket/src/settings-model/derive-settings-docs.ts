import { parse } from 'smol-toml';
import type { SettingDocEntry, SettingsDocsModel, SettingsDocsSection } from './settings-docs-model.js';

/** One documentation file: `data/settings/<version>/<section>.toml`. */
export interface SettingsDocsFile {
  /** Folder name, e.g. `1.15.x`. */
  readonly version: string;
  /** File name without `.toml`, e.g. `kubernetes`. */
  readonly section: string;
  /** The TOML text. */
  readonly text: string;
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** Compares documentation folder names (`1.9.x` < `1.14.x`). */
export function compareDocsVersions(a: string, b: string): number {
  const pa = a.split('.').map((part) => Number.parseInt(part, 10));
  const pb = b.split('.').map((part) => Number.parseInt(part, 10));
  for (let index = 0; index < Math.max(pa.length, pb.length); index += 1) {
    const x = pa[index] ?? 0;
    const y = pb[index] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    if (x !== y) return x - y;
  }
  return 0;
}

/** The literal tokens of an accepted-values list, when every entry is exactly one `token`. */
function literalTokens(accepted: unknown): string[] | undefined {
  if (!Array.isArray(accepted) || accepted.length === 0) return undefined;
  const tokens: string[] = [];
  for (const item of accepted) {
    if (typeof item !== 'string') return undefined;
    const match = /^`([^`]+)`$/.exec(item.trim());
    if (!match) return undefined;
    tokens.push(match[1]!.replace(/^"(.*)"$/, '$1'));
  }
  return tokens;
}

interface RawEntry {
  /** The `docs.ref` key (upstream merges by it). */
  readonly name: string;
  readonly doc: Table;
}

/** The setting path an entry documents: its name override, else its name; `<placeholder>` → `*`. */
function pathOf(name: string, doc: Table): string {
  const override = typeof doc.name_override === 'string' ? doc.name_override : undefined;
  return (override ?? name).replace(/<[^>]+>/g, '*');
}

/**
 * The documented entries of one file. `docs.ref.<name>` is an array of tables documenting
 * `settings.<section>.<name>`, or `<name_override>` when given (`<placeholder>` segments become
 * `*`); a `docs.ref` array is the section's own value (`motd`). Upstream slips are read the way
 * the website renders them: a nested `docs.ref.a.b` table documents `a.b`.
 */
function entriesOf(ref: unknown): RawEntry[] {
  const out: RawEntry[] = [];
  const visit = (value: unknown, name: string): void => {
    if (Array.isArray(value)) {
      const doc = value.findLast((item): item is Table => isTable(item));
      if (!doc) return;
      out.push({ name, doc });
    } else if (isTable(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, name === '' ? key : `${name}.${key}`);
    }
  };
  if (Array.isArray(ref)) visit(ref, '');
  else if (isTable(ref)) for (const [key, value] of Object.entries(ref)) visit(value, key);
  return out;
}

/**
 * A name override written with `_` where its siblings use `.` (`capabilities_net-admin` beside
 * `capabilities.chown`) is the same path; upstream's site shows both spellings.
 */
function normalisePaths(entries: Map<string, { since: string; doc: Table }>): void {
  const prefixes = new Set(
    [...entries.keys()].filter((path) => path.includes('.')).map((path) => path.split('.')[0]!),
  );
  for (const [path, value] of [...entries]) {
    if (path.includes('.')) continue;
    const underscore = path.indexOf('_');
    if (underscore <= 0) continue;
    const prefix = path.slice(0, underscore);
    if (!prefixes.has(prefix)) continue;
    const fixed = `${prefix}.${path.slice(underscore + 1)}`;
    entries.delete(path);
    const existing = entries.get(fixed);
    entries.set(
      fixed,
      existing && compareDocsVersions(existing.since, value.since) <= 0
        ? { ...value, since: existing.since }
        : value,
    );
  }
  // A nested slip (`docs.ref.capabilities.net-admin`) also leaves its parent as a pseudo-entry.
  for (const path of [...entries.keys()]) {
    if (!path.includes('.') && [...entries.keys()].some((other) => other.startsWith(`${path}.`))) {
      const doc = entries.get(path)!.doc;
      if (doc.description === undefined) entries.delete(path);
    }
  }
}

/**
 * Derives the settings model facts (paths, first documented release, enumerated values,
 * deprecation, tags, minimum Kubernetes minor) from the website's settings documentation data,
 * merging folders in ascending version order as the website does. Pure and deterministic.
 */
export function deriveSettingsDocs(files: readonly SettingsDocsFile[], source: string): SettingsDocsModel {
  const versions = [...new Set(files.map((file) => file.version))].sort(compareDocsVersions);
  const sections = new Map<string, { since: string; entries: Map<string, { since: string; doc: Table }> }>();
  // Entries are keyed by their `docs.ref` name while merging (as the website does), by path afterwards.
  for (const version of versions) {
    for (const file of files
      .filter((candidate) => candidate.version === version)
      .sort((a, b) => a.section.localeCompare(b.section))) {
      const parsed = parse(file.text) as Table;
      const docs = isTable(parsed.docs) ? parsed.docs : {};
      let section = sections.get(file.section);
      if (!section) {
        section = { since: version, entries: new Map() };
        sections.set(file.section, section);
      }
      for (const { name, doc } of entriesOf(docs.ref)) {
        const existing = section.entries.get(name);
        section.entries.set(name, { since: existing?.since ?? version, doc });
      }
    }
  }
  const out: Record<string, SettingsDocsSection> = {};
  for (const name of [...sections.keys()].sort()) {
    const section = sections.get(name)!;
    const byPath = new Map<string, { since: string; doc: Table }>();
    for (const [refName, value] of section.entries) {
      const path = pathOf(refName, value.doc);
      const existing = byPath.get(path);
      byPath.set(
        path,
        existing && compareDocsVersions(existing.since, value.since) <= 0
          ? { ...value, since: existing.since }
          : value,
      );
    }
    section.entries = byPath;
    normalisePaths(section.entries);
    const entries: SettingDocEntry[] = [...section.entries.keys()].sort().map((path) => {
      const { since, doc } = section.entries.get(path)!;
      const entry: { -readonly [K in keyof SettingDocEntry]: SettingDocEntry[K] } = { path, since };
      const accepted = literalTokens(doc.accepted_values);
      if (accepted) entry.acceptedValues = accepted;
      if (doc.deprecated === true) entry.deprecated = true;
      if (Array.isArray(doc.tags) && doc.tags.length > 0)
        entry.tags = doc.tags.filter((tag): tag is string => typeof tag === 'string');
      const minimum = /only available for Kubernetes (\d+\.\d+) and later/i.exec(
        typeof doc.description === 'string' ? doc.description : '',
      );
      if (minimum) entry.minKubernetes = minimum[1]!;
      return entry;
    });
    out[name] = { since: section.since, entries };
  }
  return { source, versions, sections: out };
}
