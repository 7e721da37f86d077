/** One provisioning artifact: what a machine is booted with, or a file that goes with it. */
export interface ProvisioningArtifactV1 {
  /** File name, e.g. `config.ign`, `user-data`, `user-data.toml`. */
  readonly name: string;
  /** Media type, e.g. `application/vnd.coreos.ignition+json`, `text/cloud-config`. */
  readonly mediaType: string;
  /** The artifact text. */
  readonly contents: string;
  /** `user-data` is what the machine boots with; `auxiliary` files go beside it. */
  readonly role: 'user-data' | 'auxiliary';
  /** True when the contents hold secrets: written with mode 0600, never printed in logs. */
  readonly containsSecrets: boolean;
}

/** A non-fatal finding of rendering or validation. Never contains secrets. */
export interface WarningV1 {
  /** Stable code, e.g. `end-of-life`, `user-data-size`. */
  readonly code: string;
  /** What the user should know. */
  readonly message: string;
  /** The NodePool field concerned, as a dotted path, when there is one. */
  readonly path?: string;
}

/** What `provision()` returns: the artifacts and any warnings. */
export interface ProvisioningResultV1 {
  /** Artifacts; the first `user-data` artifact is the one to boot with. */
  readonly artifacts: readonly ProvisioningArtifactV1[];
  /** Warnings for the user. */
  readonly warnings: readonly WarningV1[];
}
