import { describe, expect, it } from 'vitest';
import { ExternalToolError } from '../../errors/external-tool-error.js';
import type { ExecRequest } from '../exec-function.js';
import { runQemuBoot } from './run-qemu-boot.js';

describe('runQemuBoot', () => {
  it('boots with TCG, OVMF, a snapshot disk, the extra disks and restricted networking; streams the console', async () => {
    const seen: ExecRequest[] = [];
    const lines: string[] = [];
    const result = await runQemuBoot({
      disk: '/images/disk.qcow2',
      diskFormat: 'qcow2',
      extraDisks: ['/images/seed.img'],
      firmware: '/dev/null',
      timeoutMs: 1000,
      onLine: (line) => lines.push(line),
      exec: async (request) => {
        seen.push(request);
        request.onLine?.('hello from ttyS0', 'stdout');
        request.onLine?.('qemu warning', 'stderr');
        return { kind: 'exited', exitCode: 0, stdout: 'hello from ttyS0\n', stderr: '' };
      },
    });
    expect(result).toEqual({ console: 'hello from ttyS0\n', timedOut: false, exitCode: 0 });
    expect(lines).toEqual(['hello from ttyS0']);
    const args = seen[0]!.args.join(' ');
    expect(seen[0]!.command).toBe('qemu-system-x86_64');
    expect(args).toContain('-accel tcg,thread=multi');
    expect(args).toContain('-bios /dev/null');
    expect(args).toContain('-drive file=/images/disk.qcow2,format=qcow2,if=virtio,snapshot=on');
    expect(args).toContain('-drive file=/images/seed.img,format=raw,if=virtio,readonly=on');
    expect(args).toContain('-nic user,model=virtio-net-pci,restrict=on');
    expect(args).toContain('-no-reboot');
  });

  it('reports missing firmware and a missing qemu with their Debian packages, and a timeout as such', async () => {
    const noFirmware = await runQemuBoot({
      disk: 'd',
      diskFormat: 'raw',
      firmware: '/nonexistent/OVMF.fd',
      timeoutMs: 1,
      exec: async () => ({ kind: 'not-found' }),
    }).catch((error: unknown) => error);
    expect(ExternalToolError.isInstance(noFirmware) && noFirmware.debianPackage).toBe('ovmf');
    const noQemu = await runQemuBoot({
      disk: 'd',
      diskFormat: 'raw',
      firmware: '/dev/null',
      timeoutMs: 1,
      exec: async () => ({ kind: 'not-found' }),
    }).catch((error: unknown) => error);
    expect(ExternalToolError.isInstance(noQemu) && noQemu.debianPackage).toBe('qemu-system-x86');
    const timedOut = await runQemuBoot({
      disk: 'd',
      diskFormat: 'raw',
      firmware: '/dev/null',
      timeoutMs: 1,
      exec: async () => ({ kind: 'timed-out', stdout: 'partial', stderr: '' }),
    });
    expect(timedOut).toEqual({ console: 'partial', timedOut: true, exitCode: undefined });
  });
});
