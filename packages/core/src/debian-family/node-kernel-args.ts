import { z } from 'zod';
import { osFile, type OsFileV1 } from '../adapter/v1/os-file-v1.js';

/** The GRUB drop-in that carries `spec.os.kernelArgs` on GRUB images. */
export const GRUB_KERNEL_ARGS_FILE = '/etc/default/grub.d/90-kubenode.cfg';
/** The kernel command line `kernel-install` writes into new Boot Loader Specification entries (systemd-boot images). */
export const KERNEL_INSTALL_CMDLINE_FILE = '/etc/kernel/cmdline';
/** The first-boot script that adds `spec.os.kernelArgs` on systemd-boot images (in /run: needed once). */
export const SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT = '/run/kubenode/systemd-boot-kernel-args.sh';

/** The boot loaders a cloud-init node's kernel arguments can be written for. */
export const NODE_BOOT_LOADERS = ['grub', 'systemd-boot'] as const;

/** A boot loader of a cloud-init node: GRUB (the distributions' cloud images) or systemd-boot (kubenode-built images). */
export type NodeBootLoader = (typeof NODE_BOOT_LOADERS)[number];

/** `spec.adapterOptions.<id>.bootLoader`: how `spec.os.kernelArgs` reach the kernel at the next boot. */
export const nodeBootLoaderSchema = z
  .enum(NODE_BOOT_LOADERS)
  .default('grub')
  .describe(
    'The boot loader of the image, for spec.os.kernelArgs: grub (the distribution cloud images: /etc/default/grub.d + update-grub) or systemd-boot (images built by kubenode build: /etc/kernel/cmdline and the Boot Loader Specification entries).',
  );

/**
 * A kernel command line with arguments added: each argument not already on the line (as a whole
 * word) is appended, in order; the line's own words stay as they are. The same rule the
 * systemd-boot first-boot step applies on the node, so an image built with the arguments and a
 * first boot that adds them again give one command line.
 */
export function withKernelArgs(line: string, args: readonly string[]): string {
  const words = line.split(/\s+/).filter((word) => word !== '');
  for (const arg of args) if (!words.includes(arg)) words.push(arg);
  return words.join(' ');
}

/**
 * The first-boot script for systemd-boot (POSIX sh; the arguments are its positional
 * parameters, so no argument is ever parsed as shell): adds the arguments that are missing to
 * `/etc/kernel/cmdline` (from which kernel-install writes the entries of future kernels; taken
 * from /usr/lib/kernel/cmdline or the running kernel's command line when absent, as
 * kernel-install does) and to the `options` of every Boot Loader Specification entry in the
 * boot partition bootctl finds, which systemd-boot reads at the next boot.
 */
const SYSTEMD_BOOT_SCRIPT = [
  '#!/bin/sh',
  '# Written by kubenode: adds spec.os.kernelArgs (the arguments) to /etc/kernel/cmdline and the boot entries.',
  'set -e',
  'args="$*"',
  'with_args() {',
  '  set -f',
  '  line=',
  '  for a in $1; do line="${line:+$line }$a"; done',
  '  for a in $args; do case " $line " in *" $a "*) ;; *) line="${line:+$line }$a" ;; esac; done',
  '  set +f',
  '  printf "%s\\n" "$line"',
  '}',
  'boot=$(bootctl --print-boot-path)',
  `current=$(cat ${KERNEL_INSTALL_CMDLINE_FILE} 2>/dev/null || cat /usr/lib/kernel/cmdline 2>/dev/null || tr " " "\\n" </proc/cmdline | grep -v -e "^BOOT_IMAGE=" -e "^initrd=" || true)`,
  'mkdir -p /etc/kernel',
  `with_args "$current" >${KERNEL_INSTALL_CMDLINE_FILE}.kubenode`,
  `mv ${KERNEL_INSTALL_CMDLINE_FILE}.kubenode ${KERNEL_INSTALL_CMDLINE_FILE}`,
  'for entry in "$boot"/loader/entries/*.conf; do',
  '  [ -f "$entry" ] || continue',
  '  options=$(sed -n "s/^options[[:space:]]*//p" "$entry")',
  '  { grep -v "^options[[:space:]]" "$entry" || true; printf "options %s\\n" "$(with_args "$options")"; } >"$entry.kubenode"',
  '  mv "$entry.kubenode" "$entry"',
  'done',
  '',
].join('\n');

/** How a node's kernel arguments are written and applied (see {@link renderNodeKernelArgs}). */
export interface NodeKernelArgs {
  /** Files written with the rest of the configuration. */
  readonly files: readonly OsFileV1[];
  /** The first-boot command (argv) that makes the next boot use the arguments. */
  readonly command: readonly string[];
  /**
   * The `power_state` condition (shell): the join succeeded (`sentinel` exists) and the running
   * kernel lacks one of the arguments. An image that already boots with them (built with them,
   * e.g. by `kubenode build`) is not rebooted.
   */
  readonly rebootCondition: string;
}

/**
 * `spec.os.kernelArgs` for a cloud-init node, per boot loader: on GRUB, a drop-in in
 * /etc/default/grub.d appending them to `GRUB_CMDLINE_LINUX`, and `update-grub`; on systemd-boot,
 * a script ({@link SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT}, run with the arguments as its parameters)
 * that adds the missing ones to /etc/kernel/cmdline and to the Boot Loader Specification entries (see {@link withKernelArgs}: no argument twice). Either way the arguments
 * take effect at the next boot, which the `power_state` condition asks for only when the running
 * kernel lacks one. Undefined without arguments.
 *
 * Kernel arguments never hold white space, quotes or shell characters (the NodePool schema
 * refuses them); the reboot condition quotes each one anyway.
 */
export function renderNodeKernelArgs(
  kernelArgs: readonly string[],
  bootLoader: NodeBootLoader,
  sentinel: string,
): NodeKernelArgs | undefined {
  if (kernelArgs.length === 0) return undefined;
  const quoted = kernelArgs.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
  const rebootCondition = `test -f ${sentinel} && for a in ${quoted}; do case " $(cat /proc/cmdline) " in *" $a "*) ;; *) exit 0 ;; esac; done; exit 1`;
  if (bootLoader === 'systemd-boot') {
    return {
      files: [osFile(SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT, SYSTEMD_BOOT_SCRIPT, { mode: 0o755 })],
      command: ['sh', SYSTEMD_BOOT_KERNEL_ARGS_SCRIPT, ...kernelArgs],
      rebootCondition,
    };
  }
  return {
    files: [
      osFile(
        GRUB_KERNEL_ARGS_FILE,
        `# Written by kubenode: spec.os.kernelArgs\nGRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX ${kernelArgs.join(' ')}"\n`,
      ),
    ],
    command: ['update-grub'],
    rebootCondition,
  };
}
