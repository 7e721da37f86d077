/** An upstream validator that judges an adapter's output, run by the CLI and CI. */
export interface ExternalValidatorV1 {
  /** Executable, e.g. `ignition-validate`. */
  readonly tool: string;
  /** The Debian package that provides it. */
  readonly debianPackage?: string;
  /** The artifact (by name) it checks. */
  readonly artifact: string;
  /** Arguments; `{file}` is replaced by the artifact's path. */
  readonly args: readonly string[];
  /** What the validator checks, in words. */
  readonly description: string;
}

/** One problem an adapter's own validator found in rendered output. */
export interface OutputIssueV1 {
  /** Artifact name. */
  readonly artifact: string;
  /** Path inside the artifact, e.g. `storage.files[2].mode`. */
  readonly path: string;
  readonly message: string;
}
