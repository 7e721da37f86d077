import { existsSync } from 'node:fs';
import { ExternalToolError } from '../../errors/external-tool-error.js';
import { buildTool } from '../build-tools.js';
import type { ExecFunction } from '../exec-function.js';

/** Where Debian's `ovmf` package puts the combined UEFI firmware image. */
export const OVMF_FIRMWARE = '/usr/share/ovmf/OVMF.fd';

/** Options of {@link runQemuBoot}. */
export interface RunQemuBootOptions {
  /** The disk to boot (not modified: it is opened with `snapshot=on`). */
  readonly disk: string;
  /** Its format. */
  readonly diskFormat: 'raw' | 'qcow2';
  /** Extra read-only raw disks, e.g. a NoCloud seed. */
  readonly extraDisks?: readonly string[];
  /** UEFI firmware (default {@link OVMF_FIRMWARE}). */
  readonly firmware?: string;
  /** Guest memory in MiB (default 2048). */
  readonly memoryMiB?: number;
  /** Virtual CPUs (default 2). */
  readonly cpus?: number;
  /** Kills the VM after this many milliseconds; the result then says `timedOut`. */
  readonly timeoutMs: number;
  /** Receives each serial-console line as it arrives. */
  readonly onLine?: (line: string) => void;
  /** Runs qemu-system-x86_64. */
  readonly exec: ExecFunction;
  readonly signal?: AbortSignal;
}

/** How the VM ended and what its serial console printed. */
export interface QemuBootResult {
  /** Everything the serial console printed. */
  readonly console: string;
  /** True when the guest did not power off before `timeoutMs`. */
  readonly timedOut: boolean;
  /** qemu's exit code (0 after a guest power-off). */
  readonly exitCode: number | undefined;
}

/**
 * Boots an x86-64 UEFI disk image under QEMU with TCG software emulation (no KVM needed): q35,
 * OVMF, virtio disk (snapshot: the image is not written), user-mode networking restricted to
 * the host (no outside access), serial console on stdout, no reboot (a guest power-off ends QEMU).
 *
 * @throws {ExternalToolError} when qemu-system-x86 or the OVMF firmware is missing.
 */
export async function runQemuBoot(options: RunQemuBootOptions): Promise<QemuBootResult> {
  const firmware = options.firmware ?? OVMF_FIRMWARE;
  if (!existsSync(firmware)) {
    throw new ExternalToolError({
      tool: firmware,
      failure: 'missing',
      debianPackage: 'ovmf',
      detail: 'UEFI firmware needed to boot the image',
    });
  }
  const args = [
    '-machine',
    'q35',
    '-accel',
    'tcg,thread=multi',
    '-cpu',
    'max',
    '-m',
    String(options.memoryMiB ?? 2048),
    '-smp',
    String(options.cpus ?? 2),
    '-bios',
    firmware,
    '-drive',
    `file=${options.disk},format=${options.diskFormat},if=virtio,snapshot=on`,
    ...(options.extraDisks ?? []).flatMap((disk) => [
      '-drive',
      `file=${disk},format=raw,if=virtio,readonly=on`,
    ]),
    '-nic',
    'user,model=virtio-net-pci,restrict=on',
    '-display',
    'none',
    '-monitor',
    'none',
    '-serial',
    'stdio',
    '-no-reboot',
  ];
  const tool = buildTool('qemu-system-x86_64');
  const result = await options.exec({
    command: tool.name,
    args,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onLine: options.onLine ? (line, stream) => stream === 'stdout' && options.onLine?.(line) : undefined,
  });
  switch (result.kind) {
    case 'not-found':
      throw new ExternalToolError({
        tool: tool.name,
        failure: 'missing',
        debianPackage: tool.debianPackage,
        detail: `needed to ${tool.purpose}`,
      });
    case 'exited':
      if (result.exitCode !== 0 && result.stdout === '') {
        throw new ExternalToolError({
          tool: tool.name,
          failure: 'failed',
          exitCode: result.exitCode,
          detail: result.stderr.trim().split('\n').slice(-5).join('\n'),
        });
      }
      return { console: result.stdout, timedOut: false, exitCode: result.exitCode };
    case 'timed-out':
      return { console: result.stdout, timedOut: true, exitCode: undefined };
    case 'signalled':
      return { console: result.stdout, timedOut: false, exitCode: undefined };
  }
}
