/** What the ISO remaster puts on the kernel command line. */
export interface K3osBootOptions {
  /** Extra kernel arguments (spec.os.kernelArgs). */
  readonly kernelArgs: readonly string[];
  /** Unattended install: `k3os.mode=install` and `k3os.install.*` arguments; undefined keeps the menu's modes. */
  readonly install?: {
    readonly device: string;
    readonly silent: boolean;
    readonly powerOff: boolean;
    readonly noFormat: boolean;
    readonly forceEfi: boolean;
    readonly tty?: string;
    readonly debug: boolean;
  };
}

/** The k3OS kernel command-line arguments for an unattended install (`k3os.install.<key>`; bare = true). */
export function k3osInstallArguments(install: NonNullable<K3osBootOptions['install']>): string[] {
  const args = [`k3os.install.device=${install.device}`];
  if (install.silent) args.push('k3os.install.silent');
  if (install.powerOff) args.push('k3os.install.power_off');
  if (install.noFormat) args.push('k3os.install.no_format');
  if (install.forceEfi) args.push('k3os.install.force_efi');
  if (install.tty !== undefined) args.push(`k3os.install.tty=${install.tty}`);
  if (install.debug) args.push('k3os.install.debug');
  return args;
}

/**
 * Edits a k3OS ISO's `/boot/grub/grub.cfg`: every `linux` line gets the extra kernel arguments;
 * with `install`, lines that set `k3os.mode` boot `k3os.mode=install` with the install arguments.
 * Returns undefined when the text has no `linux` line (not a k3OS grub.cfg).
 */
export function editK3osGrubConfig(text: string, options: K3osBootOptions): string | undefined {
  let found = false;
  const lines = text.split('\n').map((line) => {
    if (!/^\s*linux\s/.test(line)) return line;
    found = true;
    let edited = line.replace(/\s+$/, '');
    const extra = [...options.kernelArgs];
    if (options.install && /(^|\s)k3os\.mode=\S*/.test(edited)) {
      edited = edited.replace(/(^|\s)k3os\.mode=\S*/, '$1k3os.mode=install');
      extra.unshift(...k3osInstallArguments(options.install));
    }
    return extra.length > 0 ? `${edited} ${extra.join(' ')}` : edited;
  });
  return found ? lines.join('\n') : undefined;
}
