/** A systemd drop-in. */
export interface SystemdDropinV1 {
  /** File name ending in `.conf`. */
  readonly name: string;
  /** INI contents. */
  readonly contents: string;
}

/** A systemd unit an adapter places on the node. */
export interface SystemdUnitV1 {
  /** Unit name with suffix, e.g. `kubeadm-join.service`. */
  readonly name: string;
  /** Full unit contents; undefined to only enable, mask or add drop-ins to an existing unit. */
  readonly contents?: string;
  /** true: enable; false: disable; undefined: leave as is. */
  readonly enabled?: boolean;
  /** Mask the unit. */
  readonly mask: boolean;
  /** Drop-ins, in order. */
  readonly dropins: readonly SystemdDropinV1[];
}
