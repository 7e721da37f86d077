/** A path into an Ignition config: object keys and array indexes. */
export type IgnitionPath = readonly (string | number)[];

/** One problem found in an Ignition config (or a Butane document). */
export interface IgnitionIssue {
  /** `error` makes the config invalid; `warning` is what ignition-validate reports but accepts. */
  readonly severity: 'error' | 'warning';
  /** Where, e.g. `['storage', 'files', 0, 'mode']`. */
  readonly path: IgnitionPath;
  /** Stable code, e.g. `path-not-absolute`, `duplicate`, `illegal-mode`, `unknown-key`. */
  readonly code: string;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** Renders a path the way JSONPath writes it: `$.storage.files[0].mode`. */
export function formatIgnitionPath(path: IgnitionPath): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** One line per issue: `error at $.storage.files[0].path: path not absolute`. */
export function formatIgnitionIssue(issue: IgnitionIssue): string {
  return `${issue.severity} at ${formatIgnitionPath(issue.path)}: ${issue.message}`;
}
