/** Which check found a problem. */
export type CloudConfigIssueRule =
  /** The text is not YAML, or not a mapping. */
  | 'yaml'
  /** The first line is not a header the dialect accepts. */
  | 'header'
  /** The typed model of this package (shapes, enums, octal permissions). */
  | 'model'
  /** A key or shape the dialect's cloud-init does not know yet. */
  | 'dialect'
  /** cloud-init's own JSON schema for the dialect. */
  | 'upstream-schema'
  /** A top-level key no cloud-init module of the dialect reads. */
  | 'unknown-key'
  /** A key cloud-init's schema marks deprecated (a warning). */
  | 'deprecated';

/** One problem found in a cloud-config, with the path of the offending value. */
export interface CloudConfigIssue {
  /** Path in the document, e.g. `write_files[2].permissions`; empty for the document itself. */
  readonly path: string;
  /** What is wrong and what was expected. Never quotes the value. */
  readonly message: string;
  /** Errors make cloud-init reject or misread the config; warnings do not. */
  readonly severity: 'error' | 'warning';
  /** Which check found it. */
  readonly rule: CloudConfigIssueRule;
}

/** Formats a path array as `a.b[2].c`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)
        ? `${out === '' ? '' : '.'}${key}`
        : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Formats an issue as one line: `path: message`. */
export function formatCloudConfigIssue(issue: CloudConfigIssue): string {
  const prefix = issue.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${issue.path === '' ? '(document)' : issue.path}: ${issue.message}`;
}
