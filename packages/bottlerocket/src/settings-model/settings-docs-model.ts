/** One documented Bottlerocket setting, as derived from the project's settings documentation data. */
export interface SettingDocEntry {
  /**
   * Dotted path below `settings.<section>`; `*` stands for a name the user chooses
   * (`static-pods.*.enabled`, `*.user-data`). Empty for a section that is itself a value (`motd`).
   */
  readonly path: string;
  /** The first documentation folder (OS release line, e.g. `1.14.x`) that documents the setting. */
  readonly since: string;
  /** The accepted values, when the documentation enumerates them as literal tokens. */
  readonly acceptedValues?: readonly string[];
  /** The documentation marks the setting deprecated. */
  readonly deprecated?: boolean;
  /** Documentation tags, e.g. `required-eks`, `required-metal`, `labels-and-taints`. */
  readonly tags?: readonly string[];
  /** "Only available for Kubernetes X and later" in the documentation: the minimum Kubernetes minor. */
  readonly minKubernetes?: string;
}

/** One `settings.<section>`. */
export interface SettingsDocsSection {
  /** The first documentation folder that documents the section. */
  readonly since: string;
  /** Settings, sorted by path. */
  readonly entries: readonly SettingDocEntry[];
}

/** The documented Bottlerocket settings, merged over every documentation folder. */
export interface SettingsDocsModel {
  /** Where the data comes from. */
  readonly source: string;
  /** Documentation folders merged, ascending (e.g. `1.14.x` ... `1.54.x`). */
  readonly versions: readonly string[];
  /** Sections by name, sorted. */
  readonly sections: Readonly<Record<string, SettingsDocsSection>>;
}
