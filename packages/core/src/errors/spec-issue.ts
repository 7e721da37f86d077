/** A path into a JSON document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/**
 * One problem found in a NodePool document (or another user input), located by its JSON path
 * and, for YAML or JSON text, by line and column (1-based).
 */
export interface SpecIssue {
  /** Where the problem is, e.g. `['spec', 'kubernetes', 'bootstrapToken']`. */
  readonly path: JsonPath;
  /** A stable code: `invalid_type`, `unrecognized_key`, `invalid_format`, `yaml_syntax`, ... */
  readonly code: string;
  /** What was expected, in words; never contains the offending value when it may be secret. */
  readonly message: string;
  /** 1-based line in the source text, where known. */
  readonly line?: number;
  /** 1-based column in the source text, where known. */
  readonly column?: number;
}

/** Renders a JSON path the way users write it: `spec.os.files[2].mode`; the root is `(root)`. */
export function formatJsonPath(path: JsonPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** One line per issue: `spec.kubernetes.maxPods (line 9, column 14): expected an integer`. */
export function formatSpecIssue(issue: SpecIssue): string {
  const where =
    issue.line === undefined
      ? ''
      : ` (line ${issue.line}${issue.column === undefined ? '' : `, column ${issue.column}`})`;
  return `${formatJsonPath(issue.path)}${where}: ${issue.message}`;
}
