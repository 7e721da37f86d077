/** One file as the node gets it. */
export interface ViewFile {
  readonly bytes: Buffer;
  /** The mode, when the format carries one. */
  readonly mode?: number;
  readonly owner?: string;
  readonly group?: string;
}

/** One systemd unit as the node gets it. */
export interface ViewUnit {
  readonly contents?: string;
  readonly enabled?: boolean;
  readonly mask?: boolean;
  readonly dropins: ReadonlyMap<string, string>;
}

/** One user as the node gets it. */
export interface ViewUser {
  readonly sshAuthorizedKeys: readonly string[];
  readonly passwordHash?: string;
  readonly shell?: string;
  readonly groups?: readonly string[];
}

/** One taint as the node registers it. */
export interface ViewTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/**
 * What a node receives from rendered artifacts, read back by independent readers (upstream
 * parsers where they exist): the values kubenode promised, and a structural shape that must not
 * depend on the pool's free-form text. Fields are absent when the format has no such notion.
 */
export interface NodeView {
  /** The parsed artifacts and decoded generated files, with every string leaf blanked: compared against a benign twin's. */
  readonly shape: unknown;
  readonly files?: ReadonlyMap<string, ViewFile>;
  readonly units?: ReadonlyMap<string, ViewUnit>;
  /** Commands the node runs, each as the shell receives it (for YAML lists: one entry per command). */
  readonly commands?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly ViewTaint[];
  readonly sysctls?: Readonly<Record<string, string>>;
  /** The pass-through KubeletConfiguration fields (formats that carry them unchanged). */
  readonly kubelet?: Readonly<Record<string, unknown>>;
  readonly users?: ReadonlyMap<string, ViewUser>;
  /** Registry host (or `*`) → mirror URLs in order. */
  readonly mirrors?: Readonly<Record<string, readonly string[]>>;
  /** Environment variables given to services (proxy), per unit or scope. */
  readonly proxyEnvironment?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Problems the reader found that the format's own tools would stumble on (undecodable content, ...). */
  readonly problems: readonly string[];
}
